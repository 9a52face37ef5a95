"""Retention of safeguarding cases (docs/retention.md), registered with
``portal.accounts.retention`` and run by ``apply_retention``."""

from django.db.models import Exists, OuterRef
from wagtail.models import ModelLogEntry, Revision

from portal.accounts.retention import CLOSED_CASES_KEPT

from .models import (
    CaseAuditLog,
    CaseNote,
    Proposal,
    ProposalEvent,
    SafeguardingCase,
)

ERASED_TITLE = "[dihapus: masa simpan]"

# A view of a closed case does not keep it longer: only what was done counts.
_ACTIONS = [
    CaseAuditLog.Action.OPEN,
    CaseAuditLog.Action.CHANGE,
    CaseAuditLog.Action.NOTE,
]


def closed_cases(now):
    """A closed case is kept five years after its last action (the child
    may come back, a referral may be questioned), then what the child wrote
    (text, photo, revisions, history), the officers' notes and the audit log
    are erased. UPTD PPA keeps its own file of the case; the portal keeps
    only the case's dates, status and referral, so that response times can
    still be reported."""
    cutoff = now - CLOSED_CASES_KEPT
    recent_action = CaseAuditLog.objects.filter(
        case=OuterRef("pk"), action__in=_ACTIONS, at__gte=cutoff
    )
    recent_note = CaseNote.objects.filter(case=OuterRef("pk"), created_at__gte=cutoff)
    due = (
        SafeguardingCase.objects.filter(
            status=SafeguardingCase.Status.CLOSED,
            content_erased_at__isnull=True,
            opened_at__lt=cutoff,
        )
        .exclude(Exists(recent_action))
        .exclude(Exists(recent_note))
        .select_related("proposal")
    )
    erased = 0
    for case in due:
        _erase(case, now)
        erased += 1
    return erased


def _erase(case, now):
    proposal = case.proposal
    for name in ("photo", "photo_480", "photo_960", "paper_scan"):
        field = getattr(proposal, name)
        if field:
            field.delete(save=False)
    Proposal.objects.filter(pk=proposal.pk).update(
        title=ERASED_TITLE,
        problem="",
        description="",
        desa=None,
        proposer=None,
        photo="",
        photo_480="",
        photo_960="",
        paper_scan="",
        latest_revision=None,
        live_revision=None,
    )
    Revision.objects.for_instance(proposal).delete()
    ModelLogEntry.objects.for_instance(proposal).delete()
    ProposalEvent.objects.filter(proposal=proposal).update(note="")
    case.notes.all().delete()
    case.audit.all().delete()
    if case.snapshot_photo:
        case.snapshot_photo.delete(save=False)
    # The frozen copy of the child's account and words goes with the rest.
    SafeguardingCase.objects.filter(pk=case.pk).update(
        reason="", snapshot={}, snapshot_photo="", content_erased_at=now
    )
