"""The portal's URLs plus a minimal baseline view, for the benchmark only.

The baseline goes through the same middleware as every page (session, CSRF
on POST, authentication of the signed-in child), does one SELECT and answers
a few bytes of JSON: what is left of a request when the view does nothing.
Its throughput is the yardstick for the support POST."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from portal.urls import handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns
from proposals.models import Proposal

BASELINE_IDEA = 1


@require_http_methods(["GET", "POST"])
def baseline(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "sign in"}, status=401)
    count = (
        Proposal.objects.filter(pk=BASELINE_IDEA)
        .values_list("support_count", flat=True)
        .first()
    )
    return JsonResponse({"count": count, "user": request.user.pk})


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline")]
urlpatterns += portal_urlpatterns
