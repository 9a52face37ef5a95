"""The KLA report in the Wagtail admin (with its XLSX, CSV and PDF) and the
public /transparansi/ page. Thin views over ``metrics`` and ``public``."""

import logging
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.accounts.permissions import can
from portal.core.models import portal_settings
from portal.core.query import legacy_query_redirect
from portal.core.views import permission_denied
from proposals.models import Cycle

from . import api, exports, metrics, pdf, public, svg
from .tables import build_tables

logger = logging.getLogger(__name__)

ALL = "all"
YEAR = "year"
# Before the glossary the report said ``?siklus=``, the public page
# ``?tahun=``, and both ``semua`` for every cycle.
LEGACY_NAMES = {"siklus": YEAR, "tahun": YEAR}
LEGACY_VALUES = {YEAR: {"semua": ALL}}


def _legacy_redirect(request):
    return legacy_query_redirect(request, LEGACY_NAMES, LEGACY_VALUES)


def can_see_report(user):
    return can(user, "proposals.view_kla_report")


def report_role_required(view):
    """403 for staff outside Moderator, Bappeda and Admin (Wagtail's admin
    wrapper would turn a raised PermissionDenied into a redirect)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_report(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return wrapper


def _chosen_cycle(request):
    """The cycle of ``?year=<year>``; the current one by default; None for
    every cycle (``all``)."""
    value = request.GET.get(YEAR, "")
    if value == ALL:
        return None, ALL
    if value:
        year = api.as_number(value)
        if year is None:
            raise Http404
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is None:
            raise Http404
        return cycle, value
    cycle = Cycle.objects.current()
    return cycle, str(cycle.year) if cycle else ALL


def _file_stem(report):
    year = report["scope"]["cycle_year"]
    return f"bukti-partisipasi-anak-{year or 'semua'}"


@require_GET
@report_role_required
def report_view(request):
    if legacy := _legacy_redirect(request):
        return legacy
    cycle, chosen = _chosen_cycle(request)
    report = metrics.compute_report(cycle)
    return render(
        request,
        "evidence/admin_report.html",
        {
            "page_title": _("Laporan KLA: partisipasi anak"),
            "report": report,
            "tables": build_tables(report),
            "cycles": Cycle.objects.order_by("-year"),
            "chosen": chosen,
            "all": ALL,
        },
    )


@require_GET
@report_role_required
def report_download(request, fmt):
    if legacy := _legacy_redirect(request):
        return legacy
    cycle, _chosen = _chosen_cycle(request)
    report = metrics.compute_report(cycle)
    stem = _file_stem(report)
    if fmt == "xlsx":
        content = exports.to_xlsx(report, portal_settings().regency_name)
        content_type = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif fmt == "csv":
        content = exports.to_csv(report).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    elif fmt == "pdf":
        try:
            content = pdf.render_pdf(report)
        except OSError:
            # WeasyPrint could not load Pango (the server lacks Debian's
            # libraries): say so instead of a server error.
            logger.exception("The evidence PDF could not be made")
            messages.error(
                request,
                _(
                    "PDF belum bisa dibuat karena pustaka PDF di server belum "
                    'terpasang. Minta admin server menjalankan "make pdf-libs". '
                    "Unduhan XLSX dan CSV tetap bisa dipakai."
                ),
            )
            query = request.GET.urlencode()
            return redirect(
                reverse("evidence_admin:report") + (f"?{query}" if query else "")
            )
        content_type = "application/pdf"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _charts(data):
    charts = []
    for breakdown in data["breakdowns"]:
        rows = [(row["label"], row["figure"]) for row in breakdown["rows"]]
        charts.append(svg.bar_chart(breakdown["label"], rows))
    outcome_rows = [(o["label"], o["accepted"]) for o in data["outcomes"]]
    charts.append(
        svg.bar_chart(
            _("Tiket emas diterima di setiap tingkat Musrenbang"), outcome_rows
        )
    )
    return charts


@require_GET
def transparency(request):
    """/transparansi/: what became of the children's ideas, for everyone."""
    if legacy := _legacy_redirect(request):
        return legacy
    cycle, chosen = _chosen_cycle(request)
    data = public.public_report(cycle)
    return render(
        request,
        "evidence/transparency.html",
        {
            "data": data,
            "charts": _charts(data),
            "adopted": public.adopted_ideas(cycle),
            "cycles": public.cycles(),
            "chosen": chosen,
            "all": ALL,
            "cycle": cycle,
        },
    )
