"""The safeguarding rules in one place (issue 11 items 1-3).

* A **danger flag** stands on an idea while the revision under review has an
  automatic "possible danger" finding that no moderator cleared for that
  revision, or while a child's report with reason "danger" is open. While it
  stands nothing publishes the idea (``Proposal.publish`` asks
  ``danger_flag_stands``); the moderator escalates, or clears it with a
  recorded reason (``actions.clear_danger_flag``).
* The 24-hour clock of a case starts when the words reached the portal
  (``words_arrived_at``), not when a moderator got round to them.
* An open case keeps a **snapshot** of what the officer needs, taken when
  it opens, so that deleting the child's account cannot erase it.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts import roles
from portal.accounts.permissions import can
from portal.notifications.models import Message, Notification, notify

from . import checks
from .models import CaseAuditLog, DangerClearance, Proposal, Report, SafeguardingCase


def officers():
    """The Petugas Perlindungan who are told at once."""
    from portal.accounts.models import User

    return User.objects.filter(groups__name=roles.PERLINDUNGAN, is_active=True)


def officers_and_admins():
    from django.db.models import Q

    from portal.accounts.models import User

    return User.objects.filter(
        Q(groups__name__in=[roles.PERLINDUNGAN, roles.ADMIN]) | Q(is_superuser=True),
        is_active=True,
    ).distinct()


# --- the danger flag ---------------------------------------------------------


def revision_danger_findings(revision):
    """The automatic danger findings on the words of one revision."""
    if revision is None:
        return []
    content = revision.content or {}
    text = {name: content.get(name) or "" for name in Proposal.TEXT_FIELDS}
    return [f for f in checks.check_fields(text) if f.kind == checks.Kind.DANGER]


def open_danger_reports(proposal):
    return Report.objects.filter(
        proposal_id=proposal.pk,
        reason=Report.Reason.DANGER,
        resolved_at__isnull=True,
    )


def _revision_flagged(proposal, revision):
    return bool(
        revision is not None
        and revision_danger_findings(revision)
        and not DangerClearance.objects.filter(
            proposal_id=proposal.pk, revision=revision
        ).exists()
    )


def danger_flag_stands(proposal, revision=None):
    """Whether ``revision`` (by default the latest) may not be approved
    because of a possible danger. Computed afresh, never from the stored
    ``danger_flagged_at``: this is the last line of defence."""
    if revision is None:
        revision = proposal.get_latest_revision()
    return (
        _revision_flagged(proposal, revision) or open_danger_reports(proposal).exists()
    )


def refresh_danger_flag(proposal):
    """Keep ``Proposal.danger_flagged_at`` in step with the rule: set (to
    when the words reached the portal) while a flag stands, empty otherwise.
    Written with an update so that it never overwrites anything else."""
    row = (
        Proposal.objects.filter(pk=proposal.pk)
        .values("escalated_at", "danger_flagged_at", "latest_revision")
        .first()
    )
    if row is None:
        return None
    since = []
    if row["escalated_at"] is None:
        from wagtail.models import Revision

        revision = (
            Revision.objects.filter(pk=row["latest_revision"]).first()
            if row["latest_revision"]
            else None
        )
        if _revision_flagged(proposal, revision):
            since.append(revision.created_at)
        first_report = (
            open_danger_reports(proposal)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if first_report:
            since.append(first_report)
    flagged_at = None
    if since:
        flagged_at = row["danger_flagged_at"] or min(since)
    if flagged_at != row["danger_flagged_at"]:
        Proposal.objects.filter(pk=proposal.pk).update(danger_flagged_at=flagged_at)
    proposal.danger_flagged_at = flagged_at
    return flagged_at


def words_arrived_at(proposal):
    """When the words a case is about reached the portal: the start of a
    standing danger flag, else the submission of the revision under review
    (the child's submit or edit), else the idea's own submission."""
    if proposal.danger_flagged_at:
        return proposal.danger_flagged_at
    revision = proposal.get_latest_revision()
    if revision is not None:
        return revision.created_at
    return proposal.created_at


# --- the snapshot ------------------------------------------------------------


def _iso(value):
    return value.isoformat() if value else None


def take_snapshot(case):
    """Freeze what the officer needs into the case: the child's account,
    profile and consent, the words and the photo as the child sent them."""
    proposal = case.proposal
    draft = proposal.get_latest_revision_as_object() or proposal
    snapshot = {
        "diambil": timezone.now().isoformat(),
        "usulan": {
            "nomor": proposal.pk,
            "judul": draft.title,
            "masalah": draft.problem,
            "ide": draft.description,
            "kecamatan": draft.kecamatan.name if draft.kecamatan_id else "",
            "desa": draft.desa.name if draft.desa_id else "",
            "klaster": draft.get_cluster_display(),
            "dikirim": _iso(proposal.created_at),
        },
        "anak": None,
    }
    child = proposal.proposer
    if child is not None:
        profile = getattr(child, "child_profile", None)
        consents = list(child.consents.order_by("-given_at"))
        snapshot["anak"] = {
            "nama_panggilan": child.nickname,
            "username": child.username,
            "desa": profile.desa.name if profile else "",
            "kecamatan": profile.desa.kecamatan.name if profile else "",
            "tahun_lahir": profile.birth_year if profile else None,
            "usia": profile.age if profile else None,
            "jenis_kelamin": profile.get_gender_display() if profile else "",
            "disabilitas": (profile.get_disability_display() or "") if profile else "",
            "izin": [
                {
                    "cara": c.get_method_display(),
                    "status": c.get_status_display(),
                    "nama_orang_tua_wali": c.guardian_name,
                    "hubungan": c.get_guardian_relationship_display(),
                    "nomor_formulir": c.paper_reference,
                    "waktu": _iso(c.given_at),
                    "diverifikasi": _iso(c.verified_at),
                }
                for c in consents
            ],
        }
    elif proposal.proposer_group_id:
        snapshot["forum_anak"] = str(proposal.proposer_group)
    case.snapshot = snapshot
    update = ["snapshot"]
    if draft.photo and not case.snapshot_photo:
        try:
            with draft.photo.open("rb") as source:
                data = source.read()
        except OSError:
            data = None
        if data:
            case.snapshot_photo.save(
                f"kasus-{case.pk}.jpg", ContentFile(data), save=False
            )
            update.append("snapshot_photo")
    case.save(update_fields=update)
    return case


def case_child(case):
    """The child as the officer sees them: from the snapshot (which survives
    the account), else nothing."""
    return (case.snapshot or {}).get("anak")


# --- when the child's account goes while a case is open ----------------------


def freeze_open_cases_for(user, *, requested_by="", actor=None, reason=""):
    """The child's account is about to be deleted (by the child, or because
    consent was withdrawn). Each open case keeps its snapshot, records who
    asked and who acted, and the officers are told at once."""
    cases = list(
        SafeguardingCase.objects.filter(proposal__proposer=user)
        .exclude(status=SafeguardingCase.Status.CLOSED)
        .select_related("proposal")
    )
    for case in cases:
        if not case.snapshot.get("anak"):
            take_snapshot(case)
        values = {
            "reason": reason or "-",
            "who": requested_by or "-",
            "actor": (actor.get_username() if actor is not None else "-"),
        }
        details = (
            _("Alasan: %(reason)s; diminta oleh: %(who)s; dilakukan oleh: %(actor)s")
            % values
        )
        CaseAuditLog.objects.create(
            case=case,
            user=actor,
            action=CaseAuditLog.Action.ACCOUNT,
            details=details[:300],
        )
        notify(
            officers_and_admins(),
            kind=Notification.Kind.SAFEGUARDING,
            title=Message(
                gettext_noop(
                    "Akun anak pada %(case)s dihapus; salinan data kasus tetap "
                    "tersimpan"
                ),
                case=_case_name(case),
            ),
            body=Message(
                gettext_noop(
                    "Alasan: %(reason)s; diminta oleh: %(who)s; dilakukan oleh: "
                    "%(actor)s"
                ),
                **values,
            ),
            url=f"/admin/perlindungan/{case.pk}/",
        )
    return cases


def _case_name(case):
    """The case's name ("Kasus #5") as a message, translated when read."""
    return Message(gettext_noop("Kasus #%(pk)s"), pk=case.pk)


# --- overdue cases -------------------------------------------------------------


def alert_overdue_cases(now=None):
    """Tell the officers and the administrators, once per case, that the
    first response to a case is late. Run every few minutes by
    ``manage.py notify_overdue_cases`` and on every visit to the dashboard.
    Returns the cases alerted now."""
    now = now or timezone.now()
    due = SafeguardingCase.objects.filter(
        first_response_at__isnull=True,
        due_at__lt=now,
        overdue_alerted_at__isnull=True,
    ).exclude(status=SafeguardingCase.Status.CLOSED)
    alerted = []
    for case in due:
        with transaction.atomic():
            # One alert even when the command and a dashboard visit race.
            claimed = SafeguardingCase.objects.filter(
                pk=case.pk, overdue_alerted_at__isnull=True
            ).update(overdue_alerted_at=now)
            if not claimed:
                continue
            notify(
                officers_and_admins(),
                kind=Notification.Kind.SAFEGUARDING,
                title=Message(
                    gettext_noop("%(case)s melewati batas 24 jam tanpa tanggapan"),
                    case=_case_name(case),
                ),
                body=Message(
                    gettext_noop("Batas respons pertama: %(due)s. Tanggapi sekarang."),
                    due=timezone.localtime(case.due_at).strftime("%d-%m-%Y %H:%M"),
                ),
                url=f"/admin/perlindungan/{case.pk}/",
            )
        alerted.append(case)
    return alerted


CASE_FIELDS = ["status", "referral", "assigned_to"]


@transaction.atomic
def update_case(case, officer, *, note="", **changes):
    """The Petugas Perlindungan updates a case (status, referral, who holds
    it) and/or adds a note: one transaction, every change and note written
    to the case's audit log, the first response timed (issue 12 item 2)."""
    from django.core.exceptions import PermissionDenied

    from .models import CaseNote

    if not can(officer, "proposals.handle_case"):
        raise PermissionDenied
    case = SafeguardingCase.objects.select_for_update().get(pk=case.pk)
    changed = [
        name
        for name in CASE_FIELDS
        if name in changes and getattr(case, name) != changes[name]
    ]
    note = (note or "").strip()
    if not changed and not note:
        return case
    for name in changed:
        setattr(case, name, changes[name])
    if case.first_response_at is None:
        case.first_response_at = timezone.now()
    case.save()
    if changed:
        CaseAuditLog.objects.create(
            case=case,
            user=officer,
            action=CaseAuditLog.Action.CHANGE,
            details=", ".join(changed),
        )
    if note:
        CaseNote.objects.create(case=case, author=officer, text=note)
        CaseAuditLog.objects.create(
            case=case, user=officer, action=CaseAuditLog.Action.NOTE
        )
    return case
