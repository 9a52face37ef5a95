"""The retention schedule (UU PDP art. 43–44: personal data is kept no longer
than its purpose needs) and the rules that enforce it.

``apply_retention`` (the management command, run daily by the production
recipe) calls every registered rule with the same ``now``. Accounts, consent
proof, notifications, sessions and Wagtail's log entries are handled here;
other apps register their own rules (proposals: closed safeguarding cases)
without accounts importing them. The schedule is written out for people in
docs/retention.md and in both privacy notices; the numbers live only here.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from .models import AccountDeletion, ChildProfile, ConsentRecord, User
from .permissions import can

logger = logging.getLogger(__name__)

# The schedule (docs/retention.md). Days, so that tests can move the clock.
INACTIVE_AFTER = timedelta(days=365)  # no sign-in for 12 months
WARNING_PERIOD = timedelta(days=30)  # warned, then deleted unless signed in
NOTIFICATIONS_KEPT = timedelta(days=365)
LOG_ENTRIES_KEPT = timedelta(days=2 * 365)  # Wagtail's admin history
DELETION_TRACES_KEPT = timedelta(days=5 * 365)  # AccountDeletion rows
CONSENT_PROOF_KEPT = timedelta(days=5 * 365)  # after revocation
CLOSED_CASES_KEPT = timedelta(days=5 * 365)  # after the last action on the case

INACTIVE = ChildProfile.RetentionWarning.INACTIVE

_rules = []


def register(rule):
    """``rule(now) -> int`` (rows deleted or changed); run in registration
    order, each in its own transaction, by ``apply_retention``."""
    _rules.append(rule)
    return rule


def apply_retention(now=None):
    """Run every rule with one clock; returns ``{rule name: count}``.

    ``now`` is a parameter so that the schedule can be tested by moving the
    clock forward instead of waiting."""
    now = now or timezone.now()
    done = {}
    for rule in _rules:
        with transaction.atomic():
            done[rule.__name__] = rule(now)
    return done


# --- children's accounts -------------------------------------------------


def _warn(profiles, kind, now):
    """Notify each child (and the facilitator who verified a paper consent,
    who holds the guardian's form) and remember when, so that the deletion
    waits ``WARNING_PERIOD``."""
    from portal.notifications.models import Message, Notification, notify

    profiles = list(profiles.select_related("user"))
    if not profiles:
        return 0
    days = WARNING_PERIOD.days
    title = Message(gettext_noop("Akunmu akan dihapus karena lama tidak dipakai"))
    body = Message(
        gettext_noop(
            "Kamu belum masuk selama setahun. Kalau kamu masih mau ikut, masuk "
            "saja dalam %(days)s hari dan akunmu tetap ada. Kalau tidak, akunmu "
            "dan data pribadimu dihapus."
        ),
        days=days,
    )
    sent = notify(
        [p.user for p in profiles],
        kind=Notification.Kind.INFO,
        title=title,
        body=body,
        url="/saya/",
    )
    facilitators = {}
    for consent in ConsentRecord.objects.filter(
        child__in=[p.user for p in profiles],
        status=ConsentRecord.Status.ACTIVE,
        method=ConsentRecord.Method.PAPER,
        verified_by__is_active=True,
    ).select_related("verified_by", "child"):
        facilitators.setdefault(consent.verified_by, []).append(consent)
    for facilitator, consents in facilitators.items():
        if not can(facilitator, "accounts.manage_children"):
            continue
        sent += notify(
            [facilitator],
            kind=Notification.Kind.INFO,
            title=Message(
                gettext_noop(
                    "%(n)s akun anak akan dihapus dalam %(days)s hari (masa simpan)"
                ),
                n=len(consents),
                days=days,
            ),
            body=Message(
                gettext_noop(
                    "Formulir izin kertas: %(refs)s. Mohon beri tahu orang tua/wali."
                ),
                refs=", ".join(c.paper_reference for c in consents),
            ),
        )
    # Dated by the same clock as the rules, so that a rehearsal with --now
    # does not expire its own warnings.
    Notification.objects.filter(pk__in=[n.pk for n in sent]).update(created_at=now)
    ChildProfile.objects.filter(pk__in=[p.pk for p in profiles]).update(
        retention_warning=kind, retention_warned_at=now
    )
    return len(profiles)


def _delete(profiles):
    """Through ``delete_child_account``, as when a child deletes the account:
    supports, counts, ideas and consent proof behave exactly the same."""
    from .actions import delete_child_account

    users = list(User.objects.filter(child_profile__in=profiles))
    for user in users:
        delete_child_account(user, reason=AccountDeletion.Reason.RETENTION)
    return len(users)


@register
def members_past_18(now):
    """A member who turned 18 is no longer a child: told at once, and the
    account deleted ``ADULT_GRACE_DAYS`` later whatever they do in between
    (``portal.accounts.ageing``, the one path for turning 18)."""
    from .ageing import process_turned_18

    told, deleted = process_turned_18(now)
    return told + deleted


@register
def inactive_children(now):
    """No sign-in for ``INACTIVE_AFTER``: warned; deleted ``WARNING_PERIOD``
    later unless the child signed in since the warning."""
    last_seen = Coalesce("user__last_login", "user__date_joined")
    # Signed in again after the warning: the account stays.
    back = ChildProfile.objects.filter(
        retention_warning=INACTIVE, user__last_login__gt=F("retention_warned_at")
    ).update(retention_warning="", retention_warned_at=None)
    profiles = ChildProfile.objects.alias(last_seen=last_seen)
    warned = _warn(
        profiles.filter(
            retention_warning="",
            adult_notified_at__isnull=True,  # turning 18 has its own path
            last_seen__lt=now - INACTIVE_AFTER,
        ),
        INACTIVE,
        now,
    )
    due = ChildProfile.objects.filter(
        retention_warning=INACTIVE, retention_warned_at__lte=now - WARNING_PERIOD
    ).filter(
        Q(user__last_login__isnull=True)
        | Q(user__last_login__lte=F("retention_warned_at"))
    )
    return back + warned + _delete(due)


# --- traces without a child attached -------------------------------------


@register
def account_deletion_traces(now):
    """The anonymous "an account was deleted, and why" rows: kept for the
    statistics of five KLA evaluations, then removed."""
    return AccountDeletion.objects.filter(
        deleted_at__lt=now - DELETION_TRACES_KEPT
    ).delete()[0]


@register
def ended_consent_proof(now):
    """Proof that consent was given and ended (no name, no link to a child):
    kept five years after it ended to answer a complaint, then removed."""
    return ConsentRecord.objects.filter(
        child__isnull=True,
        status=ConsentRecord.Status.REVOKED,
        revoked_at__lt=now - CONSENT_PROOF_KEPT,
    ).delete()[0]


@register
def old_notifications(now):
    """Messages to children and staff: a year is long enough to read them."""
    from portal.notifications.models import Notification

    return Notification.objects.filter(
        created_at__lt=now - NOTIFICATIONS_KEPT
    ).delete()[0]


@register
def expired_sessions(now):
    """Sessions past their expiry (``clearsessions``, with the same clock)."""
    from django.contrib.sessions.models import Session

    return Session.objects.filter(expire_date__lt=now).delete()[0]


@register
def old_log_entries(now):
    """Wagtail's admin history names accounts and titles of ideas that were
    never published: kept two years (a whole Musrenbang cycle and its
    follow-up), then removed."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    cutoff = now - LOG_ENTRIES_KEPT
    return (
        ModelLogEntry.objects.filter(timestamp__lt=cutoff).delete()[0]
        + PageLogEntry.objects.filter(timestamp__lt=cutoff).delete()[0]
    )
