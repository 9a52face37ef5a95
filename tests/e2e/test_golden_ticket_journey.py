"""The whole path: a child's idea is supported, shortlisted, recommended by
the Forum Anak on a phone, awarded a tiket emas, discussed at the Musrenbang
(recorded by Bappeda in the admin) and adopted into the APBD; the child sees
the answer and the timeline on a phone."""

import pytest
from playwright.sync_api import expect

from portal.accounts import roles
from portal.regions.models import Desa
from proposals import musrenbang
from proposals.models import Agency
from proposals.setup import ensure_moderation_setup
from tests.e2e.conftest import assert_accessible, sign_in, signed_in
from tests.e2e.test_content_security_policy import (  # noqa: F401 (fixture)
    Watch,
    production_like,
)
from tests.factories import PASSWORD, make_child, make_cycle, make_staff, publish_idea
from voting.actions import toggle_support

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_idea_to_apbd_with_an_answer_for_the_child(
    page, site, browser, browser_context_args
):
    ensure_moderation_setup()
    cycle = make_cycle()
    lesabela = Desa.objects.get(name="Lesabela")
    child = make_child(username="melati", nickname="Melati", desa=lesabela)
    moderator = make_staff(roles.MODERATOR, username="mod")
    bappeda = make_staff(roles.BAPPEDA, username="bappeda1")
    idea = publish_idea(
        child, moderator, cycle, title="Taman baca di balai desa", desa=lesabela
    )
    for _ in range(3):
        toggle_support(make_child(verified=True), idea.pk)
    musrenbang.build_shortlist(cycle, moderator)

    # A Forum Anak committee member recommends it on a phone.
    make_child(
        username="pengurus", nickname="Pengurus", forum_anak=True, committee=True
    )
    committee = browser.new_context(**browser_context_args)
    phone = committee.new_page()
    sign_in(phone, site.url, "pengurus", PASSWORD)
    phone.goto(site.url + "/forum-anak/daftar-pendek/")
    assert_accessible(phone)
    card = phone.locator("article", has_text="Taman baca di balai desa")
    card.get_by_label("Ya").check()
    card.get_by_label("Alasan singkat").fill("Kami perlu tempat membaca.")
    card.get_by_role("button", name="Simpan rekomendasi").click()
    expect(phone.get_by_text("Rekomendasimu tersimpan")).to_be_visible()
    committee.close()

    ticket = musrenbang.award_golden_ticket(
        idea, moderator, "kabupaten", "Direkomendasikan Forum Anak."
    )
    musrenbang.mark_received(ticket, bappeda)

    # Bappeda records the Musrenbang outcome in the admin, with a reply.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    admin = desk.new_page()
    sign_in(admin, site.url, "bappeda1", PASSWORD)
    admin.goto(site.url + f"/admin/tiket-emas/{ticket.pk}/")
    admin.select_option("#id_outcome-level", "kecamatan")
    admin.select_option("#id_outcome-outcome", "accepted")
    admin.select_option("#id_outcome-reason_category", "accepted")
    admin.fill("#id_outcome-reply", "Idemu diterima di Musrenbang kecamatan!")
    admin.get_by_role("button", name="Simpan hasil").click()
    expect(admin.get_by_text("Hasil Musrenbang dicatat")).to_be_visible()
    desk.close()

    dinas = Agency.objects.create(name="Dinas Pendidikan dan Kebudayaan")
    musrenbang.record_adoption(
        ticket,
        bappeda,
        reply="Idemu masuk APBD dan akan dikerjakan Dinas Pendidikan.",
        budget_year=cycle.apbd_year,
        adopted_opd=dinas,
        pagu=120_000_000,
    )

    # The child reads the answers and the timeline on a phone.
    sign_in(page, site.url, "melati", PASSWORD)
    page.goto(site.url + "/saya/")
    expect(
        page.get_by_text("Idemu diterima di Musrenbang kecamatan!").first
    ).to_be_visible()
    expect(page.get_by_text("masuk APBD").first).to_be_visible()
    page.goto(site.url + f"/usulan/{idea.pk}/")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Mendapat tiket emas")
    expect(timeline).to_contain_text("Dibahas di Musrenbang (Musrenbang kecamatan)")
    expect(timeline).to_contain_text("Dinas Pendidikan dan Kebudayaan")
    assert "bappeda1" not in timeline.inner_text()
    assert_accessible(page)


def test_bappeda_and_the_opd_reach_the_ticket_screens_by_clicking(
    browser,
    site,
    production_like,  # noqa: F811
):
    """Issue 12 item 6, under the production CSP: from the dashboard's menu,
    Bappeda opens the tiket emas steps and uploads evidence; the OPD's staff
    member opens its ticket, reports progress and uploads a photo."""
    from wagtail.models import Collection

    if not Collection.objects.exists():  # a flushed database lost Wagtail's root
        Collection.add_root(name="Root")
    ensure_moderation_setup()
    cycle = make_cycle()
    moderator = make_staff(roles.MODERATOR)
    bappeda = make_staff(roles.BAPPEDA, username="bappeda2")
    opd = make_staff(roles.OPD, username="dinas1")
    dinas = Agency.objects.create(name="Dinas Pendidikan dan Kebudayaan")
    dinas.members.add(opd)
    idea = publish_idea(make_child(), moderator, cycle, title="Perpustakaan desa")
    musrenbang.add_to_shortlist(idea, moderator, "Dipilih moderator.")
    ticket = musrenbang.award_golden_ticket(idea, moderator, "kabupaten", "Terbaik.")
    photo = {"name": "foto.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}

    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="id-ID"
    )
    watch = Watch(context)
    page = context.new_page()
    for user, open_ticket in (
        (bappeda, lambda: page.get_by_role("link", name="Hasil & pelaksanaan").click()),
        (opd, lambda: page.get_by_role("link", name="Perpustakaan desa").click()),
    ):
        context.clear_cookies()
        signed_in(page, site.url, user.username, PASSWORD)
        page.goto(site.url + "/admin/")
        page.get_by_role("link", name="Antrean Musrenbang").click()
        open_ticket()
        page.wait_for_url(f"**/admin/tiket-emas/{ticket.pk}/")
        if user == bappeda:
            bappeda_records_the_musrenbang_path(page, cycle)
        if user == opd:
            page.fill("#id_impl-progress_percent", "40")
            page.fill("#id_impl-reply", "Rak buku sudah dipesan.")
            page.get_by_role("button", name="Simpan kabar pelaksanaan").click()
            expect(page.get_by_text("Kabar pelaksanaan disimpan")).to_be_visible()
        page.select_option("#id_evidence-kind", "gambar")
        page.set_input_files("#id_evidence-file", photo)
        page.fill("#id_evidence-note", f"Bukti dari {user.username}")
        page.get_by_role("button", name="Tambah dokumen").click()
        expect(page.get_by_text("Dokumen bukti ditambahkan")).to_be_visible()
        expect(
            page.get_by_role("link", name=f"Bukti dari {user.username}")
        ).to_be_visible()
    context.close()
    assert watch.violations == [] and watch.errors == []
    ticket.refresh_from_db()
    assert ticket.received_at is not None
    assert ticket.adopted_opd == dinas and ticket.pagu == 50_000_000
    assert ticket.progress_percent == 40
    idea.refresh_from_db()
    assert idea.stage == "adopted"  # 40 %: still being carried out


def bappeda_records_the_musrenbang_path(page, cycle):
    """On the ticket screen, by its forms: receipt, the Musrenbang outcome
    with the children's answer, then the APBD adoption with the OPD. A
    blank answer is refused in Indonesian and what was typed stays."""
    page.get_by_role("button", name="Tandai diterima BAPERIDA").click()
    expect(page.get_by_text("Dicatat: diterima BAPERIDA.")).to_be_visible()
    outcome = page.locator("form[data-step=outcome]")
    outcome.get_by_label("Tingkat").select_option(label="Musrenbang kabupaten")
    outcome.get_by_label("Hasil").select_option(label="Diterima")
    outcome.get_by_label("Kategori alasan").select_option(label="Diterima")
    outcome.get_by_label("Catatan untuk badan perencanaan").fill("Prioritas.")
    outcome.get_by_label("Jawaban untuk anak-anak (wajib)").fill("   ")
    outcome.get_by_role("button", name="Simpan hasil").click()
    expect(
        page.get_by_text("Jawaban untuk anak-anak tidak boleh kosong.")
    ).to_be_visible()
    outcome = page.locator("form[data-step=outcome]")
    expect(outcome.get_by_label("Catatan untuk badan perencanaan")).to_have_value(
        "Prioritas."
    )
    outcome.get_by_label("Jawaban untuk anak-anak (wajib)").fill(
        "Idemu diterima di Musrenbang kabupaten."
    )
    outcome.get_by_role("button", name="Simpan hasil").click()
    adoption = page.locator("form[data-step=adoption]")
    expect(adoption).to_be_visible()
    adoption.get_by_label("Tahun anggaran").fill(str(cycle.apbd_year))
    adoption.get_by_label("OPD pelaksana").select_option(
        label="Dinas Pendidikan dan Kebudayaan"
    )
    adoption.get_by_label("Pagu (Rp)").fill("50000000")
    adoption.get_by_label("Jawaban untuk anak-anak (wajib)").fill("Masuk APBD!")
    adoption.get_by_role("button", name="Simpan").click()
    expect(page.locator("form[data-step=implementation]")).to_be_visible()
