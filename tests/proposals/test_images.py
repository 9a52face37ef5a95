"""Tests for proposals.images: a child's photo is re-encoded, metadata-free.

Every fixture is built here with Pillow; no mocks, no database.
"""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from proposals.images import (
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    RENDITION_WIDTHS,
    PhotoError,
    SanitisedPhoto,
    sanitise_photo,
)

TOO_BIG = "Foto terlalu besar. Paling besar 5 MB."
NOT_A_PHOTO = "Berkas ini bukan foto JPG, PNG, atau WebP."
TOO_MANY_PIXELS = "Ukuran gambar terlalu besar (piksel)"
BROKEN = "Foto ini rusak atau tidak lengkap"

GPS_IFD = 0x8825
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
    b'xmp:CreatorTool="HP Murah"/></rdf:RDF></x:xmpmeta>'
)


# --- fixture builders ------------------------------------------------------


def picture(width, height, mode="RGB"):
    """A smooth, deterministic picture (gradients compress predictably)."""
    horizontal = Image.linear_gradient("L").rotate(90).resize((width, height))
    vertical = Image.linear_gradient("L").resize((width, height))
    flat = Image.new("L", (width, height), 90)
    img = Image.merge("RGB", (horizontal, vertical, flat))
    return img.convert(mode) if mode != "RGB" else img


def encode(img, fmt, **params):
    out = io.BytesIO()
    img.save(out, format=fmt, **params)
    return out.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PonselMurah"  # Make
    exif[0x0110] = "PM-1"  # Model
    exif[0x0132] = "2024:08:17 07:30:00"  # DateTime
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (0.0, 54.0, 36.0)  # GPSLatitude (Bengkayang)
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (109.0, 28.0, 48.0)  # GPSLongitude
    gps[27] = b"ASCII\x00\x00\x00GPS"  # GPSProcessingMethod
    return exif


def srgb_icc():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def png_header_only(width, height):
    """A PNG that only *declares* its size: a few hundred bytes, no real pixels."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def upload(data, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def assert_clean(data):
    """No EXIF, GPS, XMP, ICC profile or comment in these JPEG bytes."""
    assert data[:3] == b"\xff\xd8\xff"
    for marker in (b"Exif", b"GPS", b"http://ns.adobe.com/xap", b"ICC_PROFILE"):
        assert marker not in data
    for forbidden in (b"PonselMurah", b"PM-1", b"2024:08:17", b"rahasia"):
        assert forbidden not in data
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "JPEG"
        assert img.mode == "RGB"
        assert len(img.getexif()) == 0
        for key in ("exif", "xmp", "icc_profile", "comment"):
            assert key not in img.info
        img.load()


def opened(data):
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def refused(data, **upload_kwargs):
    with pytest.raises(PhotoError) as caught:
        sanitise_photo(upload(data, **upload_kwargs))
    return str(caught.value)


# --- metadata --------------------------------------------------------------


def test_gps_tagged_jpeg_comes_out_without_any_metadata():
    source = encode(
        picture(1600, 1200),
        "JPEG",
        exif=gps_exif(),
        xmp=XMP,
        icc_profile=srgb_icc(),
        comment=b"rahasia: rumah Bunga",
    )
    # The fixture really carries everything we want gone.
    with Image.open(io.BytesIO(source)) as img:
        exif = img.getexif()
        assert exif[0x010F] == "PonselMurah"
        assert exif.get_ifd(GPS_IFD)[1] == "N"
        assert "xmp" in img.info and "icc_profile" in img.info
        assert "comment" in img.info
    assert b"Exif" in source and b"GPS" in source
    assert b"http://ns.adobe.com/xap" in source

    photo = sanitise_photo(upload(source))

    assert isinstance(photo, SanitisedPhoto)
    assert photo.content_type == "image/jpeg"
    assert (photo.width, photo.height) == (1600, 1200)
    assert_clean(photo.original)
    assert set(photo.renditions) == {480, 960}
    for data in photo.renditions.values():
        assert_clean(data)


def test_webp_with_exif_is_accepted_and_cleaned():
    source = encode(picture(800, 600), "WEBP", exif=gps_exif(), quality=90)
    with Image.open(io.BytesIO(source)) as img:
        assert img.format == "WEBP"
        assert img.getexif().get_ifd(GPS_IFD)
    photo = sanitise_photo(upload(source, name="foto.webp"))
    assert (photo.width, photo.height) == (800, 600)
    assert_clean(photo.original)
    for data in photo.renditions.values():
        assert_clean(data)


def test_png_with_exif_and_text_is_cleaned():
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "rahasia: sekolah Bunga")
    source = encode(picture(640, 480), "PNG", exif=gps_exif(), pnginfo=text)
    assert b"rahasia" in source
    photo = sanitise_photo(upload(source, name="foto.png"))
    assert_clean(photo.original)


# --- orientation -----------------------------------------------------------


def test_orientation_6_photo_comes_out_upright():
    # Stored sideways, as a phone does: left half red, right half blue.
    img = Image.new("RGB", (800, 400), (220, 0, 0))
    img.paste((0, 0, 220), (400, 0, 800, 400))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    source = encode(img, "JPEG", exif=exif, quality=95)

    photo = sanitise_photo(upload(source))

    assert (photo.width, photo.height) == (400, 800)
    result = opened(photo.original)
    assert result.size == (400, 800)
    # Rotated clockwise: what was on the left is now on top.
    red, green, blue = result.getpixel((200, 200))
    assert red > 180 and blue < 60
    red, green, blue = result.getpixel((200, 600))
    assert blue > 180 and red < 60
    assert_clean(photo.original)
    assert opened(photo.renditions[RENDITION_WIDTHS[0]]).size == (400, 800)


# --- accepted formats ------------------------------------------------------


def test_png_with_alpha_is_flattened_on_white():
    img = Image.new("RGBA", (600, 400), (0, 0, 0, 0))  # fully transparent
    img.paste((0, 120, 0, 255), (0, 0, 300, 400))  # opaque green left half
    source = encode(img, "PNG")

    photo = sanitise_photo(upload(source, name="gambar.png"))

    result = opened(photo.original)
    assert result.mode == "RGB"
    assert all(channel > 245 for channel in result.getpixel((450, 200)))
    red, green, blue = result.getpixel((150, 200))
    assert green > 90 and red < 30 and blue < 30
    assert_clean(photo.original)


def test_palette_png_with_transparency_is_flattened_on_white():
    img = Image.new("P", (500, 300), 0)
    img.putpalette([0, 0, 0, 200, 30, 30] + [0] * (254 * 3))
    img.paste(1, (0, 0, 250, 300))
    source = encode(img, "PNG", transparency=0)
    result = opened(sanitise_photo(upload(source)).original)
    assert all(channel > 245 for channel in result.getpixel((400, 150)))
    assert result.getpixel((100, 150))[0] > 150


def test_greyscale_16_bit_png_keeps_its_tone():
    img = Image.new("I;16", (500, 300), 100 * 256)
    source = encode(img, "PNG")
    result = opened(sanitise_photo(upload(source)).original)
    red, green, blue = result.getpixel((250, 150))
    assert 90 <= red <= 110 and red == green == blue


def test_cmyk_jpeg_is_converted_to_rgb():
    source = encode(picture(700, 500, mode="CMYK"), "JPEG")
    photo = sanitise_photo(upload(source))
    assert_clean(photo.original)


def test_icc_profile_is_applied_then_dropped():
    source = encode(picture(640, 480), "JPEG", icc_profile=srgb_icc())
    assert b"ICC_PROFILE" in source
    assert_clean(sanitise_photo(upload(source)).original)


def test_webp_without_metadata_is_accepted():
    source = encode(picture(500, 500), "WEBP", lossless=True)
    photo = sanitise_photo(upload(source, name="x.webp", content_type="image/webp"))
    assert (photo.width, photo.height) == (500, 500)
    assert_clean(photo.original)


# --- refused by content ----------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Halo, ini bukan foto.\n" * 10, id="text"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
            b'width="10" height="10"><script>alert(1)</script></svg>',
            id="svg",
        ),
        pytest.param(
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            id="html",
        ),
        pytest.param(b"", id="empty"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 100, id="zip"),
    ],
)
def test_non_images_named_foto_jpg_are_refused(data):
    assert refused(data, name="foto.jpg", content_type="image/jpeg") == NOT_A_PHOTO


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO"])
def test_other_image_formats_are_refused(fmt):
    source = encode(picture(64, 64), fmt)
    assert refused(source, name="foto.jpg") == NOT_A_PHOTO


def test_photo_error_is_a_value_error_with_the_message():
    with pytest.raises(ValueError, match="bukan foto"):
        sanitise_photo(io.BytesIO(b"bukan foto"))


# --- byte size -------------------------------------------------------------


def test_more_than_5_mb_is_refused():
    data = b"\xff\xd8\xff\xe0" + b"\x00" * MAX_UPLOAD_BYTES  # 5 MB + 4 bytes
    assert refused(data) == TOO_BIG


def test_exactly_5_mb_is_accepted():
    jpeg = encode(picture(600, 400), "JPEG")
    data = jpeg + b"\x00" * (MAX_UPLOAD_BYTES - len(jpeg))
    assert len(data) == MAX_UPLOAD_BYTES
    photo = sanitise_photo(upload(data))
    assert len(photo.original) < 200_000


class CountingStream:
    """A file-like object that lies about (or lacks) .size and counts reads."""

    def __init__(self, data=b"", *, endless=False, size=None, seekable=True):
        self.data = data
        self.endless = endless
        self.position = 0
        self.bytes_read = 0
        if size is not None:
            self.size = size
        if seekable:
            self.seek = self._seek

    def _seek(self, position, whence=0):
        self.position = position

    def read(self, n=-1):
        if n is None or n < 0:
            raise AssertionError("sanitise_photo must never read without a limit")
        if self.endless:
            chunk = b"\xff" * n
        else:
            chunk = self.data[self.position : self.position + n]
        self.position += len(chunk)
        self.bytes_read += len(chunk)
        return chunk


def test_declared_size_over_the_limit_is_refused_without_reading():
    stream = CountingStream(b"whatever", size=MAX_UPLOAD_BYTES + 1)
    with pytest.raises(PhotoError, match=TOO_BIG):
        sanitise_photo(stream)
    assert stream.bytes_read == 0


def test_lying_size_never_reads_more_than_the_limit_plus_one():
    stream = CountingStream(endless=True, size=1000)
    with pytest.raises(PhotoError, match=TOO_BIG):
        sanitise_photo(stream)
    assert stream.bytes_read == MAX_UPLOAD_BYTES + 1


def test_non_seekable_stream_without_size_works():
    stream = CountingStream(encode(picture(300, 200), "PNG"), seekable=False)
    photo = sanitise_photo(stream)
    assert (photo.width, photo.height) == (300, 200)


# --- pixel size / decompression bombs --------------------------------------


def test_huge_dimensions_of_a_single_colour_are_refused():
    # 12000 x 3000 of one colour compresses to a tiny file.
    source = encode(Image.new("1", (12000, 3000), 1), "PNG")
    assert len(source) < 100_000
    assert refused(source, name="foto.png").startswith(TOO_MANY_PIXELS)


@pytest.mark.parametrize(
    "size",
    [
        pytest.param((50_000, 50_000), id="pillow-bomb-error"),
        pytest.param((10_000, 10_000), id="pillow-bomb-warning"),
        pytest.param((5_000, 5_000), id="over-max-pixels"),
        pytest.param((10_001, 100), id="side-too-long"),
        pytest.param((100, 10_001), id="height-too-long"),
    ],
)
def test_crafted_png_header_is_refused_before_decoding(size):
    source = png_header_only(*size)
    assert len(source) < 200
    # The pixel message (not "rusak") proves the refusal came from the
    # declared size, before any attempt to decode (and allocate) the pixels.
    assert refused(source).startswith(TOO_MANY_PIXELS)


def test_bomb_is_refused_even_with_pillows_global_limit_disabled(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    assert refused(png_header_only(50_000, 50_000)).startswith(TOO_MANY_PIXELS)
    assert refused(png_header_only(6_000, 4_001)).startswith(TOO_MANY_PIXELS)


def test_limit_is_max_pixels():
    assert 6_000 * 4_000 == MAX_PIXELS
    photo = sanitise_photo(upload(encode(Image.new("1", (6_000, 4_000)), "PNG")))
    assert (photo.width, photo.height) == (2048, 1365)


# --- corrupt / polyglot ----------------------------------------------------


def test_truncated_jpeg_is_refused():
    source = encode(picture(800, 600), "JPEG")
    assert refused(source[: len(source) // 2]).startswith(BROKEN)


def test_truncated_png_is_refused():
    source = encode(picture(800, 600), "PNG")
    assert refused(source[: len(source) // 2], name="foto.png").startswith(BROKEN)


def test_polyglot_payload_is_gone_after_reencoding():
    html = b"<html><body><script>alert('polyglot')</script></body></html>"
    zip_tail = b"PK\x05\x06" + b"\x00" * 18
    source = encode(picture(700, 500), "JPEG", exif=gps_exif()) + html + zip_tail
    assert html in source

    photo = sanitise_photo(upload(source))

    for data in (photo.original, *photo.renditions.values()):
        assert b"<script>" not in data
        assert b"polyglot" not in data
        assert b"PK\x05\x06" not in data
        assert data.endswith(b"\xff\xd9")  # nothing after the JPEG end marker
        assert_clean(data)


# --- sizes and renditions --------------------------------------------------


def widths(photo):
    return {key: opened(data).size for key, data in photo.renditions.items()}


def test_1600_wide_gets_480_and_960_renditions():
    photo = sanitise_photo(upload(encode(picture(1600, 1000), "JPEG")))
    assert (photo.width, photo.height) == (1600, 1000)
    assert widths(photo) == {480: (480, 300), 960: (960, 600)}
    assert list(photo.renditions) == [480, 960]


def test_700_wide_gets_only_the_480_rendition():
    photo = sanitise_photo(upload(encode(picture(700, 350), "PNG")))
    assert widths(photo) == {480: (480, 240)}


@pytest.mark.parametrize("width", [300, 480])
def test_narrow_photo_is_never_upscaled(width):
    photo = sanitise_photo(upload(encode(picture(width, 200), "JPEG")))
    assert (photo.width, photo.height) == (width, 200)
    # The smallest rendition always exists; for a narrow photo it is the photo
    # at its own size, not stretched to 480 px.
    assert widths(photo) == {480: (width, 200)}


def test_960_wide_gets_only_480():
    photo = sanitise_photo(upload(encode(picture(960, 540), "JPEG")))
    assert widths(photo) == {480: (480, 270)}


def test_large_photo_is_capped_at_2048_on_the_longest_side():
    landscape = sanitise_photo(upload(encode(picture(4000, 3000), "JPEG")))
    assert (landscape.width, landscape.height) == (2048, 1536)
    assert opened(landscape.original).size == (2048, 1536)
    assert widths(landscape) == {480: (480, 360), 960: (960, 720)}

    portrait = sanitise_photo(upload(encode(picture(1500, 3000), "PNG")))
    assert (portrait.width, portrait.height) == (1024, 2048)
    assert opened(portrait.original).size == (1024, 2048)


def test_original_is_progressive_jpeg():
    photo = sanitise_photo(upload(encode(picture(1200, 800), "PNG")))
    assert opened(photo.original).info.get("progressive")
    assert opened(photo.renditions[480]).info.get("progressive")


# --- Django uploads --------------------------------------------------------


def test_simple_uploaded_file_works_even_after_being_read():
    source = encode(picture(640, 480), "JPEG", exif=gps_exif())
    uploaded = SimpleUploadedFile("IMG_0001.JPG", source, content_type="image/jpeg")
    uploaded.read()  # e.g. a form already looked at it: we seek back to 0
    photo = sanitise_photo(uploaded)
    assert (photo.width, photo.height) == (640, 480)
    assert_clean(photo.original)


def test_declared_content_type_and_name_are_ignored():
    source = encode(picture(320, 240), "PNG")
    uploaded = SimpleUploadedFile("catatan.txt", source, content_type="text/plain")
    assert sanitise_photo(uploaded).content_type == "image/jpeg"


def test_a_truncated_photo_is_refused_even_after_weasyprint_was_imported():
    """WeasyPrint (the KLA evidence PDF) turns Pillow's LOAD_TRUNCATED_IMAGES
    on for the whole process when imported; the checks must not rely on it."""
    from PIL import ImageFile

    from portal.evidence.pdf import _import_weasyprint

    _import_weasyprint()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as a plain `import weasyprint` leaves it
    try:
        source = encode(picture(800, 600), "JPEG")
        assert refused(source[: len(source) // 2]).startswith(BROKEN)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
