"""State changes of an idea. Views, admin views, commands and Wagtail's
workflow signals all go through these functions, so every path checks the
same rules, writes the same event and sends the same signal."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.log_actions import log

from portal.accounts import permissions, roles
from portal.accounts.models import verified_consent_q
from portal.accounts.permissions import can
from portal.core.actions import ActionRefused
from portal.core.models import planning_agency
from portal.notifications.models import Message, Notification, notify

from . import residue
from .models import (
    CaseAuditLog,
    Proposal,
    ProposalEvent,
    Redaction,
    Report,
    SafeguardingCase,
)
from .signals import proposal_hidden_by_reports, proposal_status_changed

# Open reports from distinct children with verified consent that hide an idea.
REPORT_THRESHOLD = 3
DAILY_SUBMISSION_LIMIT = 5

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


def _notify_proposer(proposal, *, kind, title, body=""):
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


# --- submission ----------------------------------------------------------


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
    from .models import Cycle

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
    record(proposal, kind, actor=user, to_status=_status_while_moderated(proposal))
    return proposal


# --- moderation outcomes (called from Wagtail's workflow signals) --------


def _status_while_moderated(proposal):
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
        _notify_proposer(
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
    _notify_proposer(
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
            _status_while_moderated(proposal)
            if proposal.live
            else Proposal.Status.CHANGES_REQUESTED
        ),
        note=comment,
    )
    _notify_proposer(
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


# --- staff actions ---------------------------------------------------------


def require(user, perm):
    permissions.require(user, perm)


@transaction.atomic
def redact(proposal, moderator, selected_findings):
    """Replace the selected personal data in the latest revision with
    "[disensor]"; the child's other words stay exactly as written."""
    from . import checks

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

    from . import checks

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
    _refuse_if_escalated(proposal)
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
    from . import checks

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
    _notify_proposer(
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


@transaction.atomic
def escalate(proposal, moderator, reason):
    """A possible disclosure: hidden for good, a case for the Petugas
    Perlindungan with a 24-hour target counted from when the words reached
    the portal, and a frozen snapshot of what the officer needs.

    The child is not sent a message about it: a shared family phone would
    tell whoever holds it. The help numbers are on every page of the child's
    (``templates/accounts/my_page.html``, the footer)."""
    from . import safeguarding

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
    from . import safeguarding
    from .models import DangerClearance

    require(moderator, "proposals.moderate_proposal")
    _refuse_if_escalated(proposal)
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
        from . import safeguarding

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
    from . import safeguarding

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


def _refuse_if_escalated(proposal):
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
    _refuse_if_escalated(proposal)
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
    _notify_proposer(
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
    _refuse_if_escalated(proposal)
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
    _notify_proposer(
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


def log_case(case, user, action, details=""):
    return CaseAuditLog.objects.create(
        case=case, user=user, action=action, details=details
    )
