"""The open data API, /api/v1/: read-only JSON, no personal data.

Every key of every response is listed in ``openapi.SCHEMA`` (a test walks
them all). Ideas are the published ones only, with what their public page
already shows; no proposer, no desa of a child, nothing about a person.
"""

import json
import re
from functools import wraps
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.regions.models import Kecamatan
from proposals.models import Cluster, Cycle, Proposal

from . import openapi
from .public import public_report

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
CACHE_SECONDS = 300
TRUE = {"true", "1", "ya"}
FALSE = {"false", "0", "tidak"}
STAGE_NONE = "belum_dipilih"
# ASCII digits only: "²" and "١٢" pass str.isdigit() too (int() refuses the
# first, and any number of more than 4300 digits: a server error).
DIGITS = re.compile(r"[0-9]+")
MAX_INT = 2**31 - 1  # an id, a year, a page: what an integer column holds


def as_number(value):
    """``value`` as a non-negative int if it is plain ASCII digits that fit
    an integer column; else None."""
    if not DIGITS.fullmatch(value):
        return None
    digits = value.lstrip("0") or "0"
    if len(digits) > 10 or int(digits) > MAX_INT:
        return None
    return int(digits)


def _json(data, status=200):
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    if status == 200:
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    else:
        response["Cache-Control"] = "no-store"
    return response


def _error(message, status=400):
    return _json({"error": message}, status=status)


def read_only(view):
    """GET and HEAD only (issue 12 item 12). HEAD answers exactly the
    headers GET would (Content-Length included) and no body, whatever
    server runs the portal: a client can check a response's size, type and
    caching without downloading it. Anything else is 405 with ``Allow``."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "HEAD":
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return wrapped


class BadFilter(Exception):
    pass


def _kecamatan_slug(kecamatan):
    return slugify(kecamatan.name)


def _date(value):
    return value.date().isoformat() if value else None


def _kecamatan(kecamatan):
    return {
        "id": kecamatan.pk,
        "kode": kecamatan.code,
        "slug": _kecamatan_slug(kecamatan),
        "label": kecamatan.name,
    }


def serialize_idea(proposal, request):
    """One published idea: the allow-listed fields, nothing else."""
    ticket = getattr(proposal, "golden_ticket", None)
    tiket_emas = outcomes = adoption = None
    outcomes = []
    if ticket is not None:
        tiket_emas = {
            "level": ticket.level,
            "level_label": str(ticket.get_level_display()),
            "awarded_on": _date(ticket.awarded_at),
        }
        outcomes = [
            {
                "level": d.level,
                "level_label": str(d.get_level_display()),
                "outcome": d.outcome,
                "outcome_label": str(d.get_outcome_display()),
                "reason_category": d.reason_category,
                "reason_label": str(d.get_reason_category_display()),
                "answer": d.reply_for_children,
                "decided_on": _date(d.decided_at),
            }
            for d in ticket.deliberations.all()
        ]
        if ticket.adopted_at:
            opd = ticket.adopted_opd
            adoption = {
                "budget_year": ticket.budget_year,
                "opd": {"id": opd.pk, "label": opd.name} if opd else None,
                "program": ticket.program,
                "kegiatan": ticket.kegiatan,
                "sub_kegiatan": ticket.adopted_sub_kegiatan,
                "pagu": int(ticket.pagu) if ticket.pagu is not None else None,
                "progress_percent": ticket.progress_percent,
                "realisation": (
                    int(ticket.realisation) if ticket.realisation is not None else None
                ),
                "adopted_on": _date(ticket.adopted_at),
            }
    return {
        "id": proposal.pk,
        "url": request.build_absolute_uri(proposal.get_absolute_url()),
        "title": proposal.title,
        "problem": proposal.problem,
        "description": proposal.description,
        "kecamatan": _kecamatan(proposal.kecamatan),
        "cluster": proposal.cluster,
        "cluster_label": str(proposal.get_cluster_display()),
        "status": proposal.stage or STAGE_NONE,
        "status_label": str(proposal.get_stage_display()),
        "group_idea": proposal.proposer_group_id is not None,
        "channel": proposal.channel,
        "tahun": proposal.cycle.year,
        "tahun_apbd": proposal.cycle.apbd_year,
        "published_on": _date(proposal.first_published_at),
        "support_count": proposal.support_count,
        "tiket_emas": tiket_emas,
        "outcomes": outcomes,
        "adoption": adoption,
    }


def _ideas():
    return (
        Proposal.objects.public()
        .select_related("kecamatan", "cycle", "golden_ticket__adopted_opd")
        .prefetch_related("golden_ticket__deliberations")
    )


def _bool(params, name):
    value = params.get(name)
    if value is None or value == "":
        return None
    value = value.lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise BadFilter(_("Nilai '%(name)s' harus true atau false.") % {"name": name})


def _positive_int(params, name, default=None):
    value = params.get(name)
    if value is None or value == "":
        return default
    number = as_number(value)
    if number is None and DIGITS.fullmatch(value):
        raise BadFilter(_("Nilai '%(name)s' terlalu besar.") % {"name": name})
    if number is None or number < 1:
        raise BadFilter(
            _("Nilai '%(name)s' harus bilangan bulat positif.") % {"name": name}
        )
    return number


def _year(params):
    """``year``, or ``tahun`` as v1 first called it (still accepted)."""
    name = "year" if params.get("year") not in (None, "") else "tahun"
    return _positive_int(params, name)


def filter_ideas(ideas, params):
    """Apply the documented filters; ``BadFilter`` for any invalid value."""
    kecamatan = params.get("kecamatan")
    if kecamatan:
        if DIGITS.fullmatch(kecamatan):
            number = as_number(kecamatan)
            match = Kecamatan.objects.filter(pk=number).first() if number else None
        else:
            match = next(
                (
                    k
                    for k in Kecamatan.objects.all()
                    if _kecamatan_slug(k) == kecamatan.lower()
                ),
                None,
            )
        if match is None:
            raise BadFilter(
                _("Kecamatan '%(value)s' tidak dikenal. Pakai id atau slug.")
                % {"value": kecamatan}
            )
        ideas = ideas.filter(kecamatan=match)
    cluster = params.get("cluster")
    if cluster:
        if cluster not in Cluster.values:
            raise BadFilter(
                _("Klaster '%(value)s' tidak dikenal. Pilihan: %(choices)s.")
                % {"value": cluster, "choices": ", ".join(Cluster.values)}
            )
        ideas = ideas.filter(cluster=cluster)
    status = params.get("status") or params.get("stage")
    if status:
        stages = {STAGE_NONE: ""} | {
            value: value for value in Proposal.Stage.values if value
        }
        if status not in stages:
            raise BadFilter(
                _("Status '%(value)s' tidak dikenal. Pilihan: %(choices)s.")
                % {"value": status, "choices": ", ".join(stages)}
            )
        ideas = ideas.filter(stage=stages[status])
    year = _year(params)
    if year is not None:
        ideas = ideas.filter(cycle__year=year)
    tiket = _bool(params, "tiket_emas")
    if tiket is not None:
        ideas = ideas.filter(golden_ticket__isnull=not tiket)
    adopted = _bool(params, "adopted")
    if adopted is True:
        ideas = ideas.filter(golden_ticket__adopted_at__isnull=False)
    elif adopted is False:
        ideas = ideas.exclude(golden_ticket__adopted_at__isnull=False)
    return ideas


def _page_url(request, page):
    params = request.GET.copy()
    params["page"] = page
    return request.build_absolute_uri(
        request.path + "?" + urlencode(params, doseq=True)
    )


@read_only
def idea_list(request):
    try:
        ideas = filter_ideas(_ideas(), request.GET)
        page = _positive_int(request.GET, "page", 1)
        size = min(_positive_int(request.GET, "page_size", PAGE_SIZE), MAX_PAGE_SIZE)
    except BadFilter as exc:
        return _error(str(exc))
    total = ideas.count()
    pages = max(1, -(-total // size))
    if page > pages:
        return _error(
            _("Halaman %(page)s tidak ada (hanya %(pages)s halaman).")
            % {"page": page, "pages": pages},
            status=404,
        )
    start = (page - 1) * size
    rows = ideas.order_by("pk")[start : start + size]
    return _json(
        {
            "count": total,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": [serialize_idea(p, request) for p in rows],
        }
    )


@read_only
def idea_detail(request, pk):
    ideas = _ideas()
    if not ideas.filter(pk=pk).exists():
        return _error(_("Usulan tidak ditemukan atau tidak tampil."), status=404)
    return _json(serialize_idea(get_object_or_404(ideas, pk=pk), request))


def _figure(fig):
    return fig.as_api()


def statistics_payload(cycle):
    data = public_report(cycle)
    scope = data["scope"]
    return {
        "scope": {
            "tahun": scope["cycle_year"],
            "tahun_apbd": scope["apbd_year"],
            "label": scope["label"],
            "generated_at": scope["generated_at"],
        },
        "suppression": {
            "threshold": 5,
            "rule": _(
                "Jumlah anak (serta dukungan, penilaian, dan ide yang belum tampil) "
                "dari 1 sampai 4 tidak ditampilkan (value null, suppressed true); "
                "jumlah hal yang sudah publik (ide tampil, tiket emas, hasil "
                "Musrenbang, ide masuk APBD) ditampilkan apa adanya. Angka 0 tetap "
                "0. Dalam satu rincian, jika hanya satu sel disembunyikan, sel "
                "terkecil berikutnya ikut disembunyikan."
            ),
        },
        "headline": [
            {"key": h["key"], "label": h["label"], **_figure(h["figure"])}
            for h in data["headline"]
        ],
        "desa": {
            "total": _figure(data["desa"]["total"]),
            "with_idea": _figure(data["desa"]["with_idea"]),
            "share_percent": data["desa"]["share_percent"],
        },
        "breakdowns": [
            {
                "key": b["key"],
                "label": b["label"],
                "rows": [
                    {"key": r["key"], "label": r["label"], **_figure(r["figure"])}
                    for r in b["rows"]
                ],
            }
            for b in data["breakdowns"]
        ],
        "outcomes": [
            {
                "key": o["key"],
                "label": o["label"],
                "decided": _figure(o["decided"]),
                "accepted": _figure(o["accepted"]),
                "rejected": _figure(o["rejected"]),
            }
            for o in data["outcomes"]
        ],
        "adoption": {
            "count": _figure(data["adoption"]["count"]),
            "pagu_total": data["adoption"]["pagu_total"],
            "by_opd": [
                {
                    "key": r["key"],
                    "label": r["label"],
                    "count": _figure(r["count"]),
                    "pagu": r["pagu"],
                }
                for r in data["adoption"]["by_opd"]
            ],
            "by_cluster": [
                {
                    "key": r["key"],
                    "label": r["label"],
                    "count": _figure(r["count"]),
                    "pagu": r["pagu"],
                }
                for r in data["adoption"]["by_cluster"]
            ],
        },
        "implementation": {
            "not_started": _figure(data["implementation"]["not_started"]),
            "in_progress": _figure(data["implementation"]["in_progress"]),
            "done": _figure(data["implementation"]["done"]),
            "realisation_total": data["implementation"]["realisation_total"],
        },
        "answer_time": {
            "answered": _figure(data["answer_time"]["answered"]),
            "median_days": data["answer_time"]["median_days"],
            "median_suppressed": data["answer_time"]["median_suppressed"],
        },
    }


@read_only
def statistics(request):
    try:
        year = _year(request.GET)
    except BadFilter as exc:
        return _error(str(exc))
    cycle = None
    if year is not None:
        cycle = Cycle.objects.filter(year=year).first()
        if cycle is None:
            return _error(
                _("Tidak ada siklus tahun %(year)s.") % {"year": year}, status=404
            )
    return _json(statistics_payload(cycle))


@read_only
def schema(request):
    return _json(json.loads(json.dumps(openapi.schema(request))))
