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
from tests.e2e.conftest import assert_accessible, sign_in
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
    admin.select_option("#id_outcome-reason_category", "diterima")
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
