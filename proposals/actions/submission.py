"""A child (or a facilitator for a Forum Anak group) submits and edits an
idea: the daily limit, the open cycle, the photo."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from portal.accounts.permissions import can
from portal.core.actions import ActionRefused

from .. import residue
from ..models import (
    Proposal,
    ProposalEvent,
)
from .events import record
from .moderation import status_while_moderated

DAILY_SUBMISSION_LIMIT = 5


@dataclass
class PhotoFiles:
    original: bytes
    renditions: dict


def _store_photo(proposal, photo):
    if photo is None:
        return
    stem = get_random_string(20).lower()
    proposal.photo.save(f"{stem}.jpg", ContentFile(photo.original), save=False)
    for width, field in ((480, "photo_480"), (960, "photo_960")):
        data = photo.renditions.get(width)
        if data is None:  # smaller than the rendition: use the largest we have
            smaller = [w for w in photo.renditions if w <= width]
            data = photo.renditions[max(smaller)] if smaller else photo.original
        getattr(proposal, field).save(
            f"{stem}-{width}.jpg", ContentFile(data), save=False
        )


def submissions_today(user):
    since = timezone.now() - timedelta(days=1)
    return (
        Proposal.objects.filter(proposer=user, created_at__gte=since).count()
        + Proposal.objects.filter(entered_by=user, created_at__gte=since)
        .exclude(proposer=user)
        .count()
    )


def counts_toward_daily_limit(user):
    """The children's 5-a-day limit is for children. A facilitator typing
    in a Forum Anak's paper ideas after a session is not limited by it
    (issue 12 item 6); the view's rate limit still holds."""
    return user.is_child


def open_cycle():
    from ..models import Cycle

    cycle = Cycle.objects.current()
    return cycle if cycle and cycle.is_open else None


def can_submit(user):
    """Children with active consent, and facilitators entering offline ideas."""
    return user.is_authenticated and (
        user.can_take_part or can(user, "proposals.enter_paper_proposal")
    )


@transaction.atomic
def submit(
    user,
    *,
    data,
    cycle,
    photo=None,
    group=None,
    offline=None,
    paper_scan=None,
    seeding=False,
):
    """A new idea enters pre-moderation. Nothing of it is public until a
    moderator approves it (``live`` stays False).

    Only while the cycle is open, and at most ``DAILY_SUBMISSION_LIMIT`` a
    day for a child (not for a facilitator typing in paper ideas). Only
    code that seeds data (``seed_demo``, the test factories) passes
    ``seeding=True`` to build ideas of past cycles."""
    if not can_submit(user):
        raise PermissionDenied(_("Akunmu belum bisa mengirim ide."))
    is_facilitator = not user.is_child
    if is_facilitator and group is None:
        raise ActionRefused(_("Fasilitator mengirim ide atas nama Forum Anak."))
    if not seeding and (cycle is None or not cycle.is_open):
        raise ActionRefused(
            _("Pengiriman ide sedang ditutup. Simpan idemu dan coba lagi nanti.")
        )
    if (
        not seeding
        and counts_toward_daily_limit(user)
        and submissions_today(user) >= DAILY_SUBMISSION_LIMIT
    ):
        raise ActionRefused(
            _(
                "Kamu sudah mengirim %(n)s ide dalam 24 jam terakhir. Idemu yang ini "
                "tetap tersimpan di HP-mu; kirim lagi besok, ya."
            )
            % {"n": DAILY_SUBMISSION_LIMIT}
        )
    if is_facilitator:
        # Only for a Forum Anak in the facilitator's care, and logged
        # (issue 11 item 16).
        from portal.accounts.actions import record_facilitator_action
        from portal.accounts.care import require_group_in_care
        from portal.accounts.models import FacilitatorAction

        require_group_in_care(user, group)
        record_facilitator_action(user, FacilitatorAction.Kind.PAPER_IDEA, group=group)
    proposal = Proposal(
        title=data["title"],
        problem=data["problem"],
        description=data["description"],
        kecamatan=data["kecamatan"],
        desa=data.get("desa"),
        cluster=data["cluster"],
        cycle=cycle,
        live=False,
        status=Proposal.Status.IN_MODERATION,
    )
    if is_facilitator:
        proposal.proposer_group = group
        proposal.entered_by = user
        proposal.channel = Proposal.Channel.OFFLINE if offline else Proposal.Channel.WEB
        if offline:
            proposal.offline_children_count = offline
        if paper_scan is not None:
            proposal.paper_scan.save(
                f"{get_random_string(20).lower()}-{paper_scan.name[-40:]}",
                paper_scan,
                save=False,
            )
    else:
        proposal.proposer = user
        proposal.proposer_kecamatan = user.child_profile.desa.kecamatan
    _store_photo(proposal, photo)
    proposal.save()
    proposal.save_revision(user=user, log_action=True)
    proposal.get_workflow().start(proposal, user)
    record(proposal, ProposalEvent.Kind.SUBMITTED, actor=user, from_status="")
    return proposal


def can_edit(user, proposal):
    if proposal.escalated_at or proposal.status in (
        Proposal.Status.ESCALATED,
        Proposal.Status.MERGED,
        Proposal.Status.NOT_PUBLISHED,
    ):
        return False
    if proposal.proposer_id and proposal.proposer_id == user.pk:
        return user.can_take_part
    return bool(
        proposal.entered_by_id == user.pk
        and can(user, "proposals.enter_paper_proposal")
    )


@transaction.atomic
def edit(user, proposal, *, data, photo=None):
    """The child edits: a new revision goes through moderation; an approved
    version stays public until the edit is approved."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not can_edit(user, proposal):
        raise ActionRefused(_("Ide ini tidak bisa diubah lagi."))
    draft = proposal.get_latest_revision_as_object()
    for name in ["title", "problem", "description", "kecamatan", "desa", "cluster"]:
        setattr(draft, name, data.get(name))
    _store_photo(draft, photo)
    if not proposal.live:
        # Never public yet: the row may follow the draft.
        draft.save()
    draft.save_revision(user=user, log_action=True)
    if photo is not None:
        # The superseded draft's photo is needed by no revision any more.
        residue.release_unused_files(proposal)
    workflow_state = proposal.current_workflow_state
    if workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user)
        kind = ProposalEvent.Kind.RESUBMITTED
    elif workflow_state and workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        kind = ProposalEvent.Kind.EDITED
    else:
        proposal.get_workflow().start(proposal, user)
        kind = ProposalEvent.Kind.EDITED
    record(proposal, kind, actor=user, to_status=status_while_moderated(proposal))
    return proposal
