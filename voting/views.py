from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from proposals.models import Proposal

from .actions import SupportRefused, toggle_support


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _back(request, pk):
    """Back to where the child was (the list, the detail page, a search)."""
    target = request.POST.get("next") or request.headers.get("Referer", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(f"{target.split('#')[0]}#ide-{pk}")
    return redirect(reverse("proposals:detail", args=[pk]))


@require_POST
@ratelimit(key="user_or_ip", rate="60/m", method="POST", block=True)
def support(request, pk):
    """POST /usulan/<id>/dukung/: a plain form without JavaScript, or JSON
    ``{"supported": bool, "count": N}`` for fetch. Limited per account
    (an anonymous request is limited by address and sent to sign in)."""
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse(
                {"error": _("Masuk dulu untuk mendukung ide.")}, status=401
            )
        return redirect(
            f"{reverse('account_login')}?next={reverse('proposals:detail', args=[pk])}"
        )
    try:
        result = toggle_support(request.user, pk)
    except Proposal.DoesNotExist:
        result, error = None, SupportRefused(_("Ide itu tidak ada."), status=404)
    except SupportRefused as refused:
        result, error = None, refused
    if result is None:
        if wants_json(request):
            return JsonResponse({"error": str(error)}, status=error.status)
        messages.error(request, str(error))
        return _back(request, pk)
    if wants_json(request):
        data = {"supported": result.supported, "count": result.count}
        if result.remaining is not None:
            data["remaining"] = result.remaining
        return JsonResponse(data)
    messages.success(
        request,
        _("Kamu mendukung ide ini.")
        if result.supported
        else _("Dukunganmu dibatalkan."),
    )
    return _back(request, pk)
