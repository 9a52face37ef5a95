"""Moderation and safeguarding screens in the Wagtail admin.

Each screen is a thin view over an action in ``actions.py``; permission is
checked here for a clear 403 and again inside the action."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts import permissions, roles
from portal.core.actions import ActionRefused

from . import actions, checks, safeguarding
from .models import (
    CaseAuditLog,
    DangerClearance,
    Proposal,
    SafeguardingCase,
)

MODERATORS = "proposals.moderate_proposal"
SAFEGUARDING = "proposals.handle_case"
# An escalated idea's words are read through its case only (logged), never
# through a moderation screen.
NOT_ESCALATED = Proposal.objects.filter(escalated_at__isnull=True)


def _require(request, perm):
    permissions.require(request.user, perm)


def findings_for(proposal):
    """Automatic checks on what the moderator is about to approve: the
    latest revision, not the live row."""
    draft = proposal.get_latest_revision_as_object()
    return draft, checks.check_fields(draft.text_content())


# --- moderation -------------------------------------------------------------


def redact_view(request, pk):
    _require(request, MODERATORS)
    proposal = get_object_or_404(NOT_ESCALATED, pk=pk)
    draft, findings = findings_for(proposal)
    personal = [f for f in findings if f.kind == checks.Kind.PERSONAL_DATA]
    if request.method == "POST":
        chosen = {int(i) for i in request.POST.getlist("finding") if i.isdigit()}
        selected = [f for i, f in enumerate(personal) if i in chosen]
        try:
            count = actions.redact_selection(
                proposal,
                request.user,
                selected,
                manual=request.POST.get("manual", ""),
            )
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if count:
                messages.success(request, _("%(n)s bagian disensor.") % {"n": count})
        return redirect("wagtailsnippets_proposals_proposal:edit", pk)
    return render(
        request,
        "proposals/admin/redact.html",
        {"proposal": proposal, "draft": draft, "findings": list(enumerate(personal))},
    )


def revision_photo_view(request, pk, revision_id, width):
    """The photo of the revision under review (issue 11 item 7): what
    becomes public on approval is what the moderator sees, not the live
    row's photo, which an edit does not change until it is approved.
    Moderators only; never cached."""
    from django.http import Http404, HttpResponse

    _require(request, MODERATORS)
    proposal = get_object_or_404(NOT_ESCALATED, pk=pk)
    revision = get_object_or_404(proposal.revisions, pk=revision_id)
    content = revision.as_object()
    field = {
        480: content.photo_480 or content.photo,
        960: content.photo_960 or content.photo,
        0: content.photo,
    }.get(width)
    if not field:
        raise Http404
    with field.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def remove_name_view(request, pk):
    """Remove a nickname that fails the public-name checks (issue 11 item
    6); asks to confirm, because the child's account changes."""
    _require(request, MODERATORS)
    proposal = get_object_or_404(Proposal, pk=pk)
    child = proposal.proposer
    nickname = child.nickname if child and not proposal.proposer_group_id else ""
    findings = checks.check_public_name(nickname) if nickname else []
    if request.method == "POST":
        actions.remove_public_name(proposal, request.user)
        if findings:
            messages.success(request, _("Nama panggilan dihapus dari tampilan publik."))
        return redirect("wagtailsnippets_proposals_proposal:edit", pk)
    return render(
        request,
        "proposals/admin/remove_name.html",
        {"proposal": proposal, "nickname": nickname, "findings": findings},
    )


def names_view(request):
    """ "Nama panggilan baru": public names changed after one was approved
    wait here; the moderator approves one (it replaces the old name on every
    public page) or refuses it (the child keeps the approved name and is
    told to pick another). h6, completing issue 11 item 6."""
    from portal.accounts import public_name

    _require(request, MODERATORS)
    pending = public_name.pending_names().select_related(
        "child_profile__desa__kecamatan"
    )
    if request.method == "POST":
        child = pending.filter(pk=request.POST.get("user") or 0).first()
        decision = request.POST.get("decision")
        if child is not None and decision == "approve":
            if public_name.approve(child):
                messages.success(request, _("Nama panggilan disetujui."))
        elif child is not None and decision == "refuse":
            if public_name.refuse(child):
                messages.success(
                    request, _("Nama panggilan ditolak; nama lama tetap dipakai.")
                )
        return redirect("proposals_admin:names")
    rows = [
        {
            "child": child,
            "findings": checks.check_public_name(child.nickname),
        }
        for child in pending[:200]
    ]
    return render(request, "proposals/admin/names.html", {"rows": rows})


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Kenapa ide ini perlu ditangani petugas perlindungan?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def escalate_view(request, pk):
    _require(request, MODERATORS)
    proposal = get_object_or_404(NOT_ESCALATED, pk=pk)
    form = EscalateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.escalate(proposal, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "Ide disembunyikan untuk seterusnya dan diteruskan ke Petugas Perlindungan."
            ),
        )
        return redirect("wagtailsnippets_proposals_proposal:list")
    return render(
        request, "proposals/admin/escalate.html", {"proposal": proposal, "form": form}
    )


class ClearDangerForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy(
            "Kenapa ini bukan tanda anak dalam bahaya? (dibaca Petugas Perlindungan)"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
    )


def clear_danger_view(request, pk):
    """The only way past a danger flag other than escalating: a recorded
    reason, reviewed by the Petugas Perlindungan."""
    _require(request, MODERATORS)
    proposal = get_object_or_404(NOT_ESCALATED, pk=pk)
    revision = proposal.get_latest_revision()
    findings = safeguarding.revision_danger_findings(revision)
    reports = safeguarding.open_danger_reports(proposal)
    form = ClearDangerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.clear_danger_flag(
                proposal, request.user, form.cleaned_data["reason"]
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Tanda bahaya dibersihkan; alasannya tercatat untuk petugas."),
            )
        return redirect("wagtailsnippets_proposals_proposal:edit", pk)
    return render(
        request,
        "proposals/admin/clear_danger.html",
        {
            "proposal": proposal,
            "form": form,
            "findings": findings,
            "reports": reports,
        },
    )


def clearances_view(request):
    """For the Petugas Perlindungan: every danger flag a moderator cleared,
    with who, when, why and what was found, to review."""
    _require(request, SAFEGUARDING)
    clearances = DangerClearance.objects.select_related("cleared_by", "proposal")[:200]
    return render(
        request, "proposals/admin/clearances.html", {"clearances": clearances}
    )


class NotPublishForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Pesan untuk anak (kenapa ide ini tidak diterbitkan)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def not_publish_view(request, pk):
    _require(request, MODERATORS)
    proposal = get_object_or_404(NOT_ESCALATED, pk=pk)
    form = NotPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.unpublish(proposal, request.user, form.cleaned_data["note"])
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Ide tidak diterbitkan; anak sudah diberi tahu.")
            )
        return redirect("wagtailsnippets_proposals_proposal:list")
    return render(
        request,
        "proposals/admin/not_publish.html",
        {"proposal": proposal, "form": form},
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(label=gettext_lazy("Nomor ide yang dipertahankan"))

    def clean_into(self):
        pk = self.cleaned_data["into"]
        into = Proposal.objects.public().filter(pk=pk).first()
        if into is None:
            raise forms.ValidationError(_("Pilih ide yang sedang tampil."))
        return into


def merge_view(request, pk):
    _require(request, MODERATORS)
    proposal = get_object_or_404(NOT_ESCALATED, pk=pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.merge(proposal, form.cleaned_data["into"], request.user)
        except PermissionDenied as exc:
            form.add_error("into", str(exc))
        else:
            messages.success(request, _("Ide digabung."))
            return redirect("wagtailsnippets_proposals_proposal:list")
    similar = (
        Proposal.objects.public()
        .filter(kecamatan=proposal.kecamatan, cluster=proposal.cluster)
        .exclude(pk=proposal.pk)[:10]
    )
    return render(
        request,
        "proposals/admin/merge.html",
        {"proposal": proposal, "form": form, "similar": similar},
    )


def reports_view(request):
    """Moderators' own queue of reported ideas (hidden ones first)."""
    _require(request, MODERATORS)
    # Counted, then filtered on the count: ``filter(reports__resolved_at__isnull
    # =True)`` also matched every idea without any report (a LEFT JOIN's NULL).
    reported = (
        Proposal.objects.exclude(status=Proposal.Status.ESCALATED)
        .annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
        .filter(open_reports__gt=0)
        .select_related("kecamatan")
        .prefetch_related("reports")
        .order_by("-open_reports", "-pk")
    )
    return render(request, "proposals/admin/reports.html", {"reported": reported})


@require_POST
def resolve_reports_view(request, pk):
    _require(request, MODERATORS)
    proposal = get_object_or_404(NOT_ESCALATED, pk=pk)
    keep = request.POST.get("decision") == "keep"
    try:
        actions.resolve_reports(proposal, request.user, keep_public=keep)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Ide ditampilkan lagi.") if keep else _("Ide diturunkan.")
        )
    return redirect("proposals_admin:reports")


# --- safeguarding -------------------------------------------------------------


def cases_view(request):
    _require(request, SAFEGUARDING)
    cases = SafeguardingCase.objects.select_related("proposal", "assigned_to").order_by(
        "status", "due_at"
    )
    return render(
        request, "proposals/admin/cases.html", {"cases": cases, "now": timezone.now()}
    )


class CaseForm(forms.ModelForm):
    note = forms.CharField(
        label=gettext_lazy("Catatan baru"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = SafeguardingCase
        fields = ["status", "referral", "assigned_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.accounts.models import User

        self.fields["assigned_to"].queryset = User.objects.filter(
            groups__name=roles.PERLINDUNGAN
        )


def case_view(request, pk):
    """Every view and every change is written to the case's audit log."""
    _require(request, SAFEGUARDING)
    case = get_object_or_404(
        SafeguardingCase.objects.select_related("proposal__proposer"), pk=pk
    )
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        safeguarding.update_case(
            # The form's copy of the case was changed by validation: the
            # action reads the row again.
            SafeguardingCase(pk=case.pk),
            request.user,
            note=data["note"],
            **{name: data[name] for name in safeguarding.CASE_FIELDS},
        )
        messages.success(request, _("Kasus disimpan."))
        return redirect("proposals_admin:case", pk)
    actions.log_case(case, request.user, CaseAuditLog.Action.VIEW)
    if not case.snapshot:
        # Cases opened before snapshots existed: freeze what is there now.
        safeguarding.take_snapshot(case)
    snapshot = case.snapshot
    return render(
        request,
        "proposals/admin/case.html",
        {
            "case": case,
            "form": form,
            "idea": snapshot.get("usulan") or {},
            "child": snapshot.get("anak"),
            "group": snapshot.get("forum_anak"),
            "child_account_exists": case.proposal.proposer_id is not None,
            "notes": case.notes.select_related("author"),
            "audit": case.audit.select_related("user")[:50],
        },
    )


def case_photo_view(request, pk):
    """The photo the child sent, kept with the case: for the officer and the
    administrator only, each view written to the case's log."""
    from django.http import FileResponse, Http404

    _require(request, SAFEGUARDING)
    case = get_object_or_404(SafeguardingCase, pk=pk)
    if not case.snapshot_photo:
        raise Http404
    actions.log_case(case, request.user, CaseAuditLog.Action.VIEW, "foto")
    response = FileResponse(case.snapshot_photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
