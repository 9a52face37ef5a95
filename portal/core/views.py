import logging
import sys

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        logger.exception("Health check: database does not answer")
        return "error"


def _channel_layer_state():
    layer = get_channel_layer()
    if layer is None:
        return "absent"
    try:
        async_to_sync(layer.group_send)("healthz", {"type": "healthz.ping"})
        return "ok"
    except Exception:  # noqa: BLE001
        logger.exception("Health check: channel layer does not answer")
        return "error"


@never_cache
@require_GET
def healthz(request):
    """Liveness for the process manager and the reverse proxy.

    The database decides the status code; a broken channel layer only
    degrades live updates, so it is reported but does not fail the check.
    """
    database = _database_state()
    channel_layer = _channel_layer_state()
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "error",
            "database": database,
            "channel_layer": channel_layer,
        },
        status=status,
    )


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """503 while PostgreSQL does not answer (a restart, a failover, too many
    connections): the child is told to try again shortly, and a phone's
    fetch gets JSON it can show. Rendered without a request context, since
    context processors may need the very database that is missing."""
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {
                "error": "Server sedang sibuk sebentar. Coba lagi dalam "
                "beberapa detik, ya."
            },
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500. Django calls it inside its ``except`` block, so the
    exception is at hand: a database that does not answer is a temporary
    outage (503, "try again"), anything else a server error (500)."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return render(request, "errors/500.html", status=500)


def rate_limited(request, exception=None):
    """django-ratelimit's RATELIMIT_VIEW: a friendly 429, in Indonesian, as
    a page or, for the support button's fetch(), as JSON it can show."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "error": gettext(
                    "Terlalu banyak permintaan dari akunmu dalam waktu singkat. "
                    "Tunggu sebentar, lalu coba lagi. Tidak ada yang hilang."
                )
            },
            status=429,
        )
    return render(request, "errors/429.html", status=429)
