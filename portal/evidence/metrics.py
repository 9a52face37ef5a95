"""The KLA child-participation report, computed once as plain data.

``compute_report(cycle)`` (or ``compute_report(None)`` for every cycle) is
the single source of every figure the portal publishes about participation:
the admin report, its XLSX and CSV exports, the PDF evidence document, the
public /transparansi/ page and /api/v1/statistik/. Nothing here knows about
presentation; nothing here returns anything about a single child.

What each number means is documented in docs/kla-evidence.md.
"""

import statistics
from collections import Counter
from datetime import datetime, time

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.accounts.models import (
    AGE_BANDS,
    ChildProfile,
    ConsentRecord,
    age_band_label,
)
from portal.regions.models import Desa, Kecamatan
from proposals.models import (
    Cluster,
    CommitteeRecommendation,
    Cycle,
    Deliberation,
    EvidenceDocument,
    GoldenTicket,
    Proposal,
    ProposalEvent,
)
from voting.models import Support

NOT_PUBLIC_TITLE = _lazy("(ide ini sedang tidak tampil)")
OTHER_AGE = "lainnya"
NOT_STATED = "tidak_disebutkan"


def age_band_key(age):
    """The band of an age at the cycle's year; ages outside 6–17 (a child
    who turned 18 since, a birth year typed wrong) are counted apart."""
    for key, low, high in AGE_BANDS:
        if low <= age <= high:
            return key
    return OTHER_AGE


def _age_band_labels():
    return [
        *((key, age_band_label(low, high)) for key, low, high in AGE_BANDS),
        (OTHER_AGE, _("Di luar 6–17")),
    ]


def _sex_labels():
    return [
        (ChildProfile.Gender.PEREMPUAN, _("Perempuan")),
        (ChildProfile.Gender.LAKI_LAKI, _("Laki-laki")),
        (NOT_STATED, _("Tidak disebutkan")),
    ]


def _disability_labels():
    return [
        (ChildProfile.Disability.YA, _("Dengan disabilitas")),
        (ChildProfile.Disability.TIDAK, _("Tanpa disabilitas")),
        (NOT_STATED, _("Tidak disebutkan")),
    ]


def sex_key(gender):
    return gender if gender in ("perempuan", "laki_laki") else NOT_STATED


def disability_key(disability):
    return disability if disability in ("ya", "tidak") else NOT_STATED


def _end_of(day):
    return timezone.make_aware(datetime.combine(day, time.max))


def scope_label(cycle):
    if cycle is None:
        return _("Semua siklus")
    return str(cycle)


def _participants(cycle, only=None):
    """Ids of the children who took part in the scope: they submitted an
    idea (whatever became of it), supported one, or reviewed the shortlist
    as a Forum Anak committee member."""
    ideas = Proposal.objects.all()
    supports = Support.objects.all()
    reviews = CommitteeRecommendation.objects.all()
    if only is not None:
        ideas = ideas.filter(proposer_id__in=only)
        supports = supports.filter(child_id__in=only)
        reviews = reviews.filter(member_id__in=only)
    if cycle is not None:
        ideas = ideas.filter(cycle=cycle)
        supports = supports.filter(proposal__cycle=cycle)
        reviews = reviews.filter(entry__cycle=cycle)
    proposers = set(
        ideas.filter(proposer__child_profile__isnull=False).values_list(
            "proposer_id", flat=True
        )
    )
    supporters = set(supports.values_list("child_id", flat=True))
    reviewers = set(reviews.values_list("member_id", flat=True))
    return proposers, supporters, reviewers


def _disaggregate(profiles, ids, year):
    """Counts of ``ids`` among ``profiles`` by sex, age band, disability and
    kecamatan (each dimension adds up to ``len(ids)``)."""
    counts = {
        "sex": Counter(),
        "age_band": Counter(),
        "disability": Counter(),
        "kecamatan": Counter(),
    }
    for user_id in ids:
        profile = profiles.get(user_id)
        if profile is None:
            continue
        gender, birth_year, disability, kecamatan_id = profile
        counts["sex"][sex_key(gender)] += 1
        counts["age_band"][age_band_key(year - birth_year)] += 1
        counts["disability"][disability_key(disability)] += 1
        counts["kecamatan"][kecamatan_id] += 1
    return counts


def _dimension_rows(labels, registered, taking_part):
    return [
        {
            "key": str(key),
            "label": str(label),
            "registered": registered.get(key, 0),
            "taking_part": taking_part.get(key, 0),
        }
        for key, label in labels
    ]


def _pagu(value):
    return int(value or 0)


PROFILE_FIELDS = ("gender", "birth_year", "disability", "desa__kecamatan_id")


def children_in_scope(cycle, only=None):
    """The children the report counts in a scope (a cycle, or all when
    None), as sets of user ids: registered (a profile made by the cycle's
    close, or taking part), taking part and in which way, with an active
    consent; and ``profiles``: user id → (gender, birth year, disability,
    kecamatan id). ``only``: restrict to these user ids (the departure
    record of one child, ``participation.record_departure``)."""
    profile_qs = ChildProfile.objects.filter(user__is_active=True)
    if only is not None:
        profile_qs = profile_qs.filter(user_id__in=only)
    active_ids = set(profile_qs.values_list("user_id", flat=True))
    if cycle is not None:
        profile_qs = profile_qs.filter(created_at__lte=_end_of(cycle.closes_on))
    profiles = {
        row[0]: row[1:] for row in profile_qs.values_list("user_id", *PROFILE_FIELDS)
    }
    proposers, supporters, reviewers = _participants(cycle, only)
    # A participant is always counted, even one who registered after the
    # cycle's close (an idea carried over, say): registered ⊇ taking part.
    taking_part = (proposers | supporters | reviewers) & active_ids
    missing = taking_part - set(profiles)
    if missing:
        profiles.update(
            {
                row[0]: row[1:]
                for row in ChildProfile.objects.filter(user_id__in=missing).values_list(
                    "user_id", *PROFILE_FIELDS
                )
            }
        )
    registered = set(profiles)
    with_consent = set(
        ConsentRecord.objects.filter(
            status=ConsentRecord.Status.ACTIVE, child_id__in=registered
        ).values_list("child_id", flat=True)
    )
    return {
        "profiles": profiles,
        "registered": registered,
        "with_consent": with_consent,
        "taking_part": taking_part,
        "proposers": proposers,
        "supporters": supporters,
        "reviewers": reviewers,
    }


def _departed(cycle):
    from .models import DepartedParticipant

    if cycle is None:
        return list(DepartedParticipant.objects.filter(cycle__isnull=True))
    return list(DepartedParticipant.objects.filter(cycle=cycle))


def _add_departed(record, reg, part, children):
    dims = {
        "sex": record.sex,
        "age_band": record.age_band,
        "disability": record.disability,
        "kecamatan": record.kecamatan_id,
    }
    if record.registered:
        children["registered"] += 1
        children["with_consent"] += int(record.with_consent)
        for dim, key in dims.items():
            reg[dim][key] += 1
    if record.taking_part:
        children["taking_part"] += 1
        children["submitted_ideas"] += int(record.submitted_ideas)
        children["supported_ideas"] += int(record.supported_ideas)
        children["committee_reviewers"] += int(record.committee_reviewer)
        for dim, key in dims.items():
            part[dim][key] += 1


def _departed_contributions(cycle, kind):
    """(target id, recommend) of departed children's supports or reviews."""
    from .models import DepartedContribution

    rows = DepartedContribution.objects.filter(kind=kind)
    if cycle is not None:
        rows = rows.filter(cycle=cycle)
    return list(rows.values_list("target_id", "recommend"))


def _departed_ideas(cycle):
    """Cluster, status and kecamatan of departed children's ideas that were
    never public (no desa: docs/kla-evidence.md)."""
    from .models import DepartedContribution

    rows = DepartedContribution.objects.filter(kind=DepartedContribution.Kind.IDEA)
    if cycle is not None:
        rows = rows.filter(cycle=cycle)
    return list(rows.values("cluster", "status", "kecamatan_id"))


def compute_report(cycle=None):
    """Every figure of the report for one ``cycle`` (or all when None), as
    plain data: dicts, lists, ints, strings. Staff see these numbers as
    they are; public figures go through ``suppression`` first."""
    if isinstance(cycle, int):
        cycle = Cycle.objects.get(year=cycle)
    year = cycle.year if cycle else timezone.localdate().year
    kecamatan_list = list(Kecamatan.objects.order_by("name").values("pk", "name"))

    # --- children --------------------------------------------------------
    scope = children_in_scope(cycle)
    profiles, taking_part = scope["profiles"], scope["taking_part"]
    proposers, supporters = scope["proposers"], scope["supporters"]
    reviewers, registered_ids = scope["reviewers"], scope["registered"]
    reg = _disaggregate(profiles, registered_ids, year)
    part = _disaggregate(profiles, taking_part, year)
    children = {
        "registered": len(registered_ids),
        "with_consent": len(scope["with_consent"]),
        "taking_part": len(taking_part),
        "submitted_ideas": len(proposers & taking_part),
        "supported_ideas": len(supporters & taking_part),
        "committee_reviewers": len(reviewers & taking_part),
    }
    # Children whose account is gone still count (issue 12 item 11): their
    # anonymous records, written when the account was deleted.
    departed = _departed(cycle)
    for record in departed:
        _add_departed(record, reg, part, children)
    disaggregation = {
        "sex": _dimension_rows(_sex_labels(), reg["sex"], part["sex"]),
        "age_band": _dimension_rows(
            _age_band_labels(), reg["age_band"], part["age_band"]
        ),
        "disability": _dimension_rows(
            _disability_labels(), reg["disability"], part["disability"]
        ),
        "kecamatan": _dimension_rows(
            [(k["pk"], k["name"]) for k in kecamatan_list],
            reg["kecamatan"],
            part["kecamatan"],
        ),
    }

    # --- ideas -----------------------------------------------------------
    ideas = Proposal.objects.all()
    if cycle is not None:
        ideas = ideas.filter(cycle=cycle)
    by_status = Counter(
        dict(ideas.order_by().values_list("status").annotate(n=Count("pk")).order_by())
    )
    # Ideas never made public of children whose account is gone (erased
    # with the account, kept as anonymous tallies): still sent.
    gone_ideas = _departed_ideas(cycle)
    by_status.update(row["status"] for row in gone_ideas)
    published = ideas.public()
    idea_totals = {
        "submitted": sum(by_status.values()),
        "published": published.count(),
        "in_moderation": by_status.get(Proposal.Status.IN_MODERATION, 0)
        + by_status.get(Proposal.Status.CHANGES_REQUESTED, 0),
        "not_published": by_status.get(Proposal.Status.NOT_PUBLISHED, 0),
        "hidden": by_status.get(Proposal.Status.HIDDEN, 0),
        "escalated": by_status.get(Proposal.Status.ESCALATED, 0),
        "merged": by_status.get(Proposal.Status.MERGED, 0),
        "by_groups": ideas.filter(proposer_group__isnull=False).count(),
    }
    # Ideas of a child whose account is gone keep no proposer: still a child's.
    idea_totals["by_children"] = idea_totals["submitted"] - idea_totals["by_groups"]
    per_cluster_sub = Counter(
        dict(ideas.values_list("cluster").annotate(n=Count("pk")).order_by())
    )
    per_cluster_pub = Counter(
        dict(published.values_list("cluster").annotate(n=Count("pk")).order_by())
    )
    per_kec_sub = Counter(
        dict(ideas.values_list("kecamatan_id").annotate(n=Count("pk")).order_by())
    )
    per_kec_pub = Counter(
        dict(published.values_list("kecamatan_id").annotate(n=Count("pk")).order_by())
    )
    per_cluster_sub.update(row["cluster"] for row in gone_ideas)
    per_kec_sub.update(row["kecamatan_id"] for row in gone_ideas)
    idea_totals["by_cluster"] = [
        {
            "key": key,
            "label": str(label),
            "submitted": per_cluster_sub.get(key, 0),
            "published": per_cluster_pub.get(key, 0),
        }
        for key, label in Cluster.choices
    ]

    # --- desa reached ----------------------------------------------------
    desa_total = Counter(
        dict(
            Desa.objects.values_list("kecamatan_id").annotate(n=Count("pk")).order_by()
        )
    )
    reached = set(ideas.filter(desa__isnull=False).values_list("desa_id", flat=True))
    reached_per_kec = Counter(
        Desa.objects.filter(pk__in=reached).values_list("kecamatan_id", flat=True)
    )
    total_desa = sum(desa_total.values())
    desa = {
        "total": total_desa,
        "with_idea": len(reached),
        "share_percent": round(100 * len(reached) / total_desa, 1)
        if total_desa
        else 0.0,
    }
    by_kecamatan = []
    for kec in kecamatan_list:
        pk = kec["pk"]
        by_kecamatan.append(
            {
                "key": str(pk),
                "label": kec["name"],
                "desa_total": desa_total.get(pk, 0),
                "desa_with_idea": reached_per_kec.get(pk, 0),
                "ideas_submitted": per_kec_sub.get(pk, 0),
                "ideas_published": per_kec_pub.get(pk, 0),
                "children_registered": reg["kecamatan"].get(pk, 0),
                "children_taking_part": part["kecamatan"].get(pk, 0),
            }
        )

    # --- supports --------------------------------------------------------
    support_rows = Support.objects.all()
    if cycle is not None:
        support_rows = support_rows.filter(proposal__cycle=cycle)
    gone_supports = _departed_contributions(cycle, "support")
    supports = {
        "total": support_rows.count() + len(gone_supports),
        "children": support_rows.values("child_id").distinct().count()
        + sum(1 for r in departed if r.supported_ideas),
        "ideas_supported": len(
            set(support_rows.values_list("proposal_id", flat=True))
            | {target for target, _r in gone_supports}
        ),
    }

    # --- Forum Anak ------------------------------------------------------
    reviews = CommitteeRecommendation.objects.all()
    if cycle is not None:
        reviews = reviews.filter(entry__cycle=cycle)
    offline = ideas.filter(channel=Proposal.Channel.OFFLINE)
    gone_reviews = _departed_contributions(cycle, "review")
    forum_anak = {
        "committee_reviews": reviews.count() + len(gone_reviews),
        "committee_recommend_yes": reviews.filter(recommend=True).count()
        + sum(1 for _t, yes in gone_reviews if yes),
        "committee_members": reviews.values("member_id").distinct().count()
        + sum(1 for r in departed if r.committee_reviewer),
        "ideas_reviewed": len(
            set(reviews.values_list("entry_id", flat=True))
            | {target for target, _r in gone_reviews}
        ),
        "group_ideas": idea_totals["by_groups"],
        "offline_ideas": offline.count(),
        "offline_children": offline.aggregate(n=Sum("offline_children_count"))["n"]
        or 0,
    }

    # --- tiket emas, outcomes, adoption, implementation ---------------------
    tickets = GoldenTicket.objects.all()
    if cycle is not None:
        tickets = tickets.filter(cycle=cycle)
    golden_tickets = {
        "awarded": tickets.count(),
        "kecamatan_level": tickets.filter(level=GoldenTicket.Level.KECAMATAN).count(),
        "kabupaten_level": tickets.filter(level=GoldenTicket.Level.KABUPATEN).count(),
        # From the immutable events: a later full save of a stale ticket
        # (record_adoption) can blank ``received_at``.
        "received": tickets.filter(
            Q(received_at__isnull=False)
            | Q(proposal__events__kind=ProposalEvent.Kind.RECEIVED)
        )
        .distinct()
        .count(),
    }

    decisions = list(
        Deliberation.objects.filter(ticket__in=tickets)
        .order_by("decided_at", "pk")
        .values_list("ticket_id", "level", "outcome", "reason_category", "decided_at")
    )
    latest = {}
    first_answer = {}
    for ticket_id, level, outcome, reason, decided_at in decisions:
        latest[(ticket_id, level)] = (outcome, reason)
        first_answer.setdefault(ticket_id, decided_at)
    outcomes = []
    for level, label in Deliberation.Level.choices:
        results = [v for (t, lv), v in latest.items() if lv == level]
        reasons = Counter(r for o, r in results if o == Deliberation.Outcome.REJECTED)
        outcomes.append(
            {
                "key": level,
                "label": str(label),
                "decided": len(results),
                "accepted": sum(
                    1 for o, _r in results if o == Deliberation.Outcome.ACCEPTED
                ),
                "rejected": sum(
                    1 for o, _r in results if o == Deliberation.Outcome.REJECTED
                ),
                "rejected_by_reason": [
                    {"key": key, "label": str(rlabel), "count": reasons.get(key, 0)}
                    for key, rlabel in Deliberation.Reason.choices
                    if key != Deliberation.Reason.ACCEPTED
                ],
            }
        )

    awarded_at = dict(tickets.values_list("pk", "awarded_at"))
    waits = sorted(
        (first_answer[pk] - awarded_at[pk]).total_seconds() / 86400
        for pk in first_answer
        if pk in awarded_at
    )
    answer_time = {
        "answered": len(waits),
        "waiting": len(awarded_at) - len(waits),
        "median_days": round(statistics.median(waits), 1) if waits else None,
    }

    adopted = (
        tickets.filter(adopted_at__isnull=False)
        .select_related("proposal__kecamatan", "adopted_opd")
        .prefetch_related("evidence__document")
        .order_by("proposal__kecamatan__name", "proposal_id")
    )
    adopted_list = []
    by_opd, by_cluster = {}, {}
    cluster_labels = dict(Cluster.choices)
    for ticket in adopted:
        proposal = ticket.proposal
        opd = ticket.adopted_opd
        opd_key = str(opd.pk) if opd else ""
        opd_label = opd.name if opd else _("Belum ditentukan")
        pagu = _pagu(ticket.pagu)
        row = by_opd.setdefault(
            opd_key, {"key": opd_key, "label": opd_label, "count": 0, "pagu": 0}
        )
        row["count"] += 1
        row["pagu"] += pagu
        crow = by_cluster.setdefault(
            proposal.cluster,
            {
                "key": proposal.cluster,
                "label": str(cluster_labels.get(proposal.cluster, proposal.cluster)),
                "count": 0,
                "pagu": 0,
            },
        )
        crow["count"] += 1
        crow["pagu"] += pagu
        public = proposal.is_public
        adopted_list.append(
            {
                "id": proposal.pk,
                # The report, its files and the PDF that leaves the regency
                # show the words of public ideas only (issue 11 item 11).
                "title": proposal.title if public else str(NOT_PUBLIC_TITLE),
                "public": public,
                "kecamatan": proposal.kecamatan.name,
                "cluster": str(cluster_labels.get(proposal.cluster, proposal.cluster)),
                "budget_year": ticket.budget_year,
                "opd": opd_label,
                "program": ticket.program,
                "kegiatan": ticket.kegiatan,
                "sub_kegiatan": ticket.adopted_sub_kegiatan,
                "pagu": pagu,
                "progress_percent": ticket.progress_percent,
                "realisation": _pagu(ticket.realisation),
                "sipd_id_usulan": ticket.sipd_id_usulan,
                "evidence": [
                    {
                        "kind": doc.kind,
                        "kind_label": str(doc.get_kind_display()),
                        "title": doc.document.title,
                        "note": doc.note,
                        "file": doc.document.filename,
                    }
                    for doc in sorted(ticket.evidence.all(), key=lambda d: d.pk)
                ],
            }
        )
    adoption = {
        "count": len(adopted_list),
        "pagu_total": sum(item["pagu"] for item in adopted_list),
        "by_opd": sorted(by_opd.values(), key=lambda r: (-r["pagu"], r["label"])),
        "by_cluster": [
            by_cluster[key] for key, _label in Cluster.choices if key in by_cluster
        ],
        "ideas": adopted_list,
        "evidence_documents": sum(len(i["evidence"]) for i in adopted_list),
    }
    progress = [item["progress_percent"] for item in adopted_list]
    implementation = {
        "not_started": sum(1 for p in progress if p == 0),
        "in_progress": sum(1 for p in progress if 0 < p < 100),
        "done": sum(1 for p in progress if p == 100),
        "realisation_total": sum(item["realisation"] for item in adopted_list),
    }
    evidence_all = EvidenceDocument.objects.filter(ticket__in=tickets).count()

    return {
        "scope": {
            "cycle_year": cycle.year if cycle else None,
            "apbd_year": cycle.apbd_year if cycle else None,
            "label": scope_label(cycle),
            "age_year": year,
            "generated_at": timezone.localtime().isoformat(timespec="minutes"),
        },
        "children": children,
        "disaggregation": disaggregation,
        "desa": desa,
        "by_kecamatan": by_kecamatan,
        "ideas": idea_totals,
        "supports": supports,
        "forum_anak": forum_anak,
        "golden_tickets": golden_tickets,
        "outcomes": outcomes,
        "answer_time": answer_time,
        "adoption": adoption,
        "implementation": implementation,
        "evidence_documents": evidence_all,
    }
