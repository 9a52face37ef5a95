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
from functools import cached_property

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


def _departed_dimensions(record):
    return {
        "sex": record.sex,
        "age_band": record.age_band,
        "disability": record.disability,
        "kecamatan": record.kecamatan_id,
    }


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


def _per(queryset, field):
    """``Counter`` of ``queryset`` by one column, counted in the database."""
    return Counter(dict(queryset.values_list(field).annotate(n=Count("pk")).order_by()))


class Scope:
    """One report's scope (a cycle, or every cycle when None) and what more
    than one section of it reads, each read from the database once."""

    def __init__(self, cycle):
        self.cycle = cycle
        # Ages are counted at the cycle's year.
        self.year = cycle.year if cycle else timezone.localdate().year

    def in_cycle(self, queryset, path="cycle"):
        """``queryset`` narrowed to the scope's cycle through ``path``."""
        if self.cycle is None:
            return queryset
        return queryset.filter(**{path: self.cycle})

    @cached_property
    def kecamatan_list(self):
        return list(Kecamatan.objects.order_by("name").values("pk", "name"))

    # --- children ----------------------------------------------------------

    @cached_property
    def children(self):
        """``children_in_scope``: the ids of the children counted."""
        return children_in_scope(self.cycle)

    @cached_property
    def departed(self):
        """Children whose account is gone still count (issue 12 item 11):
        their anonymous records, written when the account was deleted."""
        return _departed(self.cycle)

    def _by_dimension(self, ids, departed_flag):
        counts = _disaggregate(self.children["profiles"], ids, self.year)
        for record in self.departed:
            if getattr(record, departed_flag):
                for dim, key in _departed_dimensions(record).items():
                    counts[dim][key] += 1
        return counts

    @cached_property
    def registered_by(self):
        """Registered children by dimension (sex, age band, disability,
        kecamatan), the departed included."""
        return self._by_dimension(self.children["registered"], "registered")

    @cached_property
    def taking_part_by(self):
        """Children taking part by dimension, the departed included."""
        return self._by_dimension(self.children["taking_part"], "taking_part")

    # --- ideas -------------------------------------------------------------

    @cached_property
    def ideas(self):
        return self.in_cycle(Proposal.objects.all())

    @cached_property
    def published(self):
        return self.ideas.public()

    @cached_property
    def departed_ideas(self):
        """Ideas never made public of children whose account is gone
        (erased with the account, kept as anonymous tallies): still sent."""
        return _departed_ideas(self.cycle)

    @cached_property
    def ideas_by_groups(self):
        return self.ideas.filter(proposer_group__isnull=False).count()

    @cached_property
    def ideas_submitted_per_kecamatan(self):
        counts = _per(self.ideas, "kecamatan_id")
        counts.update(row["kecamatan_id"] for row in self.departed_ideas)
        return counts

    @cached_property
    def ideas_published_per_kecamatan(self):
        return _per(self.published, "kecamatan_id")

    @cached_property
    def desa_per_kecamatan(self):
        return _per(Desa.objects.all(), "kecamatan_id")

    @cached_property
    def desa_reached(self):
        """Ids of the desa an idea of the scope is about."""
        return set(
            self.ideas.filter(desa__isnull=False).values_list("desa_id", flat=True)
        )

    # --- tiket emas ----------------------------------------------------------

    @cached_property
    def tickets(self):
        return self.in_cycle(GoldenTicket.objects.all())

    @cached_property
    def decisions(self):
        """(ticket id, level, outcome, reason, decided at), oldest first."""
        return list(
            Deliberation.objects.filter(ticket__in=self.tickets)
            .order_by("decided_at", "pk")
            .values_list(
                "ticket_id", "level", "outcome", "reason_category", "decided_at"
            )
        )

    @cached_property
    def adopted(self):
        """The tickets adopted into the APBD with their ideas, OPD and
        evidence, in the order the report lists them."""
        return list(
            self.tickets.filter(adopted_at__isnull=False)
            .select_related("proposal__kecamatan", "adopted_opd")
            .prefetch_related("evidence__document")
            .order_by("proposal__kecamatan__name", "proposal_id")
        )

    @cached_property
    def adopted_ideas(self):
        return [_adopted_idea(ticket) for ticket in self.adopted]


# --- the sections: one function each, in the report's order -----------------


def scope_section(scope):
    cycle = scope.cycle
    return {
        "cycle_year": cycle.year if cycle else None,
        "apbd_year": cycle.apbd_year if cycle else None,
        "label": scope_label(cycle),
        "age_year": scope.year,
        "generated_at": timezone.localtime().isoformat(timespec="minutes"),
    }


def children_section(scope):
    """How many children registered, consented and took part, and how."""
    ids = scope.children
    taking_part = ids["taking_part"]
    children = {
        "registered": len(ids["registered"]),
        "with_consent": len(ids["with_consent"]),
        "taking_part": len(taking_part),
        "submitted_ideas": len(ids["proposers"] & taking_part),
        "supported_ideas": len(ids["supporters"] & taking_part),
        "committee_reviewers": len(ids["reviewers"] & taking_part),
    }
    for record in scope.departed:
        if record.registered:
            children["registered"] += 1
            children["with_consent"] += int(record.with_consent)
        if record.taking_part:
            children["taking_part"] += 1
            children["submitted_ideas"] += int(record.submitted_ideas)
            children["supported_ideas"] += int(record.supported_ideas)
            children["committee_reviewers"] += int(record.committee_reviewer)
    return children


def disaggregation_section(scope):
    """Registered and taking part by sex, age band, disability and kecamatan."""
    reg, part = scope.registered_by, scope.taking_part_by
    return {
        "sex": _dimension_rows(_sex_labels(), reg["sex"], part["sex"]),
        "age_band": _dimension_rows(
            _age_band_labels(), reg["age_band"], part["age_band"]
        ),
        "disability": _dimension_rows(
            _disability_labels(), reg["disability"], part["disability"]
        ),
        "kecamatan": _dimension_rows(
            [(k["pk"], k["name"]) for k in scope.kecamatan_list],
            reg["kecamatan"],
            part["kecamatan"],
        ),
    }


def desa_section(scope):
    """How many of the regency's desa an idea is about."""
    total = sum(scope.desa_per_kecamatan.values())
    reached = len(scope.desa_reached)
    return {
        "total": total,
        "with_idea": reached,
        "share_percent": round(100 * reached / total, 1) if total else 0.0,
    }


def by_kecamatan_section(scope):
    """Desa, ideas and children per kecamatan."""
    reached = Counter(
        Desa.objects.filter(pk__in=scope.desa_reached).values_list(
            "kecamatan_id", flat=True
        )
    )
    submitted = scope.ideas_submitted_per_kecamatan
    published = scope.ideas_published_per_kecamatan
    registered = scope.registered_by["kecamatan"]
    taking_part = scope.taking_part_by["kecamatan"]
    rows = []
    for kec in scope.kecamatan_list:
        pk = kec["pk"]
        rows.append(
            {
                "key": str(pk),
                "label": kec["name"],
                "desa_total": scope.desa_per_kecamatan.get(pk, 0),
                "desa_with_idea": reached.get(pk, 0),
                "ideas_submitted": submitted.get(pk, 0),
                "ideas_published": published.get(pk, 0),
                "children_registered": registered.get(pk, 0),
                "children_taking_part": taking_part.get(pk, 0),
            }
        )
    return rows


def ideas_section(scope):
    """Ideas sent, published and what became of the others, by cluster."""
    by_status = Counter(
        dict(
            scope.ideas.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    by_status.update(row["status"] for row in scope.departed_ideas)
    totals = {
        "submitted": sum(by_status.values()),
        "published": scope.published.count(),
        "in_moderation": by_status.get(Proposal.Status.IN_MODERATION, 0)
        + by_status.get(Proposal.Status.CHANGES_REQUESTED, 0),
        "not_published": by_status.get(Proposal.Status.NOT_PUBLISHED, 0),
        "hidden": by_status.get(Proposal.Status.HIDDEN, 0),
        "escalated": by_status.get(Proposal.Status.ESCALATED, 0),
        "merged": by_status.get(Proposal.Status.MERGED, 0),
        "by_groups": scope.ideas_by_groups,
    }
    # Ideas of a child whose account is gone keep no proposer: still a child's.
    totals["by_children"] = totals["submitted"] - totals["by_groups"]
    submitted = _per(scope.ideas, "cluster")
    submitted.update(row["cluster"] for row in scope.departed_ideas)
    published = _per(scope.published, "cluster")
    totals["by_cluster"] = [
        {
            "key": key,
            "label": str(label),
            "submitted": submitted.get(key, 0),
            "published": published.get(key, 0),
        }
        for key, label in Cluster.choices
    ]
    return totals


def supports_section(scope):
    rows = scope.in_cycle(Support.objects.all(), "proposal__cycle")
    departed = _departed_contributions(scope.cycle, "support")
    return {
        "total": rows.count() + len(departed),
        "children": rows.values("child_id").distinct().count()
        + sum(1 for r in scope.departed if r.supported_ideas),
        "ideas_supported": len(
            set(rows.values_list("proposal_id", flat=True))
            | {target for target, _r in departed}
        ),
    }


def forum_anak_section(scope):
    """The committee's reviews, group ideas and ideas gathered offline."""
    reviews = scope.in_cycle(CommitteeRecommendation.objects.all(), "entry__cycle")
    offline = scope.ideas.filter(channel=Proposal.Channel.OFFLINE)
    departed = _departed_contributions(scope.cycle, "review")
    return {
        "committee_reviews": reviews.count() + len(departed),
        "committee_recommend_yes": reviews.filter(recommend=True).count()
        + sum(1 for _t, yes in departed if yes),
        "committee_members": reviews.values("member_id").distinct().count()
        + sum(1 for r in scope.departed if r.committee_reviewer),
        "ideas_reviewed": len(
            set(reviews.values_list("entry_id", flat=True))
            | {target for target, _r in departed}
        ),
        "group_ideas": scope.ideas_by_groups,
        "offline_ideas": offline.count(),
        "offline_children": offline.aggregate(n=Sum("offline_children_count"))["n"]
        or 0,
    }


def golden_tickets_section(scope):
    tickets = scope.tickets
    return {
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


def outcomes_section(scope):
    """The latest decision per ticket at each Musrenbang level."""
    latest = {}
    for ticket_id, level, outcome, reason, _decided_at in scope.decisions:
        latest[(ticket_id, level)] = (outcome, reason)
    outcomes = []
    for level, label in Deliberation.Level.choices:
        results = [v for (_t, lv), v in latest.items() if lv == level]
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
    return outcomes


def answer_time_section(scope):
    """Days from a tiket emas to its first answer at any level."""
    first_answer = {}
    for ticket_id, _level, _outcome, _reason, decided_at in scope.decisions:
        first_answer.setdefault(ticket_id, decided_at)
    awarded_at = dict(scope.tickets.values_list("pk", "awarded_at"))
    waits = sorted(
        (first_answer[pk] - awarded_at[pk]).total_seconds() / 86400
        for pk in first_answer
        if pk in awarded_at
    )
    return {
        "answered": len(waits),
        "waiting": len(awarded_at) - len(waits),
        "median_days": round(statistics.median(waits), 1) if waits else None,
    }


def _opd_label(ticket):
    return ticket.adopted_opd.name if ticket.adopted_opd else _("Belum ditentukan")


def _cluster_label(cluster):
    return str(dict(Cluster.choices).get(cluster, cluster))


def _adopted_idea(ticket):
    """One adopted idea as the report lists it."""
    proposal = ticket.proposal
    public = proposal.is_public
    return {
        "id": proposal.pk,
        # The report, its files and the PDF that leaves the regency show
        # the words of public ideas only (issue 11 item 11).
        "title": proposal.title if public else str(NOT_PUBLIC_TITLE),
        "public": public,
        "kecamatan": proposal.kecamatan.name,
        "cluster": _cluster_label(proposal.cluster),
        "budget_year": ticket.budget_year,
        "opd": _opd_label(ticket),
        "program": ticket.program,
        "kegiatan": ticket.kegiatan,
        "sub_kegiatan": ticket.adopted_sub_kegiatan,
        "pagu": _pagu(ticket.pagu),
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


def adoption_section(scope):
    """The ideas adopted into the APBD, by OPD and by cluster."""
    by_opd, by_cluster = {}, {}
    for ticket, item in zip(scope.adopted, scope.adopted_ideas, strict=True):
        opd_key = str(ticket.adopted_opd.pk) if ticket.adopted_opd else ""
        cluster = ticket.proposal.cluster
        for rows, key, label in (
            (by_opd, opd_key, item["opd"]),
            (by_cluster, cluster, _cluster_label(cluster)),
        ):
            row = rows.setdefault(
                key, {"key": key, "label": label, "count": 0, "pagu": 0}
            )
            row["count"] += 1
            row["pagu"] += item["pagu"]
    ideas = scope.adopted_ideas
    return {
        "count": len(ideas),
        "pagu_total": sum(item["pagu"] for item in ideas),
        "by_opd": sorted(by_opd.values(), key=lambda r: (-r["pagu"], r["label"])),
        "by_cluster": [
            by_cluster[key] for key, _label in Cluster.choices if key in by_cluster
        ],
        "ideas": ideas,
        "evidence_documents": sum(len(i["evidence"]) for i in ideas),
    }


def implementation_section(scope):
    """How far the adopted ideas are built, and what was spent."""
    progress = [item["progress_percent"] for item in scope.adopted_ideas]
    return {
        "not_started": sum(1 for p in progress if p == 0),
        "in_progress": sum(1 for p in progress if 0 < p < 100),
        "done": sum(1 for p in progress if p == 100),
        "realisation_total": sum(item["realisation"] for item in scope.adopted_ideas),
    }


def evidence_documents_section(scope):
    """Evidence documents of every tiket emas of the scope (adopted or not)."""
    return EvidenceDocument.objects.filter(ticket__in=scope.tickets).count()


SECTIONS = {
    "scope": scope_section,
    "children": children_section,
    "disaggregation": disaggregation_section,
    "desa": desa_section,
    "by_kecamatan": by_kecamatan_section,
    "ideas": ideas_section,
    "supports": supports_section,
    "forum_anak": forum_anak_section,
    "golden_tickets": golden_tickets_section,
    "outcomes": outcomes_section,
    "answer_time": answer_time_section,
    "adoption": adoption_section,
    "implementation": implementation_section,
    "evidence_documents": evidence_documents_section,
}


def compute_report(cycle=None):
    """Every figure of the report for one ``cycle`` (or all when None; a
    year is read as its cycle), as plain data: dicts, lists, ints, strings.
    Staff see these numbers as they are; public figures go through
    ``suppression`` first. One function per section (``SECTIONS``), sharing
    what they read through one ``Scope``."""
    if isinstance(cycle, int):
        cycle = Cycle.objects.get(year=cycle)
    scope = Scope(cycle)
    return {key: section(scope) for key, section in SECTIONS.items()}
