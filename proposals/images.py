"""Sanitising the optional photo a child attaches to an idea.

Privacy first: a phone photo carries EXIF (GPS position, time, device), XMP,
comments and sometimes bytes appended after the image (polyglots). Nothing of
the upload is ever kept as-is: :func:`sanitise_photo` decodes the pixels and
re-encodes them into fresh JPEG bytes with no metadata at all. Call it BEFORE
anything is written to storage and store only what it returns.

The type is judged by content (Pillow's detected format), never by the file
name or the content type declared by the browser. Size limits are checked
before the pixels are decoded, so a decompression bomb is refused without
allocating memory for it.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext
from PIL import Image, ImageFile, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000  # refuse larger (decompression-bomb safe)
MAX_SIDE = 10_000  # also refuse any side longer than this many pixels
MAX_STORED_SIDE = 2048  # the stored original's longest side, in pixels
RENDITION_WIDTHS = (480, 960)  # responsive renditions for phones

ORIGINAL_QUALITY = 85
RENDITION_QUALITY = 80
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")

_READ_CHUNK = 64 * 1024


class PhotoError(ValueError):
    """Raised with a friendly Indonesian message (``str(exc)``) for the child."""


@dataclass
class SanitisedPhoto:
    """A re-encoded, metadata-free photo, ready to be stored.

    ``original`` is always a JPEG (alpha flattened onto white), longest side at
    most ``MAX_STORED_SIDE``; ``width``/``height`` are its dimensions, upright.

    ``renditions`` maps a width from ``RENDITION_WIDTHS`` to JPEG bytes. It holds
    every width that is smaller than ``width`` (downscaled, aspect kept). Images
    are never upscaled, so the smallest width ``RENDITION_WIDTHS[0]`` is always
    present: when the photo is no wider than that, its entry is the photo at its
    own size (``width`` x ``height``), re-encoded at rendition quality. Callers
    can therefore always rely on ``renditions[RENDITION_WIDTHS[0]]``.
    """

    original: bytes
    width: int
    height: int
    content_type: str
    renditions: dict[int, bytes]


def _too_big() -> PhotoError:
    return PhotoError(gettext("Foto terlalu besar. Paling besar 5 MB."))


def _not_a_photo() -> PhotoError:
    return PhotoError(gettext("Berkas ini bukan foto JPG, PNG, atau WebP."))


def _too_many_pixels() -> PhotoError:
    return PhotoError(
        gettext(
            "Ukuran gambar terlalu besar (piksel). "
            "Coba kirim foto yang lebih kecil atau potong dulu fotonya."
        )
    )


def _broken() -> PhotoError:
    return PhotoError(
        gettext("Foto ini rusak atau tidak lengkap. Coba pilih atau ambil foto lagi.")
    )


def _read_limited(uploaded) -> bytes:
    """Read at most ``MAX_UPLOAD_BYTES + 1`` bytes; refuse anything bigger."""
    declared = getattr(uploaded, "size", None)
    if isinstance(declared, int) and declared > MAX_UPLOAD_BYTES:
        raise _too_big()

    seek = getattr(uploaded, "seek", None)
    if callable(seek):
        try:
            seek(0)
        except (OSError, ValueError):
            pass  # not seekable: read from wherever the stream is

    limit = MAX_UPLOAD_BYTES + 1
    buffer = bytearray()
    while len(buffer) < limit:
        chunk = uploaded.read(min(_READ_CHUNK, limit - len(buffer)))
        if not chunk:
            break
        buffer += chunk
    if len(buffer) > MAX_UPLOAD_BYTES:
        raise _too_big()
    return bytes(buffer)


def _check_dimensions(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise _broken()
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _too_many_pixels()


def _target_size(size: tuple[int, int], longest: int) -> tuple[int, int]:
    """``size`` scaled down (never up) so that its longest side <= ``longest``."""
    width, height = size
    if max(width, height) <= longest:
        return width, height
    factor = longest / max(width, height)
    return max(1, round(width * factor)), max(1, round(height * factor))


def _to_srgb(img: Image.Image) -> Image.Image:
    """Convert colours to sRGB using the embedded ICC profile, if any.

    The profile is dropped from the output, so without this a wide-gamut
    (e.g. Display P3) or CMYK photo would come out with shifted colours.
    Best effort: on any problem the pixels are used as they are.
    """
    icc = img.info.get("icc_profile")
    if not icc or img.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return img
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        output_mode = "RGBA" if img.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            img, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except Exception:  # noqa: BLE001 - a bad profile must not reject the photo
        return img
    return converted if converted is not None else img


def _to_rgb(img: Image.Image) -> Image.Image:
    """RGB pixels; transparency is flattened onto a white background."""
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit greyscale PNG: scale to 8 bits instead of clipping to white.
        img = img.convert("I").point(lambda value: value / 256).convert("L")

    has_alpha = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        "transparency" in img.info
    )
    if has_alpha:
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if img.mode != "RGB":
        return img.convert("RGB")
    return img


def _encode_jpeg(img: Image.Image, quality: int) -> bytes:
    img.info.clear()  # Pillow would copy a JPEG comment from here
    out = io.BytesIO()
    img.save(
        out,
        format="JPEG",
        quality=quality,
        optimize=True,
        progressive=True,
        exif=b"",
        comment=b"",
    )
    return out.getvalue()


def _decode(data: bytes) -> Image.Image:
    """Open, check and decode the upload; returns an upright RGB image."""
    if not data:
        raise _not_a_photo()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
            if img.format not in ACCEPTED_FORMATS:
                raise _not_a_photo()
            # Judge the declared dimensions BEFORE any pixel is decoded.
            _check_dimensions(img.size)
            # Never accept a truncated file, whatever another library set
            # globally (WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on
            # when it is imported, for every image in the process).
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            if img.format == "JPEG":
                # Let libjpeg decode big photos at 1/2, 1/4 or 1/8 scale
                # (still at least the stored size): far less memory.
                img.draft("RGB", _target_size(img.size, MAX_STORED_SIDE))
            img.load()
    except PhotoError:
        raise
    except Image.UnidentifiedImageError as exc:
        raise _not_a_photo() from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise _broken() from exc

    try:
        # Upright the photo while its EXIF orientation is still known.
        upright = ImageOps.exif_transpose(img)
    except Exception:  # noqa: BLE001 - broken EXIF: keep the pixels as they are
        upright = img
    try:
        return _to_rgb(_to_srgb(upright))
    except (OSError, ValueError) as exc:
        raise _broken() from exc


def sanitise_photo(uploaded) -> SanitisedPhoto:
    """Check and re-encode an uploaded photo; raise :class:`PhotoError` if unfit.

    ``uploaded`` is a Django ``UploadedFile`` or any binary file-like object
    with ``.read()``/``.seek()`` and optionally ``.size``/``.name`` (the name is
    ignored: the type is judged by content). At most ``MAX_UPLOAD_BYTES + 1``
    bytes are read. Accepted: JPEG, PNG and WebP (first frame if animated),
    at most ``MAX_PIXELS`` pixels and ``MAX_SIDE`` px per side.

    The result holds only re-encoded JPEG bytes without EXIF, GPS, XMP, ICC
    profile or comments; bytes appended after the image are gone. The EXIF
    orientation is applied first, so the photo is upright. See
    :class:`SanitisedPhoto` for the renditions.
    """
    data = _read_limited(uploaded)
    img = _decode(data)
    del data

    size = _target_size(img.size, MAX_STORED_SIDE)
    if size != img.size:
        img = img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    width, height = img.size

    renditions: dict[int, bytes] = {}
    for target in RENDITION_WIDTHS:
        if target < width:
            rendition_height = max(1, round(height * target / width))
            smaller = img.resize(
                (target, rendition_height), Image.Resampling.LANCZOS, reducing_gap=3.0
            )
            renditions[target] = _encode_jpeg(smaller, RENDITION_QUALITY)
    smallest = RENDITION_WIDTHS[0]
    if smallest not in renditions:
        # Never upscale: a narrow photo is its own smallest rendition.
        renditions[smallest] = _encode_jpeg(img.copy(), RENDITION_QUALITY)

    return SanitisedPhoto(
        original=_encode_jpeg(img, ORIGINAL_QUALITY),
        width=width,
        height=height,
        content_type="image/jpeg",
        renditions=dict(sorted(renditions.items())),
    )


__all__ = [
    "MAX_PIXELS",
    "MAX_UPLOAD_BYTES",
    "RENDITION_WIDTHS",
    "PhotoError",
    "SanitisedPhoto",
    "sanitise_photo",
]
