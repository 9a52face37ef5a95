"""Children report a published idea; enough distinct reports hide it
until a moderator decides."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts import roles
from portal.accounts.models import verified_consent_q
from portal.core.actions import ActionRefused
from portal.notifications.models import Message, Notification, notify

from ..models import (
    Proposal,
    ProposalEvent,
    Report,
)
from ..signals import proposal_hidden_by_reports
from .events import record, require, staff_in
from .moderation import unpublish

# Open reports from distinct children with verified consent that hide an idea.
REPORT_THRESHOLD = 3


@transaction.atomic
def report(proposal, reporter, reason, details=""):
    """A child reports a published idea, once. Moderators are told of every
    report. The third open report from a child whose consent a facilitator
    verified hides the idea until a moderator decides: reports from
    unverified accounts are recorded and read by the moderators but do not
    count toward hiding, so one child with many self-made accounts cannot
    take any idea down (issue 11 item 17, docs/SECURITY.md)."""
    if not reporter.can_take_part:
        raise ActionRefused(_("Akunmu belum bisa melapor."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_public or proposal.proposer_id == reporter.pk:
        raise PermissionDenied
    created = Report.objects.get_or_create(
        proposal=proposal,
        reporter=reporter,
        defaults={"reason": reason, "details": details[:500]},
    )[1]
    if not created:
        return False
    open_reports = proposal.reports.filter(resolved_at__isnull=True)
    counted = (
        open_reports.filter(verified_consent_q("reporter__"))
        .values("reporter")
        .distinct()
        .count()
    )
    if reason == Report.Reason.DANGER:
        from .. import safeguarding

        # A child may be in danger: the Petugas Perlindungan is told at once,
        # and nothing of the idea can be approved until the flag is handled.
        safeguarding.refresh_danger_flag(proposal)
        # A verified child's danger report takes a public idea down at once
        # (one unverified account cannot hide any idea this way: issue 11
        # item 17); it comes back only when the flag is cleared with a reason.
        if proposal.status == Proposal.Status.PUBLISHED and (
            open_reports.filter(reporter=reporter)
            .filter(verified_consent_q("reporter__"))
            .exists()
        ):
            record(
                proposal, ProposalEvent.Kind.HIDDEN, to_status=Proposal.Status.HIDDEN
            )
        notify(
            staff_in(roles.PERLINDUNGAN),
            kind=Notification.Kind.SAFEGUARDING,
            title=Message(
                gettext_noop(
                    "Laporan anak: mungkin ada anak dalam bahaya (ide #%(pk)s)"
                ),
                pk=proposal.pk,
            ),
            body=Message(
                gettext_noop("Segera periksa bersama moderator; batas respons 24 jam.")
            ),
            url="/admin/laporan/",
        )
    notify(
        staff_in(roles.MODERATOR),
        kind=Notification.Kind.REPORT,
        title=Message(
            gettext_noop(
                "Laporan baru untuk ide #%(pk)s (%(n)s laporan, %(verified)s dari "
                "anak terverifikasi)"
            ),
            pk=proposal.pk,
            n=open_reports.count(),
            verified=counted,
        ),
        url="/admin/laporan/",
    )
    if counted >= REPORT_THRESHOLD and proposal.status != Proposal.Status.HIDDEN:
        record(
            proposal,
            ProposalEvent.Kind.HIDDEN,
            to_status=Proposal.Status.HIDDEN,
        )
        transaction.on_commit(
            lambda: proposal_hidden_by_reports.send(Proposal, proposal=proposal)
        )
    return True


@transaction.atomic
def resolve_reports(proposal, moderator, *, keep_public):
    """The moderator decides on reported content: show it again, or take it
    down (not published) with a note for the child."""
    from .. import safeguarding

    require(moderator, "proposals.moderate_proposal")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if safeguarding.open_danger_reports(proposal).exists():
        raise ActionRefused(
            _(
                "Ada laporan bahwa anak mungkin dalam bahaya: alihkan ke Petugas "
                "Perlindungan, atau bersihkan tanda bahaya dengan alasan dulu."
            )
        )
    now = timezone.now()
    resolution = "kept" if keep_public else "removed"
    proposal.reports.filter(resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=moderator, resolution=resolution
    )
    if keep_public:
        if proposal.status == Proposal.Status.HIDDEN:
            record(
                proposal,
                ProposalEvent.Kind.RESTORED,
                actor=moderator,
                to_status=Proposal.Status.PUBLISHED,
            )
    else:
        unpublish(
            proposal, moderator, _("Ide ini dilaporkan dan diturunkan oleh moderator.")
        )
