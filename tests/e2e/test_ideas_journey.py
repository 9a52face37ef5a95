"""A child submits an idea on a phone; a moderator approves it in the
Wagtail admin; the idea appears on /usulan/. axe checks form, list, detail."""

import pytest
from playwright.sync_api import expect

from portal.accounts import roles
from portal.regions.models import Desa
from proposals.models import Proposal
from proposals.setup import ensure_moderation_setup
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import make_child, make_cycle, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


def test_child_idea_is_moderated_then_public(page, site, browser, third_party_requests):
    ensure_moderation_setup()
    make_cycle()
    make_child(
        username="dayu",
        nickname="Dayu",
        password="pelangi-sore-77",
        desa=Desa.objects.get(name="Lesabela"),
    )
    make_staff(roles.MODERATOR, username="mod", password="moderasi-rahasia-1")

    sign_in(page, site.url, "dayu", "pelangi-sore-77")
    page.goto(site.url + "/usulan/baru/")
    assert_accessible(page)
    page.get_by_label("Judul idemu").fill("Taman baca di balai desa")
    page.get_by_label("Apa masalahnya?").fill(
        "Kami tidak punya tempat membaca setelah sekolah."
    )
    page.get_by_label("Apa idemu untuk memperbaikinya?").fill(
        "Buat taman baca kecil dengan rak buku dan tikar di balai desa."
    )
    # the draft survives a reload before it is sent
    page.reload()
    expect(page.get_by_label("Judul idemu")).to_have_value("Taman baca di balai desa")
    expect(page.get_by_text("Draf idemu dipulihkan")).to_be_visible()
    page.get_by_label("Untuk tempat mana?").select_option(label="Lesabela")
    page.get_by_label("Klaster 4", exact=False).check()
    page.get_by_role("button", name="Kirim idemu").click()
    expect(page.get_by_text("Idemu sudah terkirim!")).to_be_visible()
    expect(page.get_by_text("Menunggu moderasi").first).to_be_visible()

    proposal = Proposal.objects.get(title="Taman baca di balai desa")
    assert not proposal.live
    page.goto(site.url + "/usulan/")
    expect(page.get_by_text("Taman baca di balai desa")).to_have_count(0)

    # The moderator, on a laptop, approves it from the Wagtail admin.
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    staff_page = admin.new_page()
    sign_in(staff_page, site.url, "mod", "moderasi-rahasia-1")
    staff_page.goto(site.url + "/admin/")
    expect(staff_page.get_by_text("Taman baca di balai desa").first).to_be_visible()
    staff_page.goto(
        site.url + f"/admin/snippets/proposals/proposal/edit/{proposal.pk}/"
    )
    expect(staff_page.get_by_text("Tidak ada data pribadi")).to_be_visible()
    staff_page.locator("footer .w-dropdown__toggle").click()
    staff_page.locator(
        "footer button[data-workflow-action-name='approve']"
        ":not([data-workflow-action-modal-url])"
    ).click()
    staff_page.wait_for_url("**/admin/snippets/proposals/proposal/")
    admin.close()

    proposal.refresh_from_db()
    assert proposal.live and proposal.status == "published"

    page.goto(site.url + "/usulan/")
    assert_accessible(page)
    page.get_by_role("link", name="Taman baca di balai desa").click()
    expect(page.get_by_role("heading", name="Taman baca di balai desa")).to_be_visible()
    expect(page.get_by_text("Dayu, Kecamatan Ledo, 6–12 tahun")).to_be_visible()
    expect(page.get_by_text("Disetujui dan tampil (Moderator)")).to_be_visible()
    assert_accessible(page)
    page.goto(site.url + "/saya/")
    expect(page.get_by_text("sudah tampil!").first).to_be_visible()
    assert third_party_requests == []
