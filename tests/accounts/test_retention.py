"""Issue 11 item 19: the retention schedule (docs/retention.md), enforced by
``apply_retention``, with warnings before any account is deleted. The clock
is moved forward through the ``now`` parameter; nothing sleeps."""

import datetime
import io
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from wagtail.models import ModelLogEntry

from portal.accounts import roles
from portal.accounts.actions import create_batch_accounts
from portal.accounts.models import AccountDeletion, ConsentRecord, User
from portal.accounts.retention import apply_retention
from portal.notifications.models import Notification
from proposals import actions
from proposals.models import (
    CaseAuditLog,
    CaseNote,
    Proposal,
    SafeguardingCase,
)
from tests import factories
from voting.actions import toggle_support

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def moderator(regions, moderation_setup):
    return factories.make_staff(roles.MODERATOR)


def exists(user):
    return User.objects.filter(pk=user.pk).exists()


def notes_for(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_an_inactive_child_is_warned_then_deleted_unless_they_sign_in(
    regions, moderator
):
    now = timezone.now()
    quiet = factories.make_child(nickname="Sepi")
    back = factories.make_child(nickname="Kembali")
    idea = factories.public_idea(moderator=moderator)
    toggle_support(quiet, idea.pk)

    # Eleven months: nothing happens.
    apply_retention(now + 330 * DAY)
    assert not Notification.objects.filter(user__in=[quiet, back]).exists()

    # A year without signing in: both are warned, nobody is deleted yet.
    warned_at = now + 366 * DAY
    apply_retention(warned_at)
    for child in (quiet, back):
        assert exists(child)
        assert any("akan dihapus" in t for t in notes_for(child))
    # Only one warning, however often the command runs.
    apply_retention(warned_at + DAY)
    assert sum("akan dihapus" in t for t in notes_for(quiet)) == 1

    # One of them signs in during the 30 days.
    User.objects.filter(pk=back.pk).update(last_login=warned_at + 3 * DAY)
    apply_retention(warned_at + 29 * DAY)
    assert exists(quiet) and exists(back)

    apply_retention(warned_at + 31 * DAY)
    assert not exists(quiet)
    assert exists(back)
    back.child_profile.refresh_from_db()
    assert back.child_profile.retention_warned_at is None
    # Deleted as when a child deletes the account: the support and its count
    # go, consent proof stays without a name, the trace says why.
    idea.refresh_from_db()
    assert idea.support_count == 0
    # (The idea's author, also silent for a year, went the same way.)
    assert set(AccountDeletion.objects.values_list("reason", flat=True)) == {
        AccountDeletion.Reason.RETENTION
    }
    for proof in ConsentRecord.objects.filter(child=None):
        assert (proof.status, proof.guardian_name) == ("revoked", "")
        assert proof.revoked_reason == "retention"


def test_the_facilitator_who_holds_the_paper_form_is_told(regions, facilitator):
    desa = regions.first()
    ((child, _password),) = create_batch_accounts(
        facilitator,
        [
            {
                "nickname": "Kertas",
                "birth_year": timezone.localdate().year - 10,
                "gender": "perempuan",
                "desa": desa,
                "consent_reference": "F-2026-017",
            }
        ],
    )
    apply_retention(timezone.now() + 366 * DAY)
    told = Notification.objects.get(user=facilitator)
    assert "akan dihapus" in told.title
    assert "F-2026-017" in told.body


def test_a_member_who_turned_18_is_warned_then_deleted(regions):
    today = timezone.localdate()
    member = factories.make_child(nickname="Dewasa", age=17)
    birth_year = member.child_profile.birth_year
    still_17 = timezone.now()
    apply_retention(still_17)
    assert not notes_for(member)

    # Whatever the birth month, everyone born that year is 18 on 2 January
    # of the year after their 18th birthday.
    surely_18 = timezone.make_aware(datetime.datetime(birth_year + 19, 1, 2, 9))
    assert surely_18.date() > today
    apply_retention(surely_18)
    assert any("18 tahun" in t for t in notes_for(member))
    # Signing in does not keep a child's account for an adult.
    User.objects.filter(pk=member.pk).update(last_login=surely_18 + DAY)
    apply_retention(surely_18 + 29 * DAY)
    assert exists(member)
    apply_retention(surely_18 + 31 * DAY)
    assert not exists(member)
    assert AccountDeletion.objects.get().reason == "aged_out"


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def closed_case(child, moderator, officer, title):
    photo = actions.PhotoFiles(original=jpeg(), renditions={})
    idea = actions.submit(
        child,
        data={
            "title": title,
            "problem": "Saya takut pulang ke rumah",
            "description": "Tolong saya",
            "kecamatan": child.child_profile.desa.kecamatan,
            "desa": child.child_profile.desa,
            "cluster": "klaster_5",
        },
        cycle=factories.make_cycle(),
        photo=photo,
    )
    case = actions.escalate(idea, moderator, "Kemungkinan kekerasan")
    CaseNote.objects.create(case=case, author=officer, text="Dirujuk ke UPTD PPA")
    SafeguardingCase.objects.filter(pk=case.pk).update(
        status=SafeguardingCase.Status.CLOSED, referral="uptd_ppa"
    )
    actions.log_case(case, officer, CaseAuditLog.Action.CHANGE, "status")
    return case


def test_a_closed_case_is_erased_five_years_after_its_last_action(
    regions, moderator, private_media
):
    officer = factories.make_staff(roles.PERLINDUNGAN)
    child = factories.make_child()
    case = closed_case(child, moderator, officer, "Ayah memukul saya")
    still_open = actions.escalate(
        factories.submit_idea(factories.make_child(), title="Kakak memukul saya"),
        moderator,
        "Kemungkinan kekerasan",
    )
    photo_files = [p for p in private_media.rglob("*") if p.is_file()]
    assert photo_files
    now = timezone.now()

    # Four years on, an officer only looks at it: looking does not keep it.
    actions.log_case(case, officer, CaseAuditLog.Action.VIEW)
    apply_retention(now + 4 * 365 * DAY)
    assert CaseNote.objects.filter(case=case).exists()

    apply_retention(now + 5 * 365 * DAY + 2 * DAY)
    case.refresh_from_db()
    assert case.content_erased_at is not None
    # The minimal record stays: dates, status, referral.
    assert (case.status, case.referral) == ("closed", "uptd_ppa")
    assert case.reason == ""
    assert case.snapshot == {} and not case.snapshot_photo
    assert not CaseNote.objects.filter(case=case).exists()
    assert not CaseAuditLog.objects.filter(case=case).exists()
    proposal = Proposal.objects.get(pk=case.proposal_id)
    assert "memukul" not in proposal.title
    assert (proposal.problem, proposal.description, proposal.photo.name) == ("", "", "")
    assert not proposal.revisions.exists()
    assert not ModelLogEntry.objects.for_instance(proposal).exists()
    assert not any(p.exists() for p in photo_files)
    # An open case is never touched.
    still_open.refresh_from_db()
    assert still_open.content_erased_at is None
    assert still_open.reason
    assert "Kakak" in Proposal.objects.get(pk=still_open.proposal_id).title


def test_notifications_sessions_logs_and_traces_expire(regions, moderator):
    now = timezone.now()
    child = factories.make_child()
    fresh = Notification.objects.create(user=child, kind="info", title="Baru")
    old = Notification.objects.create(
        user=child, kind="info", title="Lama", created_at=now - 366 * DAY
    )
    store = SessionStore()
    store.create()
    AccountDeletion.objects.create(reason="self", deleted_at=now - 6 * 365 * DAY)
    recent_trace = AccountDeletion.objects.create(reason="self")
    ConsentRecord.objects.create(
        method="device",
        notice_version="2026-11",
        status="revoked",
        revoked_at=now - 6 * 365 * DAY,
    )
    factories.public_idea(moderator=moderator)
    assert ModelLogEntry.objects.exists()

    apply_retention(now)
    assert set(Notification.objects.values_list("pk", flat=True)) >= {fresh.pk}
    assert not Notification.objects.filter(pk=old.pk).exists()
    assert Session.objects.filter(session_key=store.session_key).exists()
    assert list(AccountDeletion.objects.all()) == [recent_trace]
    assert not ConsentRecord.objects.filter(child=None).exists()
    assert ModelLogEntry.objects.exists()  # less than two years old

    later = now + 2 * 365 * DAY + DAY
    apply_retention(later)
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert not ModelLogEntry.objects.filter(timestamp__lt=later - 730 * DAY).exists()


def test_the_daily_command_runs_every_rule(regions):
    out = io.StringIO()
    call_command("apply_retention", "--now", "2040-01-02T03:00", stdout=out)
    text = out.getvalue()
    for rule in (
        "inactive_children",
        "members_past_18",
        "closed_cases",
        "old_notifications",
        "expired_sessions",
        "old_log_entries",
        "account_deletion_traces",
    ):
        assert f"{rule}: " in text
