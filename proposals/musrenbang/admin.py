"""Admin screens for the tiket emas path. Thin views over ``actions``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts import permissions
from portal.accounts.permissions import can
from portal.core.models import planning_agency

from ..models import (
    Agency,
    Cycle,
    Deliberation,
    EvidenceDocument,
    GoldenTicket,
    Proposal,
    ShortlistEntry,
)
from . import actions

QUEUE = "wagtailsnippets_proposals_goldenticket:edit"


def _require(request, perm):
    permissions.require(request.user, perm)


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
    _require(request, "proposals.award_goldenticket")
    cycle = get_object_or_404(Cycle, year=year)
    if request.method == "POST" and request.POST.get("build"):
        _require(request, "proposals.moderate_proposal")
        created = actions.build_shortlist(cycle, request.user)
        messages.success(
            request, _("Daftar pendek dibangun: %(n)s ide baru.") % {"n": created}
        )
        return redirect("proposals_admin:shortlist", year)
    if request.method == "POST" and request.POST.get("add"):
        _require(request, "proposals.moderate_proposal")
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
                lambda: actions.add_to_shortlist(
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
            "quota_kabupaten_left": actions.quota_left(
                cycle, GoldenTicket.Level.KABUPATEN
            ),
        },
    )


@require_POST
def award_view(request, pk):
    _require(request, "proposals.award_goldenticket")
    proposal = get_object_or_404(Proposal, pk=pk)
    _run(
        request,
        lambda: actions.award_golden_ticket(
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


def collection_name(agency):
    return f"OPD: {agency.name}"


def agency_collection(agency):
    """The Wagtail collection holding an OPD's evidence documents (made on
    first upload); the root collection for a ticket without an OPD."""
    from wagtail.models import Collection

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    if agency is None:
        return root
    name = collection_name(agency)
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def documents_for(user):
    """The documents ``user`` may see and choose as evidence: Bappeda and the
    administrator all of them, OPD staff their own agencies' collections."""
    from wagtail.documents import get_document_model

    documents = get_document_model().objects.order_by("-created_at")
    if can(user, "proposals.view_all_evidencedocuments"):
        return documents
    names = [collection_name(agency) for agency in user.agencies.all()]
    return documents.filter(collection__name__in=names, collection__depth=2)


class EvidenceForm(forms.Form):
    """Upload a new file (stored in the OPD's collection) or choose one of
    the documents the user may see."""

    kind = forms.ChoiceField(
        label=EvidenceDocument._meta.get_field("kind").verbose_name,
        choices=EvidenceDocument.Kind.choices,
    )
    file = forms.FileField(label=gettext_lazy("Unggah berkas"), required=False)
    document = forms.ModelChoiceField(
        label=gettext_lazy("atau pilih dokumen yang sudah ada"),
        queryset=EvidenceDocument.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label=EvidenceDocument._meta.get_field("note").verbose_name,
        max_length=250,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents_for(user)

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("document")):
            raise ValidationError(
                _("Unggah satu berkas atau pilih satu dokumen yang sudah ada.")
            )
        return data

    def save(self, ticket, user):
        return actions.add_evidence(
            ticket,
            user,
            kind=self.cleaned_data["kind"],
            document=self.cleaned_data["document"],
            upload=self.cleaned_data["file"],
            note=self.cleaned_data["note"],
        )


# The ticket screen's forms and the stage rule each one runs.
TICKET_STEPS = {
    "received": "mark_received",
    "outcome": "record_outcome",
    "adoption": "record_adoption",
    "implementation": "update_implementation",
}


def ticket_steps(ticket):
    """step -> {"available": bool, "reason": why not}, read from
    ``actions.STAGE_RULES`` for the idea's current stage, so the screen
    offers only what the actions would accept."""
    stage = Proposal.objects.values_list("stage", flat=True).get(pk=ticket.proposal_id)
    steps = {}
    for step, action in TICKET_STEPS.items():
        reason = actions.refusal_for(action, stage)
        steps[step] = {"available": reason is None, "reason": reason}
    return steps


def ticket_actions_view(request, pk):
    """Received, outcomes, adoption, implementation and evidence of one tiket
    emas. OPD staff see only the implementation form of their own ideas."""
    ticket = get_object_or_404(
        GoldenTicket.objects.public().select_related("proposal", "adopted_opd"), pk=pk
    )
    is_bappeda = can(request.user, "proposals.record_outcome")
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
        "evidence": EvidenceForm(prefix="evidence", user=request.user),
    }
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "received" and is_bappeda:
            _run(
                request,
                lambda: actions.mark_received(ticket, request.user),
                _("Dicatat: diterima %(agency)s.") % {"agency": planning_agency()},
            )
            return redirect("proposals_admin:ticket", pk)
        if step == "outcome" and is_bappeda:
            form = forms_["outcome"] = OutcomeForm(request.POST, prefix="outcome")
            if form.is_valid():
                try:
                    deliberation = actions.record_outcome(
                        ticket, request.user, **form.cleaned_data
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    if deliberation.moves_stage:
                        messages.success(
                            request,
                            _(
                                "Hasil Musrenbang dicatat; anak-anak sudah diberi kabar."
                            ),
                        )
                    else:
                        messages.warning(
                            request,
                            _(
                                "Hasil dicatat sebagai riwayat saja: tingkat yang "
                                "lebih tinggi sudah memutuskan, jadi tahap ide "
                                "tidak berubah."
                            ),
                        )
                    return redirect("proposals_admin:ticket", pk)
        if step == "adoption" and is_bappeda:
            form = forms_["adoption"] = AdoptionForm(request.POST, prefix="adoption")
            if form.is_valid() and _run(
                request,
                lambda: actions.record_adoption(
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
                    actions.update_implementation(
                        ticket, request.user, **form.cleaned_data
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("Kabar pelaksanaan disimpan."))
                    return redirect("proposals_admin:ticket", pk)
        if step == "evidence" and (is_bappeda or is_own_opd):
            form = forms_["evidence"] = EvidenceForm(
                request.POST, request.FILES, prefix="evidence", user=request.user
            )
            if form.is_valid() and _run(
                request,
                lambda: form.save(ticket, request.user),
                _("Dokumen bukti ditambahkan."),
            ):
                return redirect("proposals_admin:ticket", pk)
    return render(
        request,
        "proposals/admin/ticket.html",
        {
            "ticket": ticket,
            "forms": forms_,
            "steps": ticket_steps(ticket),
            "is_bappeda": is_bappeda,
            "deliberations": ticket.deliberations.all(),
            "evidence": ticket.evidence.select_related("document"),
        },
    )


def overdue_view(request):
    _require(request, "proposals.track_overdue_answers")
    return render(
        request,
        "proposals/admin/overdue.html",
        {"tickets": actions.overdue_answers()},
    )
