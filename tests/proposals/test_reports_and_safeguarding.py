"""Children report ideas; three reports hide one until a moderator decides.
A possible disclosure of danger is escalated: hidden for good, a case for
the Petugas Perlindungan within 24 hours, and help numbers for the child.
Duplicates are merged into the idea that is kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from portal.accounts import roles
from portal.notifications.models import Notification
from proposals import actions
from proposals.models import (
    CaseAuditLog,
    Proposal,
    ProposalEvent,
    Report,
    SafeguardingCase,
)
from tests.factories import make_child, make_staff, publish_idea, submit_idea

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def listed(client, proposal, query=""):
    """Whether the idea has a card on /usulan/ (not just its words in the
    search box)."""
    html = client.get(f"/usulan/{query}").content.decode()
    return f'href="/usulan/{proposal.pk}/"' in html


# --- reports -----------------------------------------------------------------


def test_a_child_reports_an_idea_once(published, regions, moderator):
    reporter = make_child(nickname="Dodi")
    client = signed_in(reporter)
    detail = client.get(f"/usulan/{published.pk}/").content.decode()
    assert "Laporkan ide ini" in detail

    response = client.post(f"/usulan/{published.pk}/laporkan/", {"reason": "rude"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason) == (reporter, "rude")
    page = client.get(response["Location"], follow=True).content.decode()
    assert "Terima kasih" in page
    # The form is gone for this child, and a second report does not count.
    assert (
        "Laporkan ide ini"
        not in client.get(f"/usulan/{published.pk}/").content.decode()
    )
    response = client.post(
        f"/usulan/{published.pk}/laporkan/", {"reason": "spam"}, follow=True
    )
    assert "sudah melaporkan" in response.content.decode()
    assert Report.objects.count() == 1
    assert Report.objects.get().reason == "rude"
    assert (
        Notification.objects.filter(
            user=moderator, kind=Notification.Kind.REPORT
        ).count()
        == 1
    )


def test_a_report_needs_a_reason(published, regions):
    client = signed_in(make_child())
    response = client.post(f"/usulan/{published.pk}/laporkan/", {}, follow=True)
    assert "Pilih alasan laporanmu." in response.content.decode()
    assert not Report.objects.exists()


def test_a_child_without_consent_cannot_report(published, regions):
    client = signed_in(make_child(consent=False))
    assert (
        "Laporkan ide ini"
        not in client.get(f"/usulan/{published.pk}/").content.decode()
    )
    client.post(f"/usulan/{published.pk}/laporkan/", {"reason": "rude"})
    assert not Report.objects.exists()


def test_an_idea_waiting_for_moderation_cannot_be_reported(idea, regions):
    client = signed_in(make_child())
    client.post(f"/usulan/{idea.pk}/laporkan/", {"reason": "rude"})
    assert not Report.objects.exists()


def test_three_reports_hide_the_idea_until_a_moderator_decides(
    published, regions, moderator, anon, child
):
    other_moderator = make_staff(roles.MODERATOR)
    reporters = [make_child(nickname=f"Pelapor{n}", verified=True) for n in range(3)]
    for n, reporter in enumerate(reporters[:2]):
        signed_in(reporter).post(
            f"/usulan/{published.pk}/laporkan/", {"reason": "rude"}
        )
        assert listed(anon, published), f"still public after {n + 1} report(s)"
    # The same child twice does not make a third report.
    signed_in(reporters[0]).post(
        f"/usulan/{published.pk}/laporkan/", {"reason": "rude"}
    )
    assert listed(anon, published)

    response = signed_in(reporters[2]).post(
        f"/usulan/{published.pk}/laporkan/", {"reason": "danger"}
    )
    assert response["Location"] == "/usulan/"
    published.refresh_from_db()
    assert published.status == Proposal.Status.HIDDEN
    assert not listed(anon, published)
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404
    assert ProposalEvent.Kind.HIDDEN in published.events.values_list("kind", flat=True)
    for mod in (moderator, other_moderator):
        notes = Notification.objects.filter(user=mod, kind=Notification.Kind.REPORT)
        assert notes.count() == 3
        assert "3 laporan" in notes.first().title
    assert not Notification.objects.filter(user=child, kind="report").exists()

    # One report said a child may be in danger: no "keep public" without a
    # recorded reason (issue 11 item 1).
    with pytest.raises(PermissionDenied):
        actions.resolve_reports(published, moderator, keep_public=True)
    actions.clear_danger_flag(
        published, moderator, "Pelapor salah paham; ide ini tentang lampu jalan."
    )
    actions.resolve_reports(published, moderator, keep_public=True)
    published.refresh_from_db()
    assert published.status == Proposal.Status.PUBLISHED
    assert listed(anon, published)
    assert anon.get(f"/usulan/{published.pk}/").status_code == 200
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


@pytest.mark.parametrize("outcome", ["cleared", "escalated"])
def test_a_danger_report_from_a_verified_child_takes_a_public_idea_down_at_once(
    published, regions, moderator, anon, outcome
):
    """A child says the child behind a public idea may be in danger: the idea
    leaves every public page at once, until the moderator clears the flag
    with a recorded reason (back) or escalates it (stays hidden). One
    unverified account cannot take an idea down this way (issue 11 item 17):
    its report alerts the officer and blocks approval, nothing more."""
    signed_in(make_child(nickname="Baru")).post(
        f"/usulan/{published.pk}/laporkan/", {"reason": "danger"}
    )
    assert listed(anon, published), "one unverified report hid the idea"
    assert anon.get(f"/usulan/{published.pk}/").status_code == 200

    signed_in(make_child(nickname="Teman", verified=True)).post(
        f"/usulan/{published.pk}/laporkan/", {"reason": "danger"}
    )
    assert not listed(anon, published)
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404
    assert not Proposal.objects.public().filter(pk=published.pk).exists()

    if outcome == "cleared":
        actions.clear_danger_flag(
            published, moderator, "Pelapor salah paham; ide ini tentang lampu jalan."
        )
        assert listed(anon, published)
        assert anon.get(f"/usulan/{published.pk}/").status_code == 200
        kinds = list(published.events.values_list("kind", flat=True))
        assert ProposalEvent.Kind.RESTORED in kinds
    else:
        actions.escalate(published, moderator, "Mungkin ada anak dalam bahaya")
        assert not listed(anon, published)
        assert anon.get(f"/usulan/{published.pk}/").status_code == 404


def test_a_moderator_can_take_a_reported_idea_down(
    published, regions, moderator, anon, child
):
    for _ in range(3):
        actions.report(published, make_child(verified=True), "rude")
    actions.resolve_reports(published, moderator, keep_public=False)
    published.refresh_from_db()
    assert published.status == Proposal.Status.NOT_PUBLISHED
    assert not published.live
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404
    note = Notification.objects.filter(user=child).first()
    assert "tidak diterbitkan" in note.title


def test_only_moderators_resolve_reports(published, regions, facilitator):
    for _ in range(3):
        actions.report(published, make_child(verified=True), "rude")
    with pytest.raises(PermissionDenied):
        actions.resolve_reports(published, facilitator, keep_public=True)
    published.refresh_from_db()
    assert published.status == Proposal.Status.HIDDEN


# --- escalation --------------------------------------------------------------

REASON = "Anak menulis bahwa ia sering dipukul di rumah."


@pytest.fixture
def officer(moderation_setup):
    return make_staff(roles.PERLINDUNGAN, username="petugas.ppa")


def test_escalation_hides_the_idea_for_good_and_opens_a_case(
    published, moderator, officer, child, anon, home_page
):
    title = published.title
    case = actions.escalate(published, moderator, REASON)

    published.refresh_from_db()
    assert published.status == Proposal.Status.ESCALATED
    assert published.escalated_at is not None
    assert not published.live
    assert case.proposal == published and case.reason == REASON
    assert case.opened_by == moderator
    assert case.status == SafeguardingCase.Status.NEW
    # The clock runs from when the words reached the portal (issue 11 item 2).
    submitted = published.get_latest_revision().created_at
    assert (
        case.due_at
        == submitted + timedelta(hours=24)
        < case.opened_at + timedelta(hours=24)
    )
    assert not case.is_overdue
    log = CaseAuditLog.objects.get(case=case)
    assert (log.action, log.user) == ("open", moderator)

    # Nothing on the child's side tells a shared phone about it (issue 11
    # item 4): the help numbers are on /saya/ for every child instead.
    assert not Notification.objects.filter(
        user=child, kind=Notification.Kind.SAFEGUARDING
    ).exists()
    officer_note = Notification.objects.get(
        user=officer, kind=Notification.Kind.SAFEGUARDING
    )
    assert "24 jam" in officer_note.title
    assert officer_note.url.endswith(f"/{case.pk}/")

    assert not listed(anon, published)
    assert not listed(anon, published, f"?q={title}")
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404
    assert title not in anon.get("/").content.decode()
    assert anon.get(f"/usulan/{published.pk}/foto/480/").status_code == 404


def test_an_escalated_idea_is_never_published_again(
    published, moderator, officer, child, anon
):
    actions.escalate(published, moderator, REASON)
    published.refresh_from_db()

    with pytest.raises(PermissionDenied):
        published.get_latest_revision().publish(user=moderator)
    with pytest.raises(PermissionDenied):
        published.status = Proposal.Status.PUBLISHED
        published.escalated_at = None
        published.live = True
        published.save()
    published.refresh_from_db()
    assert published.status == Proposal.Status.ESCALATED and not published.live

    # Nor can the child bring it back by editing it.
    client = signed_in(child)
    assert client.get(f"/usulan/{published.pk}/ubah/").status_code == 403
    # Nor do reports or a moderator's "keep public" restore it.
    actions.resolve_reports(published, moderator, keep_public=True)
    published.refresh_from_db()
    assert published.status == Proposal.Status.ESCALATED
    assert anon.get(f"/usulan/{published.pk}/").status_code == 404


def test_an_idea_waiting_for_moderation_can_be_escalated(
    idea, moderator, officer, child, anon
):
    case = actions.escalate(idea, moderator, REASON)
    idea.refresh_from_db()
    assert idea.status == Proposal.Status.ESCALATED
    assert idea.current_workflow_state is None  # the moderation task is closed
    assert SafeguardingCase.objects.get() == case
    assert anon.get(f"/usulan/{idea.pk}/").status_code == 404
    # The child's own page says nothing a shared phone could give away.
    page = signed_in(child).get("/saya/").content.decode()
    assert "petugas perlindungan" not in page.lower()
    assert "Tidak diterbitkan" in page


def test_only_moderators_escalate(published, facilitator):
    with pytest.raises(PermissionDenied):
        actions.escalate(published, facilitator, REASON)
    published.refresh_from_db()
    assert published.escalated_at is None
    assert not SafeguardingCase.objects.exists()


# --- merging duplicates ----------------------------------------------------------


def test_a_merged_idea_points_to_the_one_that_is_kept(
    child, moderator, cycle, anon, regions
):
    kept = publish_idea(
        make_child(nickname="Wati"), moderator, cycle, title="Taman bermain di Ledo"
    )
    duplicate = publish_idea(child, moderator, cycle, title="Tempat bermain anak Ledo")

    actions.merge(duplicate, into=kept, moderator=moderator)

    duplicate.refresh_from_db()
    assert duplicate.status == Proposal.Status.MERGED
    assert duplicate.merged_into == kept
    page = anon.get(f"/usulan/{duplicate.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="/usulan/{kept.pk}/"' in html and kept.title in html
    listing = anon.get("/usulan/").content.decode()
    assert kept.title in listing and duplicate.title not in listing
    note = Notification.objects.filter(user=child).first()
    assert "digabung" in note.title and kept.title in note.body


def test_ideas_are_merged_only_into_a_public_idea(child, moderator, cycle):
    public = publish_idea(child, moderator, cycle)
    waiting = submit_idea(child, cycle, title="Ide yang belum dibaca moderator")
    with pytest.raises(PermissionDenied):
        actions.merge(public, into=waiting, moderator=moderator)
    with pytest.raises(PermissionDenied):
        actions.merge(public, into=public, moderator=moderator)
    public.refresh_from_db()
    assert public.status == Proposal.Status.PUBLISHED


def test_a_child_cannot_report_their_own_idea(client, published):
    from django.core.exceptions import PermissionDenied as Denied

    from proposals import actions as proposal_actions

    with pytest.raises(Denied):
        proposal_actions.report(published, published.proposer, "rude")
    assert not published.reports.exists()
