"""Every number of the KLA report against counts made here, from what the
fixture did (``tests/evidence/conftest.py``), never from portal.evidence."""

import statistics

import pytest

from portal.evidence.metrics import compute_report
from portal.regions.models import Desa
from tests.evidence.conftest import (
    DAYS_TO_ANSWER,
    OFFLINE_CHILDREN,
    PAGU,
    REVIEWS,
    SUPPORTS,
)

pytestmark = pytest.mark.django_db

KECAMATAN_OF = {
    "Lesabela": "Ledo",
    "Semangat": "Ledo",
    "Sungai Duri": "Sungai Raya",
    "Sungai Jaga A": "Sungai Raya",
}
SEX = ["perempuan", "laki_laki", "tidak_disebutkan"]
BANDS = ["6-12", "13-15", "16-17", "lainnya"]
DISABILITY = ["ya", "tidak", "tidak_disebutkan"]


def numbers(data, path=""):
    """Every numeric leaf (and None) of a nested structure, by its path."""
    found = {}
    if isinstance(data, dict):
        for key, value in data.items():
            found.update(numbers(value, f"{path}.{key}"))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.update(numbers(value, f"{path}[{index}]"))
    elif data is None or (isinstance(data, int | float) and not isinstance(data, bool)):
        found[path] = data
    return found


def band(age):
    if 6 <= age <= 12:
        return "6-12"
    if 13 <= age <= 15:
        return "13-15"
    if 16 <= age <= 17:
        return "16-17"
    return "lainnya"


def dimension_counts(spec, keys):
    counts = {
        "sex": dict.fromkeys(SEX, 0),
        "age_band": dict.fromkeys(BANDS, 0),
        "disability": dict.fromkeys(DISABILITY, 0),
        "kecamatan": {"Ledo": 0, "Seluas": 0, "Sungai Raya": 0},
    }
    for key in keys:
        sex, age, desa, disability, _consent = spec["children"][key]
        counts["sex"][
            sex if sex in ("perempuan", "laki_laki") else "tidak_disebutkan"
        ] += 1
        counts["age_band"][band(age)] += 1
        counts["disability"][
            disability if disability in ("ya", "tidak") else "tidak_disebutkan"
        ] += 1
        counts["kecamatan"][KECAMATAN_OF[desa]] += 1
    return counts


def expected_report(world, *, overall):
    spec = world.spec
    registered = list(spec["children"])
    proposers = set(spec["proposers_current"]) | (
        set(spec["proposers_previous"]) if overall else set()
    )
    supporters = {child for children in SUPPORTS.values() for child in children}
    reviewers = {member for member, _key, _yes in REVIEWS}
    taking_part = proposers | supporters | reviewers
    reg = dimension_counts(spec, registered)
    part = dimension_counts(spec, taking_part)

    def rows(dim, keys):
        return [{"registered": reg[dim][k], "taking_part": part[dim][k]} for k in keys]

    # Ideas of the current cycle and where they are (see the fixture).
    idea_desa = {
        "A": "Lesabela",
        "B": "Lesabela",
        "C": "Semangat",
        "D": None,
        "E": "Sungai Jaga A",
        "F": "Sungai Duri",
        "G": "Semangat",
        "H": None,
    }
    idea_kecamatan = {"A": "Ledo", "B": "Ledo", "C": "Ledo", "D": "Sungai Raya"}
    idea_kecamatan |= {"E": "Sungai Raya", "F": "Sungai Raya", "G": "Ledo", "H": "Ledo"}
    cluster = {"A": "klaster_4", "B": "klaster_5", "C": "klaster_4", "D": "klaster_4"}
    cluster |= {"E": "klaster_3", "F": "klaster_3", "G": "klaster_3", "H": "klaster_1"}
    published = {"A", "B", "E", "F", "G", "H"}
    if overall:
        idea_desa["P"] = "Lesabela"
        idea_kecamatan["P"] = "Ledo"
        cluster["P"] = "klaster_4"
        published.add("P")
    submitted = set(idea_desa)
    reached = {d for d in idea_desa.values() if d}
    desa_total = Desa.objects.count()
    desa_per_kec = {"Ledo": 2, "Seluas": 1, "Sungai Raya": 2}
    by_kecamatan = []
    for kec in ("Ledo", "Seluas", "Sungai Raya"):
        by_kecamatan.append(
            {
                "desa_total": desa_per_kec[kec],
                "desa_with_idea": len({d for d in reached if KECAMATAN_OF[d] == kec}),
                "ideas_submitted": sum(
                    1 for i in submitted if idea_kecamatan[i] == kec
                ),
                "ideas_published": sum(
                    1 for i in published if idea_kecamatan[i] == kec
                ),
                "children_registered": reg["kecamatan"][kec],
                "children_taking_part": part["kecamatan"][kec],
            }
        )
    clusters = ["kelembagaan", "klaster_1", "klaster_2", "klaster_3", "klaster_4"]
    clusters.append("klaster_5")
    support_total = sum(len(v) for v in SUPPORTS.values())
    waits = list(DAYS_TO_ANSWER.values())
    no_reason = dict.fromkeys(
        [
            "not_authority",
            "no_budget",
            "already_planned",
            "merged",
            "not_feasible",
            "other",
        ],
        0,
    )

    def level(decided, accepted, rejected, **reasons):
        return {
            "decided": decided,
            "accepted": accepted,
            "rejected": rejected,
            "rejected_by_reason": [
                {"count": n} for n in (no_reason | reasons).values()
            ],
        }

    year = world.cycle.year
    ideas_a, ideas_g = world.ideas["A"], world.ideas["G"]
    return {
        "scope": {
            "cycle_year": None if overall else year,
            "apbd_year": None if overall else year + 1,
            "age_year": year,
        },
        "children": {
            "registered": len(registered),
            "with_consent": sum(1 for c in spec["children"].values() if c[4]),
            "taking_part": len(taking_part),
            "submitted_ideas": len(proposers),
            "supported_ideas": len(supporters),
            "committee_reviewers": len(reviewers),
        },
        "disaggregation": {
            "sex": rows("sex", SEX),
            "age_band": rows("age_band", BANDS),
            "disability": rows("disability", DISABILITY),
            "kecamatan": rows("kecamatan", ["Ledo", "Seluas", "Sungai Raya"]),
        },
        "desa": {
            "total": desa_total,
            "with_idea": len(reached),
            "share_percent": round(100 * len(reached) / desa_total, 1),
        },
        "by_kecamatan": by_kecamatan,
        "ideas": {
            "submitted": len(submitted),
            "published": len(published),
            "in_moderation": 1,  # D
            "not_published": 1,  # C
            "hidden": 0,
            "escalated": 0,
            "merged": 0,
            "by_groups": 2,  # G, H
            "by_children": len(submitted) - 2,
            "by_cluster": [
                {
                    "submitted": sum(1 for i in submitted if cluster[i] == c),
                    "published": sum(1 for i in published if cluster[i] == c),
                }
                for c in clusters
            ],
        },
        "supports": {
            "total": support_total,
            "children": len(supporters),
            "ideas_supported": len(SUPPORTS),
        },
        "forum_anak": {
            "committee_reviews": len(REVIEWS),
            "committee_recommend_yes": sum(1 for r in REVIEWS if r[2]),
            "committee_members": len(reviewers),
            "ideas_reviewed": len({r[1] for r in REVIEWS}),
            "group_ideas": 2,
            "offline_ideas": 1,
            "offline_children": OFFLINE_CHILDREN,
        },
        "golden_tickets": {
            "awarded": 4,
            "kecamatan_level": 2,  # A, E
            "kabupaten_level": 2,  # B, G
            "received": 3,  # A, B, G
        },
        # Latest decision of each idea at each level (A's desa decision twice).
        "outcomes": [
            level(1, 1, 0),  # desa: A
            level(2, 1, 1, no_budget=1),  # kecamatan: A yes, B no
            level(1, 1, 0),  # Forum Perangkat Daerah: G
            level(2, 2, 0),  # kabupaten: A, G
        ],
        "answer_time": {
            "answered": len(waits),
            "waiting": 1,  # E
            "median_days": float(statistics.median(waits)),
        },
        "adoption": {
            "count": 2,
            "pagu_total": sum(PAGU.values()),
            "by_opd": [
                {"count": 1, "pagu": PAGU["A"]},  # largest pagu first
                {"count": 1, "pagu": PAGU["G"]},
            ],
            "by_cluster": [
                {"count": 1, "pagu": PAGU["G"]},  # klaster_3 before klaster_4
                {"count": 1, "pagu": PAGU["A"]},
            ],
            # Ledo first (A before G by number), both in Ledo.
            "ideas": [
                {
                    "id": ideas_a.pk,
                    "budget_year": year + 1,
                    "pagu": PAGU["A"],
                    "progress_percent": 40,
                    "realisation": 0,
                    "evidence": [{}, {}],
                },
                {
                    "id": ideas_g.pk,
                    "budget_year": year + 1,
                    "pagu": PAGU["G"],
                    "progress_percent": 100,
                    "realisation": 70_000_000,
                    "evidence": [],
                },
            ],
            "evidence_documents": 2,
        },
        "implementation": {
            "not_started": 0,
            "in_progress": 1,
            "done": 1,
            "realisation_total": 70_000_000,
        },
        "evidence_documents": 2,
    }


@pytest.mark.parametrize("overall", [False, True], ids=["cycle", "overall"])
def test_every_number_of_the_report_matches_an_independent_count(world, overall):
    report = compute_report(None if overall else world.cycle)
    expected = expected_report(world, overall=overall)
    got, want = numbers(report), numbers(expected)
    assert set(got) == set(want), (
        f"unchecked: {sorted(set(got) - set(want))}; "
        f"missing: {sorted(set(want) - set(got))}"
    )
    wrong = {path: (got[path], want[path]) for path in want if got[path] != want[path]}
    assert not wrong, wrong


def test_labels_and_order_of_the_disaggregations(world):
    report = compute_report(world.cycle)
    dis = report["disaggregation"]
    assert [r["key"] for r in dis["sex"]] == SEX
    assert [r["key"] for r in dis["age_band"]] == BANDS
    assert [r["key"] for r in dis["disability"]] == DISABILITY
    assert [r["label"] for r in dis["kecamatan"]] == ["Ledo", "Seluas", "Sungai Raya"]
    # Each dimension adds up to the totals.
    for rows in dis.values():
        assert sum(r["registered"] for r in rows) == report["children"]["registered"]
        assert sum(r["taking_part"] for r in rows) == report["children"]["taking_part"]
    adopted = report["adoption"]["ideas"][0]
    assert adopted["title"] == "Perpustakaan desa Lesabela"
    assert [d["kind"] for d in adopted["evidence"]] == ["undangan", "dpa"]
    assert report["adoption"]["by_opd"][0]["label"] == "Dinas Pendidikan dan Kebudayaan"


def test_the_report_holds_no_personal_data(world):
    text = repr(compute_report(world.cycle))
    for child in world.children.values():
        assert child.username not in text
        assert f"'{child.nickname}'" not in text
    assert "Ibu Wali" not in text


def test_report_for_a_cycle_excludes_other_cycles(world):
    previous = compute_report(world.previous)
    assert previous["ideas"]["submitted"] == 1
    assert previous["ideas"]["published"] == 1
    assert previous["children"]["taking_part"] == 1  # budi
    assert previous["golden_tickets"]["awarded"] == 0
    assert previous["answer_time"]["median_days"] is None
