"""From the most supported ideas to the budget: shortlist, the Forum Anak's
recommendations, the tiket emas, Bappeda's Musrenbang outcomes, adoption into
the APBD and implementation. Every step is an action with its permission
check, its event and an answer for the children."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from portal.accounts import permissions
from portal.accounts.models import verified_consent_q
from portal.core.actions import ActionRefused
from portal.core.models import planning_agency, planning_agency_lazy
from portal.notifications.models import Message, Notification, notify

from ..actions import log_step, record
from ..models import (
    CommitteeRecommendation,
    Cycle,
    Deliberation,
    GoldenTicket,
    Proposal,
    ProposalEvent,
    ShortlistEntry,
)
from ..signals import proposal_news

ANSWER_OVERDUE_DAYS = 30

Stage = Proposal.Stage


@dataclass(frozen=True)
class StageRule:
    """Which stages an action may start from and which it reaches."""

    label: str
    starts_from: tuple
    reaches: tuple  # empty: the stage stays as it is


# The stages are a state machine (issue 12 item 1). Every action that moves
# an idea along the path declares here where it may start and where it
# ends; anything else is refused with a message and changes nothing.
# docs/musrenbang-guide.md ("Tahap dan aksi") shows this table to staff.
STAGE_RULES = {
    "shortlist": StageRule(
        gettext_lazy("Masukkan ke daftar pendek"),
        (Stage.NONE,),
        (Stage.SHORTLISTED,),
    ),
    "award_golden_ticket": StageRule(
        gettext_lazy("Beri tiket emas"),
        (Stage.SHORTLISTED,),
        (Stage.GOLDEN_TICKET,),
    ),
    "mark_received": StageRule(
        format_lazy(
            gettext_lazy("Catat diterima {agency}"), agency=planning_agency_lazy()
        ),
        (Stage.GOLDEN_TICKET, Stage.ACCEPTED, Stage.NOT_ACCEPTED),
        (),
    ),
    # A later Musrenbang level (``LEVEL_ORDER``) may replace the outcome of
    # an earlier one while the idea is not yet adopted; an earlier level's
    # outcome recorded late is kept as history and does not move the stage
    # (``record_outcome``).
    "record_outcome": StageRule(
        gettext_lazy("Catat hasil Musrenbang"),
        (Stage.GOLDEN_TICKET, Stage.ACCEPTED, Stage.NOT_ACCEPTED),
        (Stage.ACCEPTED, Stage.NOT_ACCEPTED),
    ),
    "record_adoption": StageRule(
        gettext_lazy("Catat masuk APBD"),
        (Stage.ACCEPTED,),
        (Stage.ADOPTED,),
    ),
    # 100 % reaches "implemented", which is final.
    "update_implementation": StageRule(
        gettext_lazy("Catat kemajuan pelaksanaan"),
        (Stage.ADOPTED,),
        (Stage.ADOPTED, Stage.IMPLEMENTED),
    ),
    "carry_over": StageRule(
        gettext_lazy("Bawa ke siklus berikutnya"),
        (Stage.NONE, Stage.SHORTLISTED),
        (Stage.NONE,),
    ),
}


# The Musrenbang levels in the order they meet (desa < kecamatan < forum
# perangkat daerah < kabupaten): a later level decides the stage.
LEVEL_ORDER = {
    Deliberation.Level.DESA: 0,
    Deliberation.Level.KECAMATAN: 1,
    Deliberation.Level.FORUM_PD: 2,
    Deliberation.Level.KABUPATEN: 3,
}


def deciding_level(ticket):
    """The latest Musrenbang level with an outcome recorded for ``ticket``,
    or None."""
    levels = set(
        Deliberation.objects.filter(ticket=ticket).values_list("level", flat=True)
    )
    return max(levels, key=LEVEL_ORDER.__getitem__, default=None)


def refusal_for(action, stage):
    """None when ``action`` may start from ``stage``, else the message."""
    rule = STAGE_RULES[action]
    if stage in rule.starts_from:
        return None
    return _(
        "“%(action)s” tidak bisa dilakukan: ide ini berstatus “%(stage)s”. "
        "Aksi ini hanya untuk ide yang berstatus %(allowed)s."
    ) % {
        "action": rule.label,
        "stage": Stage(stage).label,
        "allowed": ", ".join(f"“{Stage(s).label}”" for s in rule.starts_from),
    }


def check_stage(action, proposal):
    """Lock the idea, read its stage as it is now, refuse if ``action`` may
    not start from it. Returns the stage."""
    stage = (
        Proposal.objects.select_for_update()
        .values_list("stage", flat=True)
        .get(pk=proposal.pk)
    )
    proposal.stage = stage
    message = refusal_for(action, stage)
    if message:
        raise ActionRefused(message)
    return stage


# Tie-break, documented for the Forum Anak and Bappeda: more supports from
# children with verified consent first; among equals the idea published
# earlier; then the lower idea number. The public count (``support_count``)
# still counts every support; it does not rank (issue 11 item 17).
RANKING = ["-verified_support_count", "first_published_at", "pk"]


def with_verified_support_count(proposals):
    """Annotate ``verified_support_count``: the supports of children whose
    consent a facilitator or school verified, in one aggregate query.

    Computed at the cut-off rather than kept as a second counter, so the
    support tap (voting/actions.py) stays as it is, and a consent verified
    or revoked later is counted as it stands when the shortlist is built.
    """
    return proposals.annotate(
        verified_support_count=Count(
            "supports",
            filter=verified_consent_q("supports__child__"),
            distinct=True,
        )
    )


def _news(proposal, title, body):
    """Tell the proposer now, (through voting) every supporter, and refresh
    the Layar Musrenbang."""
    from ..live import refresh_layar

    year = (
        Cycle.objects.filter(pk=proposal.cycle_id)
        .values_list("year", flat=True)
        .first()
    )
    if year:
        transaction.on_commit(lambda: refresh_layar(year))
    if proposal.proposer_id:
        notify(
            [proposal.proposer],
            kind=Notification.Kind.OUTCOME,
            title=title,
            body=body,
            url=proposal.get_absolute_url(),
        )
    transaction.on_commit(
        lambda: proposal_news.send(Proposal, proposal=proposal, title=title, body=body)
    )


def _set_stage(proposal, stage):
    Proposal.objects.filter(pk=proposal.pk).update(stage=stage)
    proposal.stage = stage


@transaction.atomic
def build_shortlist(cycle, actor):
    """At the cut-off: the top ideas of every kecamatan (twice its tiket emas
    quota) and of every cluster (the kabupaten quota). Ranking uses the
    supports of children with verified consent only (``RANKING``), never
    anything else about the children. Idempotent."""
    permissions.require(actor, "proposals.moderate_proposal")
    per_kecamatan = max(cycle.quota_per_kecamatan * 2, 1)
    per_cluster = max(cycle.quota_kabupaten, 1)
    ideas = list(
        with_verified_support_count(Proposal.objects.public())
        .filter(cycle=cycle)
        .exclude(stage__in=[Proposal.Stage.NOT_ACCEPTED])
        .order_by(*RANKING)
    )
    rank_k, rank_c, chosen = {}, {}, {}
    for idea in ideas:
        rk = rank_k[idea.kecamatan_id] = rank_k.get(idea.kecamatan_id, 0) + 1
        rc = rank_c[idea.cluster] = rank_c.get(idea.cluster, 0) + 1
        if rk <= per_kecamatan or rc <= per_cluster:
            chosen[idea.pk] = (idea, rk, rc)
    created = 0
    for idea, rk, rc in chosen.values():
        entry, was_created = ShortlistEntry.objects.update_or_create(
            cycle=cycle,
            proposal=idea,
            defaults={
                "rank_in_kecamatan": rk,
                "rank_in_cluster": rc,
                "support_count_at_cutoff": idea.support_count,
                "verified_support_count_at_cutoff": idea.verified_support_count,
            },
            create_defaults={
                "source": ShortlistEntry.Source.RANKED,
                "rank_in_kecamatan": rk,
                "rank_in_cluster": rc,
                "support_count_at_cutoff": idea.support_count,
                "verified_support_count_at_cutoff": idea.verified_support_count,
            },
        )
        if was_created:
            created += 1
            if refusal_for("shortlist", idea.stage) is None:
                _set_stage(idea, Proposal.Stage.SHORTLISTED)
                record(idea, ProposalEvent.Kind.SHORTLISTED, actor=actor)
                log_step(idea, "portal.shortlist", actor)
                _news(
                    idea,
                    Message(gettext_noop("Idemu masuk daftar pendek!")),
                    Message(
                        gettext_noop(
                            "Pengurus Forum Anak akan membahasnya untuk tiket emas."
                        )
                    ),
                )
    return created


@transaction.atomic
def add_to_shortlist(proposal, moderator, reason):
    permissions.require(moderator, "proposals.moderate_proposal")
    if not reason.strip():
        raise ActionRefused(_("Tulis alasan menambahkan ide ini."))
    if not proposal.is_public:
        raise ActionRefused(_("Hanya ide yang tampil yang bisa masuk daftar pendek."))
    check_stage("shortlist", proposal)
    entry, created = ShortlistEntry.objects.get_or_create(
        cycle=proposal.cycle,
        proposal=proposal,
        defaults={
            "source": ShortlistEntry.Source.MODERATOR,
            "reason": reason,
            "added_by": moderator,
            "support_count_at_cutoff": proposal.support_count,
            "verified_support_count_at_cutoff": (
                with_verified_support_count(Proposal.objects.filter(pk=proposal.pk))
                .values_list("verified_support_count", flat=True)
                .get()
            ),
        },
    )
    if not created:
        raise ActionRefused(_("Ide ini sudah ada di daftar pendek."))
    _set_stage(proposal, Proposal.Stage.SHORTLISTED)
    record(proposal, ProposalEvent.Kind.SHORTLISTED, actor=moderator, note=reason)
    log_step(proposal, "portal.shortlist", moderator)
    # The child is told, as when the shortlist is built.
    _news(
        proposal,
        Message(gettext_noop("Idemu masuk daftar pendek!")),
        Message(gettext_noop("Pengurus Forum Anak akan membahasnya untuk tiket emas.")),
    )
    return entry


def is_committee_member(user):
    profile = getattr(user, "child_profile", None)
    return bool(
        user.is_authenticated
        and profile is not None
        and profile.forum_anak_committee
        and user.can_take_part
    )


@transaction.atomic
def recommend(entry, member, recommend_it, reason):
    """A Forum Anak committee member recommends yes or no, once per idea
    (a second answer replaces the first)."""
    if not is_committee_member(member):
        raise PermissionDenied(
            _("Hanya pengurus Forum Anak yang bisa memberi rekomendasi.")
        )
    if not reason.strip():
        raise ActionRefused(_("Tulis alasan singkat."))
    if not entry.proposal.is_public:
        raise ActionRefused(_("Ide ini sedang tidak tampil."))
    rec, _created = CommitteeRecommendation.objects.update_or_create(
        entry=entry,
        member=member,
        defaults={"recommend": recommend_it, "reason": reason.strip()[:300]},
    )
    return rec


def quota_left(cycle, level, kecamatan=None):
    tickets = GoldenTicket.objects.filter(cycle=cycle, level=level)
    if level == GoldenTicket.Level.KECAMATAN:
        return cycle.quota_per_kecamatan - tickets.filter(kecamatan=kecamatan).count()
    return cycle.quota_kabupaten - tickets.count()


@transaction.atomic
def award_golden_ticket(proposal, actor, level, rationale):
    """A moderator or facilitator awards the tiket emas, within the quota,
    with a written rationale, having seen the committee's recommendations."""
    permissions.require(actor, "proposals.award_goldenticket")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not rationale.strip():
        raise ActionRefused(_("Tulis alasan pemberian tiket emas."))
    if not proposal.is_public:
        raise ActionRefused(
            _("Hanya ide di daftar pendek yang bisa mendapat tiket emas.")
        )
    check_stage("award_golden_ticket", proposal)
    # Lock the cycle so two awards cannot both take the last place.
    cycle = Cycle.objects.select_for_update().get(pk=proposal.cycle_id)
    kecamatan = proposal.kecamatan if level == GoldenTicket.Level.KECAMATAN else None
    if quota_left(cycle, level, kecamatan) <= 0:
        raise ActionRefused(_("Kuota tiket emas untuk tingkat ini sudah penuh."))
    ticket = GoldenTicket.objects.create(
        proposal=proposal,
        cycle=cycle,
        level=level,
        kecamatan=kecamatan,
        rationale=rationale.strip(),
        awarded_by=actor,
    )
    _set_stage(proposal, Proposal.Stage.GOLDEN_TICKET)
    record(
        proposal, ProposalEvent.Kind.GOLDEN_TICKET, actor=actor, note=rationale.strip()
    )
    log_step(proposal, "portal.golden_ticket", actor, level=level)
    _news(
        proposal,
        Message(gettext_noop("Tiket emas untuk “%(title)s”!"), title=proposal.title),
        Message(gettext_noop("Ide ini akan dibahas di Musrenbang bersama %(agency)s.")),
    )
    return ticket


def _require_bappeda(user):
    permissions.require(user, "proposals.record_outcome")


@transaction.atomic
def mark_received(ticket, user):
    _require_bappeda(user)
    check_stage("mark_received", ticket.proposal)
    received_at = (
        GoldenTicket.objects.filter(pk=ticket.pk)
        .values_list("received_at", flat=True)
        .get()
    )
    if received_at is not None:
        # Pressed twice: already recorded, nothing more to do.
        ticket.received_at = received_at
        return ticket
    ticket.received_at = timezone.now()
    GoldenTicket.objects.filter(pk=ticket.pk).update(received_at=ticket.received_at)
    record(
        ticket.proposal,
        ProposalEvent.Kind.RECEIVED,
        actor=user,
        actor_role=planning_agency(),
    )
    log_step(ticket.proposal, "portal.received", user)
    return ticket


@transaction.atomic
def record_outcome(ticket, user, *, level, outcome, reason_category, reply, reason=""):
    """An outcome at a Musrenbang level. No outcome without an answer
    written for children."""
    _require_bappeda(user)
    if not (reply or "").strip():
        raise ActionRefused(
            _("Tulis jawaban untuk anak-anak. Jawaban tidak boleh kosong.")
        )
    accepted = outcome == Deliberation.Outcome.ACCEPTED
    if accepted != (reason_category == Deliberation.Reason.ACCEPTED):
        raise ActionRefused(_("Kategori alasan tidak cocok dengan hasilnya."))
    check_stage("record_outcome", ticket.proposal)
    decided = deciding_level(ticket)
    # An earlier level's outcome recorded after a later one's: history only.
    moves_stage = decided is None or LEVEL_ORDER[level] >= LEVEL_ORDER[decided]
    deliberation = Deliberation.objects.create(
        ticket=ticket,
        level=level,
        outcome=outcome,
        reason_category=reason_category,
        reason=reason,
        reply_for_children=reply.strip(),
        decided_by=user,
    )
    deliberation.moves_stage = moves_stage
    proposal = ticket.proposal
    record(
        proposal,
        ProposalEvent.Kind.DISCUSSED,
        actor=user,
        actor_role=str(Deliberation.Level(level).label),
        note=reply.strip(),
    )
    log_step(proposal, "portal.outcome", user, level=level, outcome=outcome)
    if not moves_stage:
        # The children were already told the later level's answer; an older
        # answer arriving now would only confuse them.
        return deliberation
    _set_stage(
        proposal, Proposal.Stage.ACCEPTED if accepted else Proposal.Stage.NOT_ACCEPTED
    )
    _news(
        proposal,
        Message(
            gettext_noop("Kabar dari %(level)s untuk “%(title)s”"),
            level=Deliberation.Level(level).label,
            title=proposal.title,
        ),
        reply.strip(),
    )
    return deliberation


ADOPTION_FIELDS = [
    "budget_year",
    "adopted_opd",
    "program",
    "kegiatan",
    "adopted_sub_kegiatan",
    "pagu",
]


@transaction.atomic
def record_adoption(ticket, user, *, reply, **fields):
    """Adopted into the RKPD and the APBD, with its budget line."""
    _require_bappeda(user)
    if not (reply or "").strip():
        raise ActionRefused(
            _("Tulis jawaban untuk anak-anak. Jawaban tidak boleh kosong.")
        )
    missing = [
        name for name in ("budget_year", "adopted_opd", "pagu") if not fields.get(name)
    ]
    if missing:
        raise ActionRefused(_("Lengkapi tahun anggaran, OPD pelaksana, dan pagu."))
    check_stage("record_adoption", ticket.proposal)
    changed = [name for name in ADOPTION_FIELDS if name in fields]
    for name in changed:
        setattr(ticket, name, fields[name])
    ticket.adopted_at = timezone.now()
    # Only these fields: the caller's copy of the ticket may be older than
    # the row (say, received by Bappeda since it was read).
    ticket.save(update_fields=[*changed, "adopted_at"])
    proposal = ticket.proposal
    _set_stage(proposal, Proposal.Stage.ADOPTED)
    record(
        proposal,
        ProposalEvent.Kind.ADOPTED,
        actor=user,
        actor_role=str(ticket.adopted_opd),
        note=reply.strip(),
    )
    log_step(proposal, "portal.adoption", user, budget_year=ticket.budget_year)
    _news(
        proposal,
        Message(
            gettext_noop("Idemu “%(title)s” masuk APBD %(year)s!"),
            title=proposal.title,
            year=ticket.budget_year,
        ),
        reply.strip(),
    )
    return ticket


@transaction.atomic
def update_implementation(ticket, user, *, progress_percent, reply, realisation=None):
    """OPD staff report implementation of ideas assigned to their agency,
    and nothing else."""
    agency = ticket.adopted_opd
    if not (
        permissions.can(user, "proposals.record_outcome")
        or permissions.can(user, "proposals.report_implementation")
    ):
        raise PermissionDenied
    if not 0 <= int(progress_percent) <= 100:
        raise ActionRefused(_("Kemajuan harus antara 0 dan 100 persen."))
    if not (reply or "").strip():
        raise ActionRefused(_("Tulis kabar untuk anak-anak. Tidak boleh kosong."))
    check_stage("update_implementation", ticket.proposal)
    # The row-level rule once the stage allows it (an idea that is adopted
    # has its ticket and its agency): the OPD reports only its own.
    if (
        not GoldenTicket.objects.for_user(user, acting=True)
        .filter(pk=ticket.pk)
        .exists()
    ):
        raise PermissionDenied
    ticket.progress_percent = int(progress_percent)
    if realisation is not None:
        ticket.realisation = realisation
    ticket.save(update_fields=["progress_percent", "realisation"])
    proposal = ticket.proposal
    if ticket.progress_percent == 100:
        _set_stage(proposal, Proposal.Stage.IMPLEMENTED)
    record(
        proposal,
        ProposalEvent.Kind.IMPLEMENTATION,
        actor=user,
        actor_role=str(agency) if agency else planning_agency(),
        note=f"{ticket.progress_percent}% — {reply.strip()}",
    )
    log_step(proposal, "portal.implementation", user, progress=ticket.progress_percent)
    _news(
        proposal,
        Message(
            gettext_noop("Kabar pelaksanaan “%(title)s”: %(p)s%%"),
            title=proposal.title,
            p=ticket.progress_percent,
        ),
        reply.strip(),
    )
    return ticket


@transaction.atomic
def add_evidence(ticket, user, *, kind, document=None, upload=None, note=""):
    """Bappeda, or the OPD the idea was given to, attaches an evidence
    document (a DPA page, a photo of the work) to a tiket emas: a document
    already there, or a new upload stored in the agency's collection; in one
    transaction."""
    from wagtail.documents import get_document_model

    from .admin import agency_collection
    from .models import EvidenceDocument

    agency = ticket.adopted_opd
    if (
        not GoldenTicket.objects.for_user(user, acting=True)
        .filter(pk=ticket.pk)
        .exists()
    ):
        raise PermissionDenied
    if bool(document) == bool(upload):
        raise ActionRefused(
            _("Unggah satu berkas atau pilih satu dokumen yang sudah ada.")
        )
    if upload:
        document = get_document_model().objects.create(
            title=note or upload.name,
            file=upload,
            collection=agency_collection(agency),
            uploaded_by_user=user,
        )
    return EvidenceDocument.objects.create(
        ticket=ticket, kind=kind, document=document, note=note, uploaded_by=user
    )


LEVEL_DATE = {
    Deliberation.Level.DESA: "musrenbang_desa_on",
    Deliberation.Level.KECAMATAN: "musrenbang_kecamatan_on",
    Deliberation.Level.FORUM_PD: "forum_perangkat_daerah_on",
    Deliberation.Level.KABUPATEN: "musrenbang_kabupaten_on",
}


def overdue_answers(today=None):
    """Tiket emas ideas with no outcome 30 days after their Musrenbang date
    (the latest level whose date has passed)."""
    today = today or timezone.localdate()
    overdue = []
    tickets = (
        GoldenTicket.objects.select_related("cycle", "proposal")
        .annotate(outcomes=Count("deliberations"))
        .filter(outcomes=0)
    )
    for ticket in tickets:
        dates = [
            getattr(ticket.cycle, field)
            for field in LEVEL_DATE.values()
            if getattr(ticket.cycle, field)
        ]
        if any(day + timedelta(days=ANSWER_OVERDUE_DAYS) < today for day in dates):
            overdue.append(ticket)
    return overdue


@transaction.atomic
def carry_over(from_cycle, to_cycle, actor):
    """Ideas not chosen keep their supports and move to the next cycle."""
    permissions.require(actor, "proposals.moderate_proposal")
    if not from_cycle.carry_over_unchosen:
        return 0
    moving = list(
        Proposal.objects.public()
        .filter(cycle=from_cycle)
        .filter(stage__in=STAGE_RULES["carry_over"].starts_from)
        .exclude(golden_ticket__isnull=False)
    )
    for proposal in moving:
        Proposal.objects.filter(pk=proposal.pk).update(
            cycle=to_cycle, stage=Proposal.Stage.NONE
        )
        record(
            proposal,
            ProposalEvent.Kind.CARRIED_OVER,
            actor=actor,
            note=_("Ikut ke siklus %(year)s dengan semua dukungannya.")
            % {"year": to_cycle.year},
        )
        log_step(proposal, "portal.carry_over", actor, year=to_cycle.year)
    return len(moving)
