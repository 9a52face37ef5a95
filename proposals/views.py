from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from portal.accounts import roles

from . import actions
from .forms import FacilitatorProposalForm, ProposalFilterForm, ProposalForm, ReportForm
from .models import Cycle, Proposal, ProposalEvent

PAGE_SIZE = 20


def proposal_list(request):
    """Published ideas: filter, search, sort, page. The number of queries
    does not depend on how many ideas there are."""
    form = ProposalFilterForm(request.GET or None)
    ideas = Proposal.objects.public().for_listing()
    order = "dukungan"
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"]
            ideas = ideas.filter(
                Q(title__icontains=q)
                | Q(problem__icontains=q)
                | Q(description__icontains=q)
            )
        if data["kecamatan"]:
            ideas = ideas.filter(kecamatan=data["kecamatan"])
        if data["klaster"]:
            ideas = ideas.filter(cluster=data["klaster"])
        if data["status"]:
            ideas = ideas.filter(stage=data["status"])
        order = data["urutan"] or order
    ideas = ideas.order_by(
        *(
            ["-support_count", "-created_at", "-pk"]
            if order == "dukungan"
            else ["-created_at", "-pk"]
        )
    )
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "proposals/list.html",
        {"form": form, "page": page, "current_cycle": Cycle.objects.current()},
    )


def proposal_detail(request, pk):
    proposal = get_object_or_404(Proposal.objects.for_listing(), pk=pk)
    if proposal.status == Proposal.Status.MERGED and proposal.merged_into.is_public:
        return render(
            request, "proposals/merged.html", {"proposal": proposal}, status=200
        )
    if not proposal.is_public:
        raise Http404
    events = [e for e in proposal.events.all() if e.is_public]
    user = request.user
    can_report = (
        user.is_authenticated
        and user.can_take_part
        and proposal.proposer_id != user.pk
        and not proposal.reports.filter(reporter=user).exists()
    )
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "events": events,
            "can_report": can_report,
            "report_form": ReportForm() if can_report else None,
        },
    )


def _open_cycle():
    cycle = Cycle.objects.current()
    return cycle if cycle and cycle.is_open else None


@login_required
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def proposal_create(request):
    """/usulan/baru/: children, and facilitators for a Forum Anak group."""
    user = request.user
    if not actions.can_submit(user):
        return render(request, "proposals/cannot_submit.html", status=403)
    is_facilitator = not user.is_child
    form_class = FacilitatorProposalForm if is_facilitator else ProposalForm
    cycle = _open_cycle()
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if cycle is None:
            form.add_error(
                None,
                _("Pengiriman ide sedang ditutup. Simpan idemu dan coba lagi nanti."),
            )
        elif actions.submissions_today(user) >= actions.DAILY_SUBMISSION_LIMIT:
            form.add_error(
                None,
                _(
                    "Kamu sudah mengirim %(n)s ide dalam 24 jam terakhir. Idemu yang ini "
                    "tetap tersimpan di HP-mu; kirim lagi besok, ya."
                )
                % {"n": actions.DAILY_SUBMISSION_LIMIT},
            )
        else:
            data = form.proposal_data()
            proposal = actions.submit(
                user,
                data=data,
                cycle=cycle,
                photo=data.get("photo"),
                group=data.get("group"),
                offline=data.get("offline_children_count"),
                paper_scan=data.get("paper_scan"),
            )
            messages.success(
                request,
                _(
                    "Idemu sudah terkirim! Moderator akan membacanya dulu, biasanya dalam "
                    "2 hari. Kabarnya muncul di Halaman Saya."
                ),
            )
            response = redirect(f"/saya/?terkirim=usulan-baru#usulan-{proposal.pk}")
            return response
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "cycle": cycle,
            "draft_key": "usulan-baru",
            "is_facilitator": is_facilitator,
        },
    )


@login_required
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def proposal_edit(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    if not actions.can_edit(request.user, proposal):
        raise PermissionDenied
    draft = proposal.get_latest_revision_as_object()
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        initial=ProposalForm.initial_from(draft),
    )
    if request.method == "POST" and form.is_valid():
        data = form.proposal_data()
        actions.edit(request.user, proposal, data=data, photo=data.get("photo"))
        messages.success(
            request,
            _("Perubahanmu terkirim ke moderator.")
            + (
                " "
                + _("Versi yang sudah tampil tetap tampil sampai perubahan disetujui.")
                if proposal.live
                else ""
            ),
        )
        return redirect(f"/saya/?terkirim=usulan-{pk}#usulan-{pk}")
    comment = (
        proposal.events.filter(kind=ProposalEvent.Kind.CHANGES_REQUESTED)
        .order_by("-created_at")
        .values_list("note", flat=True)
        .first()
    )
    return render(
        request,
        "proposals/form.html",
        {
            "form": form,
            "proposal": proposal,
            "draft_key": f"usulan-{pk}",
            "moderator_comment": comment,
        },
    )


def proposal_photo(request, pk, width):
    """Photos live in private storage: served only for a public idea, or to
    its proposer and to moderators."""
    proposal = get_object_or_404(Proposal, pk=pk)
    user = request.user
    allowed = proposal.is_public or (
        user.is_authenticated
        and (
            proposal.proposer_id == user.pk
            or roles.has_role(user, roles.MODERATOR, roles.ADMIN)
        )
    )
    field = {480: proposal.photo_480, 960: proposal.photo_960, 0: proposal.photo}.get(
        width
    )
    if not allowed or not field:
        raise Http404
    # Photos are small (at most 2048 px JPEG): read them whole rather than
    # stream, so the response never holds a file or a connection open.
    with field.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/jpeg")
    response["Cache-Control"] = (
        "public, max-age=86400" if proposal.is_public else "private, no-store"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
@ratelimit(key="user", rate="20/h", method="POST", block=True)
def proposal_report(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih alasan laporanmu."))
        return redirect(proposal.get_absolute_url() + "#laporkan")
    try:
        created = actions.report(
            proposal,
            request.user,
            form.cleaned_data["reason"],
            form.cleaned_data["details"],
        )
    except PermissionDenied:
        messages.error(request, _("Ide ini tidak bisa dilaporkan olehmu."))
        return redirect(proposal.get_absolute_url())
    if created:
        messages.success(request, _("Terima kasih. Moderator akan memeriksa ide ini."))
    else:
        messages.info(
            request, _("Kamu sudah melaporkan ide ini. Moderator akan memeriksanya.")
        )
    if proposal.pk and Proposal.objects.public().filter(pk=proposal.pk).exists():
        return redirect(proposal.get_absolute_url())
    return redirect("proposals:list")
