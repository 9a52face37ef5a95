"""Bappeda prepares the KLA evidence: opens the report in the admin and
downloads the PDF and the XLSX; the public reads /transparansi/ on a phone
(axe-clean, no third-party request, no script needed)."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.accounts import roles
from portal.regions.models import Desa
from proposals import musrenbang
from proposals.models import Agency
from proposals.setup import ensure_moderation_setup
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, make_child, make_cycle, make_staff, publish_idea
from voting.actions import toggle_support

pytestmark = pytest.mark.django_db(transaction=True)


def arrange():
    ensure_moderation_setup()
    cycle = make_cycle()
    moderator = make_staff(roles.MODERATOR, username="mod")
    bappeda = make_staff(roles.BAPPEDA, username="bappeda1")
    desa = list(Desa.objects.select_related("kecamatan").order_by("code")[:3])
    ideas = []
    for index, place in enumerate(desa):
        child = make_child(
            username=f"anak{index}",
            nickname=f"Anak{index}",
            desa=place,
            gender=["perempuan", "laki_laki", "perempuan"][index],
            age=[9, 14, 16][index],
        )
        ideas.append(
            publish_idea(
                child, moderator, cycle, title=f"Ide nomor {index}", desa=place
            )
        )
    for _ in range(6):
        supporter = make_child(desa=desa[0])
        toggle_support(supporter, ideas[0].pk)
    musrenbang.add_to_shortlist(ideas[0], moderator, "Didukung banyak anak.")
    ticket = musrenbang.award_golden_ticket(
        ideas[0], moderator, "kabupaten", "Direkomendasikan Forum Anak."
    )
    musrenbang.record_outcome(
        ticket,
        bappeda,
        level="kabupaten",
        outcome="accepted",
        reason_category="accepted",
        reply="Diterima di Musrenbang kabupaten.",
    )
    agency = Agency.objects.create(name="Dinas Pendidikan dan Kebudayaan")
    musrenbang.record_adoption(
        ticket,
        bappeda,
        reply="Masuk APBD.",
        budget_year=cycle.apbd_year,
        adopted_opd=agency,
        program="Program Perpustakaan Desa",
        pagu=180_000_000,
    )
    return cycle, ideas


def test_bappeda_downloads_the_evidence_and_the_public_reads_transparansi(
    page, site, browser, third_party_requests
):
    cycle, ideas = arrange()

    desk = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID", accept_downloads=True
    )
    admin = desk.new_page()
    sign_in(admin, site.url, "bappeda1", PASSWORD)
    admin.goto(site.url + "/admin/")
    admin.get_by_role("link", name="Laporan KLA").first.click()
    expect(
        admin.get_by_role("heading", name="Laporan KLA: partisipasi anak")
    ).to_be_visible()
    expect(admin.get_by_text("Ide nomor 0").first).to_be_visible()

    with admin.expect_download() as info:
        admin.get_by_role("link", name="Unduh PDF bukti dukung").click()
    download = info.value
    assert download.suggested_filename == f"bukti-partisipasi-anak-{cycle.year}.pdf"
    reader = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Bukti Dukung Indikator Partisipasi Anak" in text
    assert "Kabupaten Bengkayang" in text
    assert "Anak terdaftar 9" in text  # 3 proposers + 6 supporters
    # The file leaves the regency: counts of 1-4 are "<5", as on /transparansi/
    # (issue 11 item 12); the list of adopted ideas stays whole.
    assert "Ide dikirim <5" in text
    assert "Ide nomor 0" in text and "180.000.000" in text
    assert "anak0" not in text

    with admin.expect_download() as info:
        admin.get_by_role("link", name="Unduh XLSX").click()
    book = load_workbook(open(info.value.path(), "rb"))
    summary = {
        row[0]: row[1]
        for row in book["ringkasan"].iter_rows(min_row=3, values_only=True)
    }
    assert summary["Anak yang ikut serta"] == 9
    # A count of public things is exact even below 5 (issue 12 item 11).
    assert summary["Ide masuk APBD"] == 1
    assert summary["Total pagu ide masuk APBD (Rp)"] == 180_000_000
    desk.close()

    # The public page on a phone.
    page.goto(site.url + "/transparansi/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Transparansi")
    expect(page.get_by_role("link", name="Ide nomor 0")).to_be_visible()
    expect(page.get_by_text("Rp 180.000.000").first).to_be_visible()
    assert page.locator('svg[role="img"]').count() >= 6
    assert page.locator(".visually-hidden > table").count() >= 6
    assert "<5" in page.inner_text("main")
    # Nothing wider than the phone: the page never scrolls sideways (wide
    # tables scroll inside their own box).
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    assert_accessible(page)
    # Works without JavaScript: the cycle choice is a plain form.
    page.get_by_label("Siklus", exact=True).select_option("all")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(site.url + "/transparansi/?year=all")
    assert_accessible(page)
    assert third_party_requests == []
