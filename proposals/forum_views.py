"""Pages for the Forum Anak committee and the big screen of the Musrenbang."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.text import strip_invisible

from . import musrenbang
from .models import CommitteeRecommendation, Cycle, GoldenTicket, ShortlistEntry


@login_required
def committee_shortlist(request):
    """On a phone: the shortlist of the current cycle, for the committee to
    recommend yes or no with a short reason."""
    if not musrenbang.is_committee_member(request.user):
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
    if not musrenbang.is_committee_member(request.user):
        raise PermissionDenied
    entry = get_object_or_404(ShortlistEntry.objects.public(), pk=pk)
    choice = request.POST.get("recommend")
    reason = strip_invisible(request.POST.get("reason", ""))
    if choice not in ("yes", "no"):
        messages.error(request, _("Pilih “ya” atau “tidak”."))
    else:
        try:
            musrenbang.recommend(entry, request.user, choice == "yes", reason)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rekomendasimu tersimpan. Terima kasih!"))
    return redirect(f"/forum-anak/daftar-pendek/#entry-{pk}")


def layar(request, year=None):
    """Read-only big screen for the Musrenbang session: this cycle's tiket
    emas ideas and their decisions. Public: it shows only public data."""
    cycle = get_object_or_404(Cycle, year=year) if year else Cycle.objects.current()
    tickets = (
        GoldenTicket.objects.public()
        .filter(cycle=cycle)
        .select_related("proposal__kecamatan", "adopted_opd")
        .prefetch_related("deliberations")
        .order_by("-proposal__support_count", "pk")
        if cycle
        else GoldenTicket.objects.none()
    )
    template = (
        "proposals/layar_list.html"
        if request.GET.get("bagian") == "daftar"
        else "proposals/layar.html"
    )
    return render(request, template, {"cycle": cycle, "tickets": tickets})
