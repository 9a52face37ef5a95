"""A possible disclosure goes to the Petugas Perlindungan: escalation, a
flag cleared with a reason, and the case's own log."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts import roles
from portal.core.actions import ActionRefused
from portal.notifications.models import Message, Notification, notify

from ..models import (
    CaseAuditLog,
    Proposal,
    ProposalEvent,
    SafeguardingCase,
)
from .events import log_step, record, require, staff_in
from .moderation import refuse_if_escalated


@transaction.atomic
def escalate(proposal, moderator, reason):
    """A possible disclosure: hidden for good, a case for the Petugas
    Perlindungan with a 24-hour target counted from when the words reached
    the portal, and a frozen snapshot of what the officer needs.

    The child is not sent a message about it: a shared family phone would
    tell whoever holds it. The help numbers are on every page of the child's
    (``templates/accounts/my_page.html``, the footer)."""
    from .. import safeguarding

    require(moderator, "proposals.moderate_proposal")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.escalated_at:
        return proposal.safeguarding_case
    arrived = safeguarding.words_arrived_at(proposal)
    workflow_state = proposal.current_workflow_state
    if workflow_state:
        workflow_state.cancel(user=moderator)
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        live=False,
        escalated_at=now,
        status=Proposal.Status.ESCALATED,
        danger_flagged_at=None,
    )
    from_status = proposal.status
    proposal.live, proposal.escalated_at = False, now
    proposal.danger_flagged_at = None
    record(
        proposal,
        ProposalEvent.Kind.ESCALATED,
        actor=moderator,
        to_status=Proposal.Status.ESCALATED,
        from_status=from_status,
    )
    log_step(proposal, "portal.escalate", moderator)
    safeguarding.open_danger_reports(proposal).update(
        resolved_at=now, resolved_by=moderator, resolution="escalated"
    )
    case = SafeguardingCase.objects.create(
        proposal=proposal,
        opened_by=moderator,
        reason=reason,
        opened_at=now,
        due_at=arrived + timedelta(hours=SafeguardingCase.RESPONSE_HOURS),
    )
    CaseAuditLog.objects.create(
        case=case, user=moderator, action=CaseAuditLog.Action.OPEN
    )
    safeguarding.take_snapshot(case)
    notify(
        staff_in(roles.PERLINDUNGAN),
        kind=Notification.Kind.SAFEGUARDING,
        title=Message(gettext_noop("Kasus perlindungan baru: tanggapi dalam 24 jam")),
        url=f"/admin/perlindungan/{case.pk}/",
    )
    return case


@transaction.atomic
def clear_danger_flag(proposal, moderator, reason):
    """The moderator read the words and decides they are not a disclosure:
    the flag on the revision under review (and any open "danger" reports) is
    cleared with a recorded reason that the Petugas Perlindungan reviews.
    A later edit is checked again."""
    from .. import safeguarding
    from ..models import DangerClearance

    require(moderator, "proposals.moderate_proposal")
    refuse_if_escalated(proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Tulis alasan kenapa ini bukan tanda bahaya."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    revision = proposal.get_latest_revision()
    if not safeguarding.danger_flag_stands(proposal, revision):
        raise ActionRefused(_("Tidak ada tanda bahaya pada ide ini."))
    findings = safeguarding.revision_danger_findings(revision)
    reports = safeguarding.open_danger_reports(proposal)
    clearance = DangerClearance.objects.create(
        proposal=proposal,
        revision=revision,
        cleared_by=moderator,
        reason=reason,
        findings=", ".join(sorted({f.text for f in findings}))[:500],
        reports=reports.count(),
    )
    reports.update(
        resolved_at=clearance.cleared_at,
        resolved_by=moderator,
        resolution="danger_cleared",
    )
    safeguarding.refresh_danger_flag(proposal)
    # Taken down by a danger report alone: back once the flag is cleared.
    # Other open reports still wait for the moderator (``resolve_reports``).
    if (
        proposal.status == Proposal.Status.HIDDEN
        and not proposal.reports.filter(resolved_at__isnull=True).exists()
        and not safeguarding.danger_flag_stands(proposal)
    ):
        record(
            proposal,
            ProposalEvent.Kind.RESTORED,
            actor=moderator,
            to_status=Proposal.Status.PUBLISHED,
        )
    return clearance


def log_case(case, user, action, details=""):
    return CaseAuditLog.objects.create(
        case=case, user=user, action=action, details=details
    )
