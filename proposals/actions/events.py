"""What every action of an idea shares: the public timeline event, the
entry in Wagtail's history, the notification to the child, the role shown
instead of a name and the permission check."""

from django.db import transaction
from wagtail.log_actions import log

from portal.accounts import permissions, roles
from portal.core.models import planning_agency
from portal.notifications.models import notify

from .. import residue
from ..models import (
    Proposal,
    ProposalEvent,
)
from ..signals import proposal_status_changed

_ROLE_ORDER = [
    roles.PERLINDUNGAN,
    roles.MODERATOR,
    roles.BAPPEDA,
    roles.OPD,
    roles.FASILITATOR,
    roles.ADMIN,
    roles.FORUM_ANAK,
    roles.ANAK,
]


def role_of(user):
    """The role shown on the public timeline instead of a person's name."""
    if user is None:
        return ""
    if getattr(user, "is_child", False):
        name = roles.FORUM_ANAK if user.has_role(roles.FORUM_ANAK) else roles.ANAK
        return str(roles.ROLE_LABELS[name])
    names = set(user.groups.values_list("name", flat=True))
    for name in _ROLE_ORDER:
        if name in names:
            if name == roles.BAPPEDA:  # the agency's own name, from the site settings
                return planning_agency()
            return str(roles.ROLE_LABELS[name])
    return str(roles.ROLE_LABELS[roles.ADMIN]) if user.is_superuser else ""


def record(
    proposal,
    kind,
    *,
    actor=None,
    to_status=None,
    note="",
    from_status=None,
    actor_role=None,
):
    """Change the status (if any) with a queryset update and write the event.

    The update never touches content or counts, so it cannot undo a
    concurrent support or a published revision."""
    from_status = proposal.status if from_status is None else from_status
    if to_status and to_status != proposal.status:
        Proposal.objects.filter(pk=proposal.pk).update(status=to_status)
        proposal.status = to_status
    event = ProposalEvent.objects.create(
        proposal=proposal,
        kind=kind,
        from_status=from_status,
        to_status=to_status or from_status,
        actor=actor,
        actor_role=actor_role if actor_role is not None else role_of(actor),
        note=note,
    )
    if to_status and to_status != from_status:
        transaction.on_commit(
            lambda: proposal_status_changed.send(
                Proposal,
                proposal=proposal,
                from_status=from_status,
                to_status=to_status,
                event=event,
            )
        )
    return event


def log_step(proposal, action, user, **data):
    """Write the step to Wagtail's log, so the idea's History tab tells the
    whole story (issue 12 item 4; labels in proposals/wagtail_hooks.py).

    The entry's label is the idea's number, never its title, and ``data``
    holds only codes and numbers: Wagtail's history screens must not carry
    a child's words (issue 11 item 10). What the child reads is the
    ``ProposalEvent``; the case's own log is ``CaseAuditLog``."""
    return log(
        proposal,
        action,
        user=user,
        title=residue.neutral_log_label(proposal.pk),
        data=data,
    )


def notify_proposer(proposal, *, kind, title, body=""):
    if proposal.proposer_id:
        notify(
            [proposal.proposer],
            kind=kind,
            title=title,
            body=body,
            url=f"/saya/#usulan-{proposal.pk}",
        )


def staff_in(*role_names):
    from portal.accounts.models import User

    return User.objects.filter(groups__name__in=role_names, is_active=True).distinct()


def require(user, perm):
    permissions.require(user, perm)
