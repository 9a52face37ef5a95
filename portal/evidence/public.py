"""The public face of the report: the figures of ``metrics.compute_report``
after small-cell suppression, for /transparansi/ and /api/v1/statistik/.

Only aggregates leave this module; each count is a ``suppression.Figure``.
"""

from django.utils.translation import gettext as _

from proposals.models import Cycle, Proposal

from . import metrics
from .suppression import Figure, exact, figure, group, share

DIMENSIONS = [
    ("jenis_kelamin", "sex"),
    ("kelompok_usia", "age_band"),
    ("disabilitas", "disability"),
    ("kecamatan", "kecamatan"),
]


def _dimension_title(key):
    return {
        "jenis_kelamin": _("Anak yang ikut serta menurut jenis kelamin"),
        "kelompok_usia": _("Anak yang ikut serta menurut kelompok usia"),
        "disabilitas": _("Anak yang ikut serta menurut disabilitas"),
        "kecamatan": _("Anak yang ikut serta menurut kecamatan"),
        "klaster": _("Ide yang tampil menurut klaster KLA"),
        "ide_kecamatan": _("Ide yang tampil menurut kecamatan"),
    }[key]


def _breakdown(key, rows, measure, *, public=False):
    """Children per dimension are suppressed; public ideas are not."""
    values = [row[measure] for row in rows]
    figures = [exact(v) for v in values] if public else group(values)
    return {
        "key": key,
        "label": _dimension_title(key),
        "rows": [
            {"key": row["key"], "label": row["label"], "figure": fig}
            for row, fig in zip(rows, figures, strict=True)
        ],
    }


def public_report(cycle=None, report=None):
    """Suppressed figures of the report, ready for a page or the API."""
    report = report or metrics.compute_report(cycle)
    c, i, s = report["children"], report["ideas"], report["supports"]
    f, g, d = report["forum_anak"], report["golden_tickets"], report["desa"]
    a, m, t = report["adoption"], report["implementation"], report["answer_time"]
    headline = [
        ("children_registered", _("Anak terdaftar"), figure(c["registered"])),
        ("children_taking_part", _("Anak yang ikut serta"), figure(c["taking_part"])),
        ("ideas_submitted", _("Ide dikirim"), figure(i["submitted"])),
        ("ideas_published", _("Ide tampil"), exact(i["published"])),
        ("ideas_not_published", _("Ide tidak diterbitkan"), figure(i["not_published"])),
        ("supports", _("Dukungan"), figure(s["total"])),
        ("desa_with_idea", _("Desa/kelurahan dengan ide"), figure(d["with_idea"])),
        ("group_ideas", _("Ide kelompok Forum Anak"), figure(f["group_ideas"])),
        (
            "committee_reviews",
            _("Penilaian pengurus Forum Anak"),
            figure(f["committee_reviews"]),
        ),
        ("offline_ideas", _("Ide dari sesi luring"), figure(f["offline_ideas"])),
        (
            "offline_children",
            _("Anak dalam sesi luring"),
            figure(f["offline_children"]),
        ),
        ("golden_tickets", _("Tiket emas diberikan"), exact(g["awarded"])),
        ("ideas_adopted", _("Ide masuk APBD"), exact(a["count"])),
        ("ideas_implemented", _("Ide selesai dikerjakan"), exact(m["done"])),
    ]
    breakdowns = [
        _breakdown(key, report["disaggregation"][dim], "taking_part")
        for key, dim in DIMENSIONS
    ]
    breakdowns.append(_breakdown("klaster", i["by_cluster"], "published", public=True))
    breakdowns.append(
        _breakdown(
            "ide_kecamatan",
            [
                {
                    "key": r["key"],
                    "label": r["label"],
                    "published": r["ideas_published"],
                }
                for r in report["by_kecamatan"]
            ],
            "published",
            public=True,
        )
    )
    outcomes = [
        {
            "key": row["key"],
            "label": row["label"],
            "decided": exact(row["decided"]),
            "accepted": exact(row["accepted"]),
            "rejected": exact(row["rejected"]),
        }
        for row in report["outcomes"]
    ]
    answered = exact(t["answered"])
    return {
        "scope": report["scope"],
        "headline": [
            {"key": key, "label": label, "figure": fig} for key, label, fig in headline
        ],
        "desa": {
            "total": exact(d["total"]),
            "with_idea": figure(d["with_idea"]),
            "share_percent": share(d["with_idea"], d["total"]),
        },
        "breakdowns": breakdowns,
        "outcomes": outcomes,
        "adoption": {
            "count": exact(a["count"]),
            "pagu_total": a["pagu_total"],
            "by_opd": [
                {
                    "key": r["key"],
                    "label": r["label"],
                    "count": exact(r["count"]),
                    "pagu": r["pagu"],
                }
                for r in a["by_opd"]
            ],
            "by_cluster": [
                {
                    "key": r["key"],
                    "label": r["label"],
                    "count": exact(r["count"]),
                    "pagu": r["pagu"],
                }
                for r in a["by_cluster"]
            ],
        },
        "implementation": {
            "not_started": exact(m["not_started"]),
            "in_progress": exact(m["in_progress"]),
            "done": exact(m["done"]),
            "realisation_total": m["realisation_total"],
        },
        "answer_time": {
            "answered": answered,
            "median_days": None if answered.suppressed else t["median_days"],
            "median_suppressed": answered.suppressed,
        },
    }


def adopted_ideas(cycle=None):
    """Public ideas adopted into the APBD, with their budget line and
    progress (item-level facts the idea's own page already shows)."""
    ideas = (
        Proposal.objects.public()
        .filter(golden_ticket__adopted_at__isnull=False)
        .select_related("kecamatan", "golden_ticket__adopted_opd", "cycle")
        .order_by("-golden_ticket__pagu", "pk")
    )
    if cycle is not None:
        ideas = ideas.filter(golden_ticket__cycle=cycle)
    return ideas


def cycles():
    return list(Cycle.objects.order_by("-year"))


__all__ = ["Figure", "adopted_ideas", "cycles", "public_report"]
