"""Issue 11 items 1-5: a possible disclosure is never published, the 24-hour
clock starts when the words reach the portal and somebody is told, an open
case survives the child's account, a shared phone tells the parent nothing,
and escalated words are read through the case only (logged)."""

import asyncio
import io
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from portal.accounts import actions as account_actions
from portal.accounts import roles
from portal.notifications.models import Notification
from proposals import actions
from proposals.images import sanitise_photo
from proposals.models import (
    CaseAuditLog,
    Proposal,
    SafeguardingCase,
)
from tests.factories import (
    IDEA_TEXT,
    make_child,
    make_staff,
    moderator_approves,
    publish_idea,
    submit_idea,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("moderation_setup", "private_media"),
]

DISCLOSURE = "Ayah sering memukul saya dan adik, saya takut pulang ke rumah."
REASON = "Anak menulis bahwa ia sering dipukul di rumah."


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(moderation_setup):
    return make_staff(roles.PERLINDUNGAN, username="petugas.ppa")


@pytest.fixture
def admin(moderation_setup):
    return make_staff(roles.ADMIN, username="admin.portal")


@pytest.fixture
def clock(monkeypatch):
    """Move the clock: every ``timezone.now()`` returns ``clock.now``."""

    class Clock:
        now = timezone.now()

        def move(self, **delta):
            self.now = self.now + timedelta(**delta)

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


def disclosure(child, cycle=None, **fields):
    return submit_idea(child, cycle, description=DISCLOSURE, **fields)


def edit_url(proposal):
    return f"/admin/snippets/proposals/proposal/edit/{proposal.pk}/"


def approve_url(proposal):
    state = Proposal.objects.get(pk=proposal.pk).current_workflow_task_state
    return (
        f"/admin/snippets/proposals/proposal/workflow/action/{proposal.pk}/approve/"
        f"{state.pk}/"
    )


# --- item 1: no approve/publish path while a danger flag stands --------------


def test_a_possible_disclosure_has_no_approve_path(child, moderator, cycle, anon):
    idea = disclosure(child, cycle)
    idea.refresh_from_db()
    assert idea.danger_flagged_at is not None
    client = signed_in(moderator)

    page = client.get(edit_url(idea)).content.decode()
    assert 'data-workflow-action-name="approve"' not in page
    assert "Bukan tanda bahaya" in page  # the recorded way out
    # Posted anyway: the server refuses, and nothing is published.
    response = client.post(approve_url(idea), {"comment": ""})
    # Wagtail's answer to a refusal: back to the dashboard with a message.
    assert (response.status_code, response.get("Location")) in (
        (403, None),
        (302, "/admin/"),
    )
    with pytest.raises(PermissionDenied):
        moderator_approves(idea, moderator)
    with pytest.raises(PermissionDenied):
        idea.get_latest_revision().publish(user=moderator)
    idea.refresh_from_db()
    assert not idea.live and idea.status == Proposal.Status.IN_MODERATION
    assert anon.get(f"/usulan/{idea.pk}/").status_code == 404


def test_redacting_personal_data_does_not_open_the_approve_path(
    child, moderator, cycle
):
    from proposals import checks

    idea = submit_idea(
        child,
        cycle,
        description="Saya dipukul ayah setiap malam, hubungi saya di 0812-3456-7890.",
    )
    draft = idea.get_latest_revision_as_object()
    personal = [
        f
        for f in checks.check_fields(draft.text_content())
        if f.kind == checks.Kind.PERSONAL_DATA
    ]
    actions.redact(idea, moderator, personal)
    with pytest.raises(PermissionDenied):
        moderator_approves(idea, moderator)
    idea.refresh_from_db()
    assert not idea.live


def test_clearing_the_flag_is_recorded_per_revision_for_the_officer(
    child, moderator, cycle, officer, anon
):
    idea = disclosure(child, cycle)
    client = signed_in(moderator)
    response = client.post(
        f"/admin/usulan-moderasi/{idea.pk}/bukan-bahaya/",
        {"reason": "Cerita ini tentang film yang ditonton di sekolah, bukan kejadian."},
    )
    assert response.status_code == 302
    from proposals.models import DangerClearance

    clearance = DangerClearance.objects.get()
    assert clearance.cleared_by == moderator
    assert clearance.revision_id == idea.get_latest_revision().pk
    assert "memukul" in clearance.findings
    idea.refresh_from_db()
    assert idea.danger_flagged_at is None
    assert 'data-workflow-action-name="approve"' in (
        client.get(edit_url(idea)).content.decode()
    )
    moderator_approves(idea, moderator)
    assert idea.live

    # The officer reviews the decision; moderators do not get that list.
    listing = signed_in(officer).get("/admin/perlindungan/tanda-bahaya-dibersihkan/")
    html = listing.content.decode()
    assert "bukan kejadian" in html and str(moderator) in html
    assert (
        client.get("/admin/perlindungan/tanda-bahaya-dibersihkan/").status_code != 200
    )

    # A new edit with danger words is flagged again.
    actions.edit(
        child,
        idea,
        data={
            **IDEA_TEXT,
            "description": "Paman saya suka memukul saya kalau ibu tidak di rumah.",
            "kecamatan": idea.kecamatan,
            "desa": idea.desa,
        },
    )
    idea.refresh_from_db()
    assert idea.danger_flagged_at is not None
    with pytest.raises(PermissionDenied):
        moderator_approves(idea, moderator)
    assert "Paman" not in anon.get(f"/usulan/{idea.pk}/").content.decode()


def test_a_childs_danger_report_blocks_approval_until_handled(
    child, moderator, cycle, regions
):
    idea = publish_idea(child, moderator, cycle)
    actions.report(idea, make_child(), "danger")
    actions.edit(
        child,
        idea,
        data={**IDEA_TEXT, "kecamatan": idea.kecamatan, "desa": idea.desa},
    )
    with pytest.raises(PermissionDenied):
        moderator_approves(idea, moderator)
    with pytest.raises(PermissionDenied):
        actions.resolve_reports(idea, moderator, keep_public=True)


def test_flagged_ideas_come_first_and_are_counted(child, moderator, cycle):
    flagged = disclosure(child, cycle, title="Ide dengan tanda bahaya")
    for n in range(3):
        submit_idea(child, cycle, title=f"Ide biasa yang lebih baru {n}")
    client = signed_in(moderator)
    listing = client.get("/admin/snippets/proposals/proposal/").content.decode()
    first = listing.index("/edit/")
    assert listing[first : first + 40].startswith(f"/edit/{flagged.pk}/")
    dashboard = client.get("/admin/").content.decode()
    assert "1 ide dengan tanda bahaya" in dashboard


# --- item 2: the clock starts at submission; officers are told ----------------


def test_the_24_hour_clock_starts_when_the_words_reach_the_portal(
    child, moderator, cycle, officer, clock
):
    submitted = clock.now
    idea = disclosure(child, cycle)
    clock.move(hours=20)
    case = actions.escalate(idea, moderator, REASON)
    assert case.due_at == submitted + timedelta(hours=24)
    clock.move(hours=5)
    assert case.is_overdue


def test_a_danger_report_reaches_the_officer_at_once(
    published, regions, officer, moderator
):
    actions.report(published, make_child(), "danger")
    note = Notification.objects.get(user=officer)
    assert note.kind == Notification.Kind.SAFEGUARDING
    assert "bahaya" in note.title


def test_a_danger_report_is_pushed_live_to_the_officer(
    published, regions, officer, django_capture_on_commit_callbacks
):
    from asgiref.sync import async_to_sync
    from channels.layers import channel_layers, get_channel_layer

    from portal.notifications.live import user_group

    channel_layers.backends.clear()
    try:
        layer = get_channel_layer()
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(officer.pk), channel)
        with django_capture_on_commit_callbacks(execute=True):
            actions.report(published, make_child(), "danger")

        async def receive():
            return await asyncio.wait_for(layer.receive(channel), timeout=2)

        message = async_to_sync(receive)()
        assert "bahaya" in message["title"]
    finally:
        channel_layers.backends.clear()


def test_overdue_cases_alert_officers_and_admin_once(
    child, moderator, cycle, officer, admin, clock
):
    idea = disclosure(child, cycle)
    case = actions.escalate(idea, moderator, REASON)
    call_command("notify_overdue_cases", stdout=io.StringIO())
    assert not Notification.objects.filter(title__contains="melewati").exists()

    clock.move(hours=25)
    call_command("notify_overdue_cases", stdout=io.StringIO())
    for user in (officer, admin):
        notes = Notification.objects.filter(user=user, title__contains="melewati")
        assert notes.count() == 1
        assert notes.get().url.endswith(f"/perlindungan/{case.pk}/")
    # Again, from the command and from a visit to the dashboard: still once.
    clock.move(minutes=5)
    call_command("notify_overdue_cases", stdout=io.StringIO())
    signed_in(officer).get("/admin/")
    assert Notification.objects.filter(title__contains="melewati").count() == 2


def test_the_dashboard_alerts_an_overdue_case_without_the_command(
    child, moderator, cycle, officer, clock
):
    idea = disclosure(child, cycle)
    actions.escalate(idea, moderator, REASON)
    clock.move(hours=25)
    signed_in(officer).get("/admin/")
    assert Notification.objects.filter(
        user=officer, title__contains="melewati"
    ).exists()


# --- item 3: the case survives the account -------------------------------------


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(out, format="JPEG")
    return sanitise_photo(ContentFile(out.getvalue(), name="foto.jpg"))


@pytest.mark.parametrize("how", ["revoke_consent", "self_delete"])
def test_an_open_case_survives_withdrawn_consent_or_deletion(
    how, moderator, cycle, officer, admin, facilitator, regions
):
    child = make_child(nickname="Melati", username="melati2012", age=13)
    idea = actions.submit(
        child,
        data={
            **IDEA_TEXT,
            "description": DISCLOSURE,
            "kecamatan": child.child_profile.desa.kecamatan,
            "desa": child.child_profile.desa,
        },
        cycle=cycle,
        photo=jpeg(),
    )
    case = actions.escalate(idea, moderator, REASON)
    guardian = child.consents.get().guardian_name
    if how == "revoke_consent":
        account_actions.revoke_consent(child, facilitator)
    else:
        account_actions.delete_child_account(child)

    html = signed_in(officer).get(f"/admin/perlindungan/{case.pk}/").content.decode()
    for kept in ("Melati", "melati2012", "Lesabela", "Ledo", guardian, "memukul"):
        assert kept in html, kept
    assert "13" in html
    log = CaseAuditLog.objects.get(case=case, action=CaseAuditLog.Action.ACCOUNT)
    if how == "revoke_consent":
        assert log.user == facilitator
        assert "orang tua/wali" in log.details and facilitator.username in log.details
    else:
        assert "melati2012" in log.details
    for user in (officer, admin):
        assert Notification.objects.filter(
            user=user,
            url__endswith=f"/perlindungan/{case.pk}/",
            title__contains="dihapus",
        ).exists()
    # The photo is kept with the case, for the officer, logged.
    response = signed_in(officer).get(f"/admin/perlindungan/{case.pk}/foto/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert CaseAuditLog.objects.filter(case=case, user=officer, details="foto").exists()
    # Moderators do not see the case, nor its photo.
    assert (
        signed_in(moderator).get(f"/admin/perlindungan/{case.pk}/").status_code != 200
    )
    assert (
        signed_in(moderator).get(f"/admin/perlindungan/{case.pk}/foto/").status_code
        != 200
    )


# --- item 4: a shared phone reveals nothing ----------------------------------------

REVEALING = (
    "petugas perlindungan",
    "Ditangani",
    "Dialihkan",
    "Terima kasih sudah bercerita",
    "bercerita",
)


def test_a_shared_phone_tells_nothing_of_a_disclosure(child, moderator, cycle):
    idea = disclosure(child, cycle)
    actions.escalate(idea, moderator, REASON)
    client = signed_in(child)
    page = client.get("/saya/").content.decode()
    data = client.get("/saya/data.json").content.decode()
    for text in REVEALING:
        assert text.lower() not in page.lower(), text
        assert text.lower() not in data.lower(), text
    assert "Tidak diterbitkan" in page
    assert json.loads(data)["usulan"][0]["status"] == "Tidak diterbitkan"
    assert not Notification.objects.filter(
        user=child, kind=Notification.Kind.SAFEGUARDING
    ).exists()
    # Help stays reachable on the child's page, for every child.
    assert "Butuh bantuan?" in page and "129" in page


def test_every_child_sees_the_help_numbers_on_their_page(child):
    page = signed_in(child).get("/saya/").content.decode()
    assert "Butuh bantuan?" in page and "129" in page


# --- item 5: escalated words only through the case ----------------------------------

SNIPPET_VIEWS = [
    "edit/{pk}/",
    "inspect/{pk}/",
    "history/{pk}/",
    "history-results/{pk}/",
    "usage/{pk}/",
    "delete/{pk}/",
    "copy/{pk}/",
    "workflow_history/{pk}/",
    "history/{pk}/revisions/compare/earliest...latest/",
    "history/{pk}/revisions/{rev}/revert/",
    "history/{pk}/revisions/{rev}/unschedule/",
    "workflow_history/{pk}/detail/{ws}/",
    "unpublish/{pk}/",
    "workflow/confirm_cancellation/{pk}/",
]


@pytest.mark.parametrize("role", ["moderator", "admin", "officer"])
def test_escalated_words_are_read_through_the_case_only(
    role, child, moderator, cycle, officer, admin
):
    idea = disclosure(child, cycle, title="Judul yang dialihkan")
    workflow_state = Proposal.objects.get(pk=idea.pk).current_workflow_state
    case = actions.escalate(idea, moderator, REASON)
    user = {"moderator": moderator, "admin": admin, "officer": officer}[role]
    client = signed_in(user)
    base = "/admin/snippets/proposals/proposal/"
    for view in SNIPPET_VIEWS:
        path = base + view.format(
            pk=idea.pk, rev=idea.latest_revision_id, ws=workflow_state.pk
        )
        response = client.get(path)
        body = response.content.decode() if not response.streaming else ""
        assert response.status_code in (302, 403, 404), path
        assert "memukul" not in body and "Judul yang dialihkan" not in body, path
    for listing in (
        base,
        base + "results/?q=memukul",
        base + "?q=dialihkan",
        "/admin/snippets/choose/proposals/proposal/?q=dialihkan",
        f"/admin/usulan-moderasi/{idea.pk}/sensor/",
        f"/admin/bulk/proposals/proposal/delete/?id={idea.pk}",
        "/admin/bulk/proposals/proposal/delete/?id=all",
    ):
        body = client.get(listing).content.decode()
        assert "Judul yang dialihkan" not in body, listing
        assert "ayah sering" not in body.lower(), listing

    before = CaseAuditLog.objects.filter(case=case).count()
    response = client.get(f"/admin/perlindungan/{case.pk}/")
    if role == "moderator":
        assert response.status_code != 200
        assert CaseAuditLog.objects.filter(case=case).count() == before
    else:
        assert response.status_code == 200
        assert "memukul" in response.content.decode()
        assert CaseAuditLog.objects.filter(
            case=case, user=user, action=CaseAuditLog.Action.VIEW
        ).exists()


def test_cases_opened_before_snapshots_get_one_on_first_view(
    child, moderator, cycle, officer
):
    idea = disclosure(child, cycle)
    case = actions.escalate(idea, moderator, REASON)
    SafeguardingCase.objects.filter(pk=case.pk).update(snapshot={})
    html = signed_in(officer).get(f"/admin/perlindungan/{case.pk}/").content.decode()
    assert child.nickname in html and "memukul" in html
