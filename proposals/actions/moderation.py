"""The moderator's decisions on an idea: Wagtail's workflow outcomes,
redaction, the public name, taking an idea down and merging duplicates."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.core.actions import ActionRefused
from portal.notifications.models import Message, Notification

from .. import residue
from ..models import (
    Proposal,
    ProposalEvent,
    Redaction,
)
from .events import log_step, notify_proposer, record, require


def status_while_moderated(proposal):
    """A published idea stays published while an edit is reviewed; an idea
    hidden after reports stays hidden until a moderator decides on them."""
    if proposal.status == Proposal.Status.HIDDEN:
        return Proposal.Status.HIDDEN
    return Proposal.Status.PUBLISHED if proposal.live else Proposal.Status.IN_MODERATION


def on_workflow_approved(proposal, user):
    from_status = proposal.status
    # The photo of the version this one replaces is needed no more.
    residue.release_unused_files(proposal)
    record(
        proposal,
        ProposalEvent.Kind.PUBLISHED,
        actor=user,
        to_status=(
            Proposal.Status.HIDDEN
            if from_status == Proposal.Status.HIDDEN
            else Proposal.Status.PUBLISHED
        ),
        from_status=from_status,
    )
    if proposal.status == Proposal.Status.HIDDEN:
        notify_proposer(
            proposal,
            kind=Notification.Kind.MODERATION,
            title=Message(
                gettext_noop("Perubahan idemu “%(title)s” sudah disetujui"),
                title=proposal.title,
            ),
            body=Message(
                gettext_noop(
                    "Idemu sedang diperiksa moderator karena ada laporan. Kamu akan "
                    "diberi kabar setelah diputuskan."
                )
            ),
        )
        return
    notify_proposer(
        proposal,
        kind=Notification.Kind.MODERATION,
        title=Message(
            gettext_noop("Idemu “%(title)s” sudah tampil!"), title=proposal.title
        ),
        body=Message(
            gettext_noop(
                "Moderator sudah membacanya. Sekarang teman-temanmu bisa mendukungnya."
            )
        ),
    )


def on_workflow_rejected(proposal, user, comment):
    record(
        proposal,
        ProposalEvent.Kind.CHANGES_REQUESTED,
        actor=user,
        to_status=(
            status_while_moderated(proposal)
            if proposal.live
            else Proposal.Status.CHANGES_REQUESTED
        ),
        note=comment,
    )
    notify_proposer(
        proposal,
        kind=Notification.Kind.MODERATION,
        title=Message(
            gettext_noop("Idemu “%(title)s” perlu diperbaiki sedikit"),
            title=proposal.title,
        ),
        body=comment
        or Message(
            gettext_noop(
                "Moderator meminta perbaikan. Buka idemu, perbaiki, lalu kirim lagi."
            )
        ),
    )


@transaction.atomic
def redact(proposal, moderator, selected_findings):
    """Replace the selected personal data in the latest revision with
    "[disensor]"; the child's other words stay exactly as written."""
    from .. import checks

    require(moderator, "proposals.moderate_proposal")
    draft = proposal.get_latest_revision_as_object()
    by_field = {}
    for finding in selected_findings:
        if finding.kind != checks.Kind.PERSONAL_DATA:
            continue
        by_field.setdefault(finding.field, []).append(finding)
    if not by_field:
        return proposal
    removed = set()
    for field, findings in by_field.items():
        text = getattr(draft, field) or ""
        removed.update(text[f.start : f.end] for f in findings)
        setattr(draft, field, checks.redact(text, findings))
        for finding in findings:
            Redaction.objects.create(
                proposal=proposal,
                field=field,
                category=finding.category,
                length=finding.end - finding.start,
                redacted_by=moderator,
            )
    if not proposal.live:
        draft.save()
    draft.save_revision(user=moderator, log_action=True)
    # Every earlier copy (revisions, log entries, comments, notifications,
    # the search index) loses the removed words too (issue 11 item 9).
    residue.scrub_everywhere(removed, proposals=[proposal], replacement=checks.REDACTED)
    record(
        proposal,
        ProposalEvent.Kind.REDACTED,
        actor=moderator,
        note=_("%(n)s data pribadi disensor.") % {"n": len(selected_findings)},
    )
    log_step(proposal, "portal.redact", moderator, count=len(selected_findings))
    return proposal


def manual_findings(draft, words):
    """Every place in the latest revision where the words a moderator typed
    occur, as findings to redact."""
    from django.utils.translation import gettext_lazy

    from .. import checks

    words = (words or "").strip()
    found = []
    if not words:
        return found
    for field, text in draft.text_content().items():
        start = text.find(words)
        while start != -1:
            found.append(
                checks.Finding(
                    kind=checks.Kind.PERSONAL_DATA,
                    category="manual",
                    field=field,
                    start=start,
                    end=start + len(words),
                    text=words,
                    label=gettext_lazy("Disensor moderator"),
                )
            )
            start = text.find(words, start + len(words))
    return found


@transaction.atomic
def redact_selection(proposal, moderator, selected, *, manual=""):
    """The moderator's redaction screen: the findings ticked, plus every
    place of the words typed by hand. Returns how many parts were redacted."""
    require(moderator, "proposals.moderate_proposal")
    refuse_if_escalated(proposal)
    selected = list(selected)
    if (manual or "").strip():
        found = manual_findings(proposal.get_latest_revision_as_object(), manual)
        if not found:
            raise ActionRefused(
                _(
                    "Kata yang diketik tidak ditemukan di ide ini; tidak ada yang disensor."
                )
            )
        selected += found
    if selected:
        redact(proposal, moderator, selected)
    return len(selected)


@transaction.atomic
def remove_public_name(proposal, moderator):
    """The child's nickname fails the public-name checks (a phone number, a
    rude word, a staff title): the moderator removes it, so the idea can be
    approved and shows "Anak dari Kecamatan X" until the child picks a new
    name on /saya/nama/ (issue 11 item 6). The name itself is not kept in
    the event: only that it was removed."""
    from .. import checks

    require(moderator, "proposals.moderate_proposal")
    child = proposal.proposer
    if child is None or proposal.proposer_group_id or not child.nickname:
        return proposal
    findings = checks.check_public_name(child.nickname)
    if not findings:
        return proposal
    length = len(child.nickname)
    child.nickname = ""
    child.save(update_fields=["nickname"])
    Redaction.objects.create(
        proposal=proposal,
        field=checks.NICKNAME_FIELD,
        category=findings[0].category,
        length=length,
        redacted_by=moderator,
    )
    record(
        proposal,
        ProposalEvent.Kind.REDACTED,
        actor=moderator,
        note=_("Nama panggilan anak dihapus dari tampilan publik."),
    )
    log_step(proposal, "portal.redact", moderator, count=1)
    notify_proposer(
        proposal,
        kind=Notification.Kind.MODERATION,
        title=Message(gettext_noop("Pilih nama panggilan baru")),
        body=Message(
            gettext_noop(
                "Nama panggilanmu tidak bisa ditampilkan, jadi idemu tampil sebagai "
                "“Anak dari Kecamatan”. Kamu bisa memilih nama panggilan baru di "
                "halaman Saya."
            )
        ),
    )
    return proposal


def refuse_if_escalated(proposal):
    """An escalated idea stays with the Petugas Perlindungan for good (the
    database enforces it): no other outcome may be recorded for it."""
    if Proposal.objects.filter(pk=proposal.pk, escalated_at__isnull=False).exists():
        raise ActionRefused(
            _(
                "Ide ini sudah diteruskan ke Petugas Perlindungan; keputusan lain "
                "tidak bisa diambil di sini."
            )
        )


@transaction.atomic
def unpublish(proposal, moderator, note_for_child):
    require(moderator, "proposals.moderate_proposal")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    refuse_if_escalated(proposal)
    if proposal.live:
        proposal.unpublish(user=moderator, log_action=True)
    workflow_state = proposal.current_workflow_state
    if workflow_state:
        workflow_state.cancel(user=moderator)
    Proposal.objects.filter(pk=proposal.pk).update(live=False)
    record(
        proposal,
        ProposalEvent.Kind.NOT_PUBLISHED,
        actor=moderator,
        to_status=Proposal.Status.NOT_PUBLISHED,
        note=note_for_child,
    )
    notify_proposer(
        proposal,
        kind=Notification.Kind.MODERATION,
        title=Message(
            gettext_noop("Idemu “%(title)s” tidak diterbitkan"), title=proposal.title
        ),
        body=note_for_child,
    )


@transaction.atomic
def merge(proposal, into, moderator, note=""):
    """Duplicates: the merged idea points to the one kept, and leaves lists."""
    require(moderator, "proposals.moderate_proposal")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    refuse_if_escalated(proposal)
    into = Proposal.objects.get(pk=into.pk)
    if into.pk == proposal.pk or into.merged_into_id or not into.is_public:
        raise ActionRefused(_("Gabungkan ke ide lain yang sedang tampil."))
    Proposal.objects.filter(pk=proposal.pk).update(
        merged_into=into, status=Proposal.Status.MERGED
    )
    from_status = proposal.status
    proposal.merged_into = into
    record(
        proposal,
        ProposalEvent.Kind.MERGED,
        actor=moderator,
        to_status=Proposal.Status.MERGED,
        from_status=from_status,
        note=note or _("Digabung dengan ide #%(pk)s yang mirip.") % {"pk": into.pk},
    )
    log_step(proposal, "portal.merge", moderator, into=into.pk)
    workflow_state = proposal.current_workflow_state
    if workflow_state:
        workflow_state.cancel(user=moderator)
    notify_proposer(
        proposal,
        kind=Notification.Kind.MODERATION,
        title=Message(gettext_noop("Idemu digabung dengan ide yang mirip")),
        body=Message(
            gettext_noop(
                "Idemu mirip dengan “%(title)s”, jadi keduanya digabung. Dukung ide itu!"
            ),
            title=into.title,
        ),
    )
