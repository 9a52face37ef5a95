"""The evidence document "Bukti Dukung Indikator Partisipasi Anak" as an A4
PDF, from the same tables as the admin report and its exports.

WeasyPrint renders it without touching the network: fonts come from the
system (DejaVu, Debian's fonts-dejavu-core), images are inlined as data:
URIs, and the URL fetcher refuses anything that is not a data: URI or a
file inside the project's static folder or the system font folder."""

import base64
import mimetypes
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from portal.core.models import portal_settings

from .tables import build_tables

LOCAL_ROOTS = [
    Path(settings.BASE_DIR) / "static",
    Path("/usr/share/fonts"),
]


def _allowed_file(url):
    path = Path(url.removeprefix("file://")).resolve()
    return any(path.is_relative_to(root.resolve()) for root in LOCAL_ROOTS)


def local_url_fetcher():
    """A WeasyPrint fetcher that refuses every non-local URL."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or (
                url.startswith("file://") and _allowed_file(url)
            ):
                return super().fetch(url, headers)
            raise ValueError(f"Refused non-local URL in PDF: {url[:80]}")

    return LocalOnlyFetcher(allowed_protocols=("data", "file"))


def _data_uri(path):
    mime = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
    encoded = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f"data:{mime};base64,{encoded}"


def _logo(identity):
    image = getattr(identity, "logo", None)
    if image is not None:
        try:
            with image.file.open("rb") as handle:
                data = handle.read()
            mime = mimetypes.guess_type(image.file.name)[0] or "image/png"
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        except (OSError, ValueError):
            pass
    fallback = Path(settings.BASE_DIR) / "static" / "img" / "logo.svg"
    return _data_uri(fallback) if fallback.exists() else ""


def render_html(report):
    identity = portal_settings()
    return render_to_string(
        "evidence/pdf.html",
        {
            "report": report,
            "tables": build_tables(report, with_ideas=False, release=True),
            "identity": identity,
            "logo": _logo(identity),
            "printed_on": timezone.localdate(),
        },
    )


def _import_weasyprint():
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole
    process when it is imported; the photo checks of proposals/images.py
    need it off (a truncated upload must be refused), so turn it back."""
    from PIL import ImageFile

    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint

    ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    return weasyprint


def render_pdf(report):
    HTML = _import_weasyprint().HTML  # noqa: N806

    html = render_html(report)
    return HTML(
        string=html,
        base_url=str(Path(settings.BASE_DIR) / "static") + "/",
        url_fetcher=local_url_fetcher(),
    ).write_pdf()
