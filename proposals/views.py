from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from portal.accounts.permissions import can
from portal.core.actions import ActionRefused
from portal.core.query import legacy_query_redirect

from . import actions, fragments
from .forms import FacilitatorProposalForm, ProposalFilterForm, ProposalForm, ReportForm
from .models import Cycle, Proposal, ProposalEvent, Report

PAGE_SIZE = 20
PUBLIC_PHOTO_SECONDS = 300


# Query parameters of /usulan/ whose pages are kept (proposals/fragments.py);
# a search, or anything else, is rendered afresh every time.
CACHEABLE_PARAMS = {"kecamatan", "cluster", "stage", "sort", "page"}
# Their names before the glossary (docs/development.md): old links redirect.
LEGACY_LIST_PARAMS = {
    "klaster": "cluster",
    "status": "stage",
    "urutan": "sort",
    "halaman": "page",
}
LEGACY_LIST_VALUES = {"sort": {"dukungan": "supports", "terbaru": "newest"}}


def _list_cache_key(request):
    params = request.GET
    if not set(params) <= CACHEABLE_PARAMS:
        return None
    items = sorted((k, v) for k in params for v in params.getlist(k))
    if any(len(v) > 20 for _k, v in items) or len(items) > len(CACHEABLE_PARAMS):
        return None
    return ("list", tuple(items))


def proposal_list(request):
    """Published ideas: filter, search, sort, page. The number of queries
    does not depend on how many ideas there are; the shared part of the page
    is kept for a few seconds (proposals/fragments.py)."""
    legacy = legacy_query_redirect(request, LEGACY_LIST_PARAMS, LEGACY_LIST_VALUES)
    if legacy:
        return legacy
    key = _list_cache_key(request)

    def render_body():
        form, page = _list_page(request, key)
        return render_to_string(
            "proposals/includes/list_body.html",
            {"form": form, "page": page},
            request=request,
        )

    return render(
        request,
        "proposals/list.html",
        {
            "fragment": fragments.cached(key, render_body),
            "current_cycle": Cycle.objects.current(),
        },
    )


def _list_page(request, key):
    form = ProposalFilterForm(request.GET or None)
    ideas = Proposal.objects.public().for_listing()
    order = "supports"
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
        if data["cluster"]:
            ideas = ideas.filter(cluster=data["cluster"])
        if data["stage"]:
            ideas = ideas.filter(stage=data["stage"])
        order = data["sort"] or order
    ideas = ideas.order_by(
        *(
            ["-support_count", "-created_at", "-pk"]
            if order == "supports"
            else ["-created_at", "-pk"]
        )
    )
    count_key = key and tuple(item for item in key[1] if item[0] != "page")
    paginator = Paginator(ideas, PAGE_SIZE)
    # The same count for every page of a filter: counted once, then kept.
    paginator.count = fragments.cached_value(count_key, ideas.count)
    return form, paginator.get_page(request.GET.get("page"))


def proposal_detail(request, pk):
    """One idea. Its shared part is kept (proposals/fragments.py); whether it
    is public now, its count, its cycle and whether the visitor already
    reported it are read in one query on every request."""
    user = request.user
    visitor = user.pk if user.is_authenticated else None
    now = (
        Proposal.objects.filter(pk=pk)
        .select_related("cycle")
        .only(
            "title",
            "live",
            "status",
            "escalated_at",
            "support_count",
            "proposer_id",
            "merged_into_id",
            "cycle",
        )
        .annotate(
            reported=Exists(
                Report.objects.filter(proposal=OuterRef("pk"), reporter_id=visitor)
            )
        )
        .first()
    )
    if now is None:
        raise Http404
    if now.status == Proposal.Status.MERGED and now.merged_into.is_public:
        proposal = get_object_or_404(Proposal.objects.for_listing(), pk=pk)
        return render(
            request, "proposals/merged.html", {"proposal": proposal}, status=200
        )
    if not now.is_public:
        raise Http404

    def render_body():
        proposal = get_object_or_404(Proposal.objects.for_listing(), pk=pk)
        events = [e for e in proposal.events.all() if e.is_public]
        return render_to_string(
            "proposals/includes/detail_body.html",
            {"proposal": proposal, "events": events},
            request=request,
        )

    fragment = fragments.cached(("detail", pk), render_body)
    fragment.counts = {pk: now.support_count}
    can_report = (
        user.is_authenticated
        and now.proposer_id != user.pk
        and not now.reported
        and user.can_take_part
    )
    fragment.replace(
        fragments.REPORT_SLOT,
        render_to_string(
            "proposals/includes/report_form.html",
            {"proposal_pk": pk, "report_form": ReportForm()},
            request=request,
        )
        if can_report
        else "",
    )
    return render(
        request,
        "proposals/detail.html",
        {"title": now.title, "fragment": fragment, "cycle": now.cycle},
    )


@login_required
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def proposal_create(request):
    """/usulan/baru/: children, and facilitators for a Forum Anak group."""
    user = request.user
    if not actions.can_submit(user):
        return render(request, "proposals/cannot_submit.html", status=403)
    is_facilitator = not user.is_child
    form_class = FacilitatorProposalForm if is_facilitator else ProposalForm
    cycle = actions.open_cycle()
    form = form_class(request.POST or None, request.FILES or None)
    if is_facilitator:
        from portal.accounts.care import groups_in_care

        form.fields["group"].queryset = groups_in_care(user)
    if request.method == "POST" and form.is_valid():
        data = form.proposal_data()
        try:
            proposal = actions.submit(
                user,
                data=data,
                cycle=cycle,
                photo=data.get("photo"),
                group=data.get("group"),
                offline=data.get("offline_children_count"),
                paper_scan=data.get("paper_scan"),
            )
        except ActionRefused as refusal:
            # The open cycle and the daily limit are the action's rules; the
            # form is shown again with everything typed.
            form.add_error(None, refusal.messages)
        else:
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
            proposal.proposer_id == user.pk or can(user, "proposals.moderate_proposal")
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
    # "Hidden means gone within minutes everywhere" (issue 11 item 12): a
    # browser or proxy may keep a public photo for a few minutes only.
    response["Cache-Control"] = (
        f"public, max-age={PUBLIC_PHOTO_SECONDS}"
        if proposal.is_public
        else "private, no-store"
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
