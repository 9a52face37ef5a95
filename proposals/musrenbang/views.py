"""Pages for the Forum Anak committee and the big screen of the Musrenbang."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.query import legacy_query_redirect
from portal.core.text import strip_invisible

from ..models import (
    CommitteeRecommendation,
    Cycle,
    GoldenTicket,
    ShortlistEntry,
)
from . import actions
from .models import TICKET_STAGES


@login_required
def committee_shortlist(request):
    """On a phone: the shortlist of the current cycle, for the committee to
    recommend yes or no with a short reason."""
    if not actions.is_committee_member(request.user):
        raise PermissionDenied
    cycle = Cycle.objects.current()
    entries = (
        ShortlistEntry.objects.public()
        .filter(cycle=cycle)
        .select_related("proposal__kecamatan", "proposal__desa")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=CommitteeRecommendation.objects.filter(member=request.user),
                to_attr="mine",
            )
        )
        .order_by(
            "proposal__kecamatan__name", "-verified_support_count_at_cutoff", "pk"
        )
    )
    return render(
        request,
        "proposals/committee_shortlist.html",
        {"cycle": cycle, "entries": entries},
    )


@login_required
@require_POST
def committee_recommend(request, pk):
    if not actions.is_committee_member(request.user):
        raise PermissionDenied
    entry = get_object_or_404(ShortlistEntry.objects.public(), pk=pk)
    choice = request.POST.get("recommend")
    reason = strip_invisible(request.POST.get("reason", ""))
    if choice not in ("yes", "no"):
        messages.error(request, _("Pilih “ya” atau “tidak”."))
    else:
        try:
            actions.recommend(entry, request.user, choice == "yes", reason)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rekomendasimu tersimpan. Terima kasih!"))
    return redirect(f"/forum-anak/daftar-pendek/#entry-{pk}")


# The Layar Musrenbang is a projector view (issue 12 item 10): sections of
# a few ideas each, so that every section fits a 1920×1080 or 1280×720
# screen in type readable from the back of a hall.
LAYAR_PER_SECTION = 3
LAYAR_SECONDS = 15


def _layar_seconds(value):
    """Seconds per section, from ``?seconds=`` (3–300), else the default."""
    try:
        return min(max(int(value), 3), 300)
    except (TypeError, ValueError):
        return LAYAR_SECONDS


def layar(request, year=None):
    """Read-only big screen for the Musrenbang session: this cycle's tiket
    emas ideas and their decisions, in sections that rotate (static
    js/layar.js). Public: it shows only public ideas.

    ``?section=list``: the sections alone, fetched by the script when a
    decision is recorded (websocket). ``?section=<n>``: the page with section
    n alone, and a refresh to the next one for a screen without JavaScript.
    ``?seconds=`` sets the pace. A screen set up before the glossary
    (``?bagian=``, ``daftar``, ``?detik=``) is redirected.
    """
    legacy = legacy_query_redirect(
        request,
        {"bagian": "section", "detik": "seconds"},
        {"section": {"daftar": "list"}},
    )
    if legacy:
        return legacy
    cycle = get_object_or_404(Cycle, year=year) if year else Cycle.objects.current()
    tickets = list(
        GoldenTicket.objects.public()
        .filter(cycle=cycle)
        .select_related("proposal__kecamatan", "adopted_opd")
        .prefetch_related("deliberations")
        .order_by("-proposal__support_count", "pk")
        if cycle
        else GoldenTicket.objects.none()
    )
    stages = Counter(t.proposal.stage for t in tickets)
    counts = [
        {"key": stage.value, "label": stage.label, "count": stages.get(stage, 0)}
        for stage in TICKET_STAGES
    ]
    pages = [
        tickets[i : i + LAYAR_PER_SECTION]
        for i in range(0, len(tickets), LAYAR_PER_SECTION)
    ]
    sections = [{"kind": "summary"}] + [
        {
            "kind": "list",
            "tickets": page,
            "start": i * LAYAR_PER_SECTION + 1,
            "end": i * LAYAR_PER_SECTION + len(page),
        }
        for i, page in enumerate(pages)
    ]
    for number, section in enumerate(sections, start=1):
        section["number"] = number
    section = request.GET.get("section", "")
    only = None
    if section.isdigit() and 1 <= int(section) <= len(sections):
        only = int(section)
    seconds = _layar_seconds(request.GET.get("seconds"))
    context = {
        "cycle": cycle,
        "tickets": tickets,
        "counts": counts,
        "total": len(tickets),
        "sections": [s for s in sections if only in (None, s["number"])],
        "section_count": len(sections),
        "seconds": seconds,
        "next_section": (only % len(sections)) + 1 if only else 1,
        "only": only,
    }
    template = (
        "proposals/layar_list.html" if section == "list" else "proposals/layar.html"
    )
    return render(request, template, context)
