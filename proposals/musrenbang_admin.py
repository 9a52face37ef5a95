"""Admin screens for the tiket emas path. Thin views over ``musrenbang``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts import roles
from portal.core.models import planning_agency

from . import musrenbang
from .models import (
    Agency,
    Cycle,
    Deliberation,
    EvidenceDocument,
    GoldenTicket,
    Proposal,
    ShortlistEntry,
)

QUEUE = "wagtailsnippets_proposals_goldenticket:edit"


def _require(request, *names):
    if not roles.has_role(request.user, *names):
        raise PermissionDenied


def _run(request, action, success):
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def shortlist_view(request, year):
    """The shortlist of a cycle with the Forum Anak's recommendations beside
    each idea, and the award form."""
    _require(request, roles.MODERATOR, roles.FASILITATOR, roles.ADMIN)
    cycle = get_object_or_404(Cycle, year=year)
    if request.method == "POST" and request.POST.get("build"):
        _require(request, roles.MODERATOR, roles.ADMIN)
        created = musrenbang.build_shortlist(cycle, request.user)
        messages.success(
            request, _("Daftar pendek dibangun: %(n)s ide baru.") % {"n": created}
        )
        return redirect("proposals_admin:shortlist", year)
    if request.method == "POST" and request.POST.get("add"):
        _require(request, roles.MODERATOR, roles.ADMIN)
        number = request.POST.get("proposal", "")
        proposal = (
            Proposal.objects.filter(pk=int(number), cycle=cycle).first()
            if number.isdigit()
            else None
        )
        if proposal is None:
            messages.error(request, _("Ide dengan nomor itu tidak ada di siklus ini."))
        else:
            _run(
                request,
                lambda: musrenbang.add_to_shortlist(
                    proposal, request.user, request.POST.get("reason", "")
                ),
                _("Ide ditambahkan ke daftar pendek."),
            )
        return redirect("proposals_admin:shortlist", year)
    entries = (
        ShortlistEntry.objects.filter(cycle=cycle)
        .select_related("proposal__kecamatan")
        .prefetch_related("recommendations")
        .order_by("proposal__kecamatan__name", "rank_in_kecamatan")
    )
    return render(
        request,
        "proposals/admin/shortlist.html",
        {
            "cycle": cycle,
            "entries": entries,
            "levels": GoldenTicket.Level.choices,
            "quota_kabupaten_left": musrenbang.quota_left(
                cycle, GoldenTicket.Level.KABUPATEN
            ),
        },
    )


@require_POST
def award_view(request, pk):
    _require(request, roles.MODERATOR, roles.FASILITATOR, roles.ADMIN)
    proposal = get_object_or_404(Proposal, pk=pk)
    _run(
        request,
        lambda: musrenbang.award_golden_ticket(
            proposal,
            request.user,
            request.POST.get("level", ""),
            request.POST.get("rationale", ""),
        ),
        _("Tiket emas diberikan."),
    )
    return redirect("proposals_admin:shortlist", proposal.cycle.year)


class OutcomeForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Tingkat"), choices=Deliberation.Level.choices
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Hasil"), choices=Deliberation.Outcome.choices
    )
    reason_category = forms.ChoiceField(
        label=gettext_lazy("Kategori alasan"), choices=Deliberation.Reason.choices
    )
    reason = forms.CharField(
        label=gettext_lazy("Catatan untuk badan perencanaan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reply = forms.CharField(
        label=gettext_lazy("Jawaban untuk anak-anak (wajib)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Jawaban untuk anak-anak tidak boleh kosong.")
        },
    )


class AdoptionForm(forms.Form):
    budget_year = forms.IntegerField(label=gettext_lazy("Tahun anggaran"))
    adopted_opd = forms.ModelChoiceField(
        label=gettext_lazy("OPD pelaksana"), queryset=Agency.objects.all()
    )
    program = forms.CharField(label=gettext_lazy("Program"), required=False)
    kegiatan = forms.CharField(label=gettext_lazy("Kegiatan"), required=False)
    adopted_sub_kegiatan = forms.CharField(
        label=gettext_lazy("Sub-kegiatan"), required=False
    )
    pagu = forms.DecimalField(
        label=gettext_lazy("Pagu (Rp)"), max_digits=16, decimal_places=0
    )
    reply = forms.CharField(
        label=gettext_lazy("Jawaban untuk anak-anak (wajib)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImplementationForm(forms.Form):
    progress_percent = forms.IntegerField(
        label=gettext_lazy("Kemajuan (%)"), min_value=0, max_value=100
    )
    realisation = forms.DecimalField(
        label=gettext_lazy("Realisasi (Rp)"),
        max_digits=16,
        decimal_places=0,
        required=False,
    )
    reply = forms.CharField(
        label=gettext_lazy("Kabar untuk anak-anak (wajib)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = EvidenceDocument
        fields = ["kind", "document", "note"]


def ticket_actions_view(request, pk):
    """Received, outcomes, adoption, implementation and evidence of one tiket
    emas. OPD staff see only the implementation form of their own ideas."""
    ticket = get_object_or_404(
        GoldenTicket.objects.public().select_related("proposal", "adopted_opd"), pk=pk
    )
    is_bappeda = roles.has_role(request.user, roles.BAPPEDA, roles.ADMIN)
    is_own_opd = bool(
        ticket.adopted_opd_id
        and ticket.adopted_opd.members.filter(pk=request.user.pk).exists()
    )
    if not (is_bappeda or is_own_opd):
        raise PermissionDenied
    forms_ = {
        "outcome": OutcomeForm(prefix="outcome"),
        "adoption": AdoptionForm(prefix="adoption"),
        "implementation": ImplementationForm(prefix="impl"),
        "evidence": EvidenceForm(prefix="evidence"),
    }
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "received" and is_bappeda:
            musrenbang.mark_received(ticket, request.user)
            messages.success(
                request,
                _("Dicatat: diterima %(agency)s.") % {"agency": planning_agency()},
            )
            return redirect("proposals_admin:ticket", pk)
        if step == "outcome" and is_bappeda:
            form = forms_["outcome"] = OutcomeForm(request.POST, prefix="outcome")
            if form.is_valid() and _run(
                request,
                lambda: musrenbang.record_outcome(
                    ticket, request.user, **form.cleaned_data
                ),
                _("Hasil Musrenbang dicatat; anak-anak sudah diberi kabar."),
            ):
                return redirect("proposals_admin:ticket", pk)
        if step == "adoption" and is_bappeda:
            form = forms_["adoption"] = AdoptionForm(request.POST, prefix="adoption")
            if form.is_valid() and _run(
                request,
                lambda: musrenbang.record_adoption(
                    ticket, request.user, **form.cleaned_data
                ),
                _("Dicatat: masuk APBD."),
            ):
                return redirect("proposals_admin:ticket", pk)
        if step == "implementation":
            form = forms_["implementation"] = ImplementationForm(
                request.POST, prefix="impl"
            )
            if form.is_valid():
                try:
                    musrenbang.update_implementation(
                        ticket, request.user, **form.cleaned_data
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("Kabar pelaksanaan disimpan."))
                    return redirect("proposals_admin:ticket", pk)
        if step == "evidence" and (is_bappeda or is_own_opd):
            form = forms_["evidence"] = EvidenceForm(request.POST, prefix="evidence")
            if form.is_valid():
                evidence = form.save(commit=False)
                evidence.ticket = ticket
                evidence.uploaded_by = request.user
                evidence.save()
                messages.success(request, _("Dokumen bukti ditambahkan."))
                return redirect("proposals_admin:ticket", pk)
    return render(
        request,
        "proposals/admin/ticket.html",
        {
            "ticket": ticket,
            "forms": forms_,
            "is_bappeda": is_bappeda,
            "deliberations": ticket.deliberations.all(),
            "evidence": ticket.evidence.select_related("document"),
        },
    )


def overdue_view(request):
    _require(request, roles.BAPPEDA, roles.MODERATOR, roles.ADMIN)
    return render(
        request,
        "proposals/admin/overdue.html",
        {"tickets": musrenbang.overdue_answers()},
    )
