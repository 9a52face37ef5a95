"""The report in the Wagtail admin, its XLSX, CSV and PDF, and who may see it."""

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import Site

from portal.accounts import roles
from portal.core.models import PortalSettings
from portal.evidence import pdf
from portal.evidence.metrics import compute_report
from tests.evidence.conftest import PAGU
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

URL = "/admin/laporan-kla/"


def rupiah(n):
    return "Rp " + f"{n:,}".replace(",", ".")


@pytest.fixture
def bappeda_client(client, world):
    client.force_login(world.staff["bappeda"])
    return client


@pytest.mark.parametrize("role", [roles.MODERATOR, roles.BAPPEDA, roles.ADMIN])
def test_moderator_bappeda_and_admin_see_the_report_and_its_menu_item(
    client, world, role
):
    client.force_login(make_staff(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Laporan KLA" in response.content.decode()
    home = client.get("/admin/").content.decode()
    assert URL in home


@pytest.mark.parametrize("role", [roles.FASILITATOR, roles.OPD, roles.PERLINDUNGAN])
def test_other_staff_get_403_and_no_menu_item(client, world, role):
    client.force_login(make_staff(role))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "unduh.pdf").status_code == 403
    assert URL not in client.get("/admin/").content.decode()


def test_children_and_visitors_never_reach_the_report(client, world):
    assert client.get(URL).status_code in (302, 403)
    client.force_login(world.children["ani"])
    assert client.get(URL).status_code in (302, 403)
    assert client.get(URL + "unduh.xlsx").status_code in (302, 403)


def test_admin_page_shows_exact_small_counts_and_no_child(bappeda_client, world):
    html = bappeda_client.get(URL + f"?year={world.cycle.year}").content.decode()
    assert "Perpustakaan desa Lesabela" in html
    assert "&lt;5" not in html and "<5" not in html  # staff see exact numbers
    assert "150.000.000" in html
    for child in world.children.values():
        assert child.username not in html
    assert bappeda_client.get(URL + "?year=1999").status_code == 404


def test_old_report_links_still_work(bappeda_client, world):
    """Before the glossary the report took ``?siklus=`` (and ``semua``)."""
    year = world.cycle.year
    response = bappeda_client.get(URL + f"?siklus={year}")
    assert (response.status_code, response["Location"]) == (301, URL + f"?year={year}")
    response = bappeda_client.get(URL + "unduh.csv?siklus=semua")
    assert (response.status_code, response["Location"]) == (
        301,
        URL + "unduh.csv?year=all",
    )


def test_xlsx_holds_the_report_figures(bappeda_client, world):
    response = bappeda_client.get(URL + f"unduh.xlsx?year={world.cycle.year}")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    report = compute_report(world.cycle)
    summary = {
        row[0]: row[1]
        for row in book["ringkasan"].iter_rows(min_row=3, values_only=True)
    }
    assert summary["Anak terdaftar"] == report["children"]["registered"] == 13
    assert summary["Anak yang ikut serta"] == 11
    assert summary["Total pagu ide masuk APBD (Rp)"] == sum(PAGU.values())
    ideas = list(book["apbd_ide"].iter_rows(min_row=3, values_only=True))
    assert [row[1] for row in ideas] == [
        "Perpustakaan desa Lesabela",
        "Air bersih di sekolah",
    ]
    assert ideas[0][7] == PAGU["A"]
    sexes = {
        r[0]: r[1:]
        for r in book["jenis_kelamin"].iter_rows(min_row=3, values_only=True)
    }
    # The files leave the regency: suppressed as on /transparansi/ (the
    # small "tidak disebutkan" cell, and Perempuan to protect it).
    assert sexes["Perempuan"] == ("*", "*")


def test_csv_is_long_data_with_the_same_figures(bappeda_client, world):
    response = bappeda_client.get(URL + f"unduh.csv?year={world.cycle.year}")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["bagian", "kategori", "ukuran", "nilai"]
    assert ["Ringkasan", "Ide dikirim", "Jumlah", "8"] in rows
    assert ["Anak menurut disabilitas", "Dengan disabilitas", "Terdaftar", "<5"] in rows


def test_the_pdf_holds_the_expected_figures_and_identity(bappeda_client, world):
    site_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.regency_name = "Kabupaten Uji Coba"
    site_settings.contact_agency = "Bappeda Kabupaten Uji Coba"
    site_settings.save()
    response = bappeda_client.get(URL + f"unduh.pdf?year={world.cycle.year}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    width_mm = float(page.mediabox.width) * 25.4 / 72
    height_mm = float(page.mediabox.height) * 25.4 / 72
    assert round(width_mm) == 210 and round(height_mm) == 297  # A4
    text = " ".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    assert "Bukti Dukung Indikator Partisipasi Anak" in flat
    assert "Kabupaten Uji Coba" in flat
    assert "Bappeda Kabupaten Uji Coba" in flat
    assert f"Siklus {world.cycle.year}" in flat
    assert "Anak terdaftar 13" in flat
    assert "Anak yang ikut serta 11" in flat
    assert "Ide dikirim 8" in flat
    # Tiket emas are public: counted exactly, even below 5 (issue 12 item 11).
    assert "Tiket emas diberikan 4" in flat
    assert "Tiket emas sudah dijawab Musrenbang 3" in flat
    assert "Median waktu menjawab tiket emas (hari) –" not in flat
    assert (
        f"Total pagu ide masuk APBD (Rp) {rupiah(sum(PAGU.values())).removeprefix('Rp ')}"
        in flat
    )
    assert "Perpustakaan desa Lesabela" in flat
    assert "Dinas Pendidikan dan Kebudayaan" in flat
    assert rupiah(PAGU["A"]).removeprefix("Rp ") in flat
    assert "Undangan Musrenbang" in flat and "Kutipan DPA" in flat
    for child in world.children.values():
        assert child.username not in flat


def test_the_pdf_renderer_refuses_non_local_urls(settings):
    fetcher = pdf.local_url_fetcher()
    for url in (
        "https://example.org/font.woff2",
        "http://127.0.0.1:8000/static/css/site.css",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,SGFsbw==").read() == b"Halo"


def test_the_pdf_makes_no_request_even_with_a_remote_image(
    monkeypatch, world, pdf_fetches
):
    """A remote URL slipped into the HTML is refused, and rendering goes on."""
    html = pdf.render_html(compute_report(world.cycle)).replace(
        "</body>", '<img src="https://example.org/x.png" alt=""></body>'
    )
    monkeypatch.setattr(pdf, "render_html", lambda report: html)
    content = pdf.render_pdf(compute_report(world.cycle))
    assert content.startswith(b"%PDF")
    assert "https://example.org/x.png" in pdf_fetches


def test_a_server_without_the_pdf_libraries_says_so_kindly(
    bappeda_client, world, monkeypatch
):
    """Without Debian's Pango, WeasyPrint's import fails with OSError: the
    Bappeda user gets a message on the report page, not a server error."""
    from portal.evidence import pdf

    def no_pango():
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_import_weasyprint", no_pango)
    response = bappeda_client.get(
        URL + f"unduh.pdf?year={world.cycle.year}", follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{URL}?year={world.cycle.year}"
    page = response.content.decode()
    assert "PDF belum bisa dibuat" in page
    assert "make pdf-libs" in page
    # The other downloads still work.
    assert bappeda_client.get(URL + "unduh.xlsx").status_code == 200
