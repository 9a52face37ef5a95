"""From the shortlist to the APBD: rules, quotas, roles and answers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.accounts import roles
from portal.notifications.models import Notification
from portal.regions.models import Kecamatan
from proposals import musrenbang
from proposals.models import (
    Agency,
    Deliberation,
    GoldenTicket,
    Proposal,
    ProposalEvent,
    ShortlistEntry,
)
from tests.factories import make_child, make_cycle, make_staff
from tests.proposals.helpers import (
    accept,
    accepted,
    awarded,
    idea_with_supports,
    shortlisted,
)

pytestmark = pytest.mark.django_db


def test_shortlist_ranks_by_support_with_the_documented_tie_break(cycle, staff):
    cycle.quota_per_kecamatan = 1  # two per kecamatan on the shortlist
    cycle.quota_kabupaten = 1
    cycle.save()
    ledo = Kecamatan.objects.get(name="Ledo")
    mod = staff["moderator"]
    low = idea_with_supports(cycle, mod, 1, kecamatan=ledo)
    early_tie = idea_with_supports(cycle, mod, 2, kecamatan=ledo)
    late_tie = idea_with_supports(cycle, mod, 2, kecamatan=ledo)
    Proposal.objects.filter(pk=late_tie.pk).update(
        first_published_at=F("first_published_at") + datetime.timedelta(hours=1)
    )
    top = idea_with_supports(cycle, mod, 3, kecamatan=ledo)

    musrenbang.build_shortlist(cycle, mod)

    entries = {e.proposal_id: e for e in ShortlistEntry.objects.filter(cycle=cycle)}
    assert entries[top.pk].rank_in_kecamatan == 1
    assert entries[early_tie.pk].rank_in_kecamatan == 2
    assert late_tie.pk not in entries  # same support, published later
    assert low.pk not in entries
    assert Proposal.objects.get(pk=top.pk).stage == "shortlisted"
    # idempotent
    musrenbang.build_shortlist(cycle, mod)
    assert ShortlistEntry.objects.filter(cycle=cycle).count() == 2


def test_only_moderators_build_and_extend_the_shortlist(cycle, staff):
    idea = idea_with_supports(cycle, staff["moderator"], 0)
    with pytest.raises(PermissionDenied):
        musrenbang.build_shortlist(cycle, staff["bappeda"])
    with pytest.raises(ValidationError):
        musrenbang.add_to_shortlist(idea, staff["moderator"], "  ")
    entry = musrenbang.add_to_shortlist(
        idea, staff["moderator"], "Satu-satunya ide dari desa terpencil."
    )
    assert entry.source == "moderator" and entry.reason
    with pytest.raises(IntegrityError), transaction.atomic():
        ShortlistEntry.objects.create(
            cycle=cycle,
            proposal=make_published_other(cycle, staff),
            source="moderator",
            reason="",
        )


def make_published_other(cycle, staff):
    return idea_with_supports(cycle, staff["moderator"], 0)


def test_committee_members_recommend_once(cycle, staff):
    idea = idea_with_supports(cycle, staff["moderator"], 0)
    entry = musrenbang.add_to_shortlist(idea, staff["moderator"], "Penting untuk anak.")
    member = make_child(forum_anak=True, committee=True)
    musrenbang.recommend(entry, member, True, "Banyak anak butuh.")
    musrenbang.recommend(entry, member, False, "Sudah ada di desa lain.")
    assert entry.recommendations.count() == 1
    assert entry.recommendations.get().recommend is False
    with pytest.raises(PermissionDenied):
        musrenbang.recommend(entry, make_child(), True, "Saya suka.")
    with pytest.raises(PermissionDenied):
        musrenbang.recommend(
            entry, make_child(forum_anak=True), True, "Bukan pengurus."
        )


def test_award_needs_shortlist_rationale_role_and_quota(cycle, staff):
    cycle.quota_per_kecamatan = 2
    cycle.save()
    ledo = Kecamatan.objects.get(name="Ledo")
    ideas = [shortlisted(cycle, staff, kecamatan=ledo) for _ in range(3)]
    not_listed = idea_with_supports(cycle, staff["moderator"], 0, kecamatan=ledo)
    level = GoldenTicket.Level.KECAMATAN
    with pytest.raises(ValidationError):
        musrenbang.award_golden_ticket(not_listed, staff["moderator"], level, "Bagus.")
    with pytest.raises(ValidationError):
        musrenbang.award_golden_ticket(ideas[0], staff["moderator"], level, " ")
    with pytest.raises(PermissionDenied):
        musrenbang.award_golden_ticket(ideas[0], staff["bappeda"], level, "Bagus.")
    musrenbang.award_golden_ticket(
        ideas[0], staff["moderator"], level, "Didukung Forum Anak."
    )
    musrenbang.award_golden_ticket(ideas[1], staff["facilitator"], level, "Mendesak.")
    with pytest.raises(ValidationError, match="Kuota"):
        musrenbang.award_golden_ticket(
            ideas[2], staff["moderator"], level, "Juga bagus."
        )
    assert GoldenTicket.objects.filter(kecamatan=ledo).count() == 2
    assert Proposal.objects.get(pk=ideas[0].pk).stage == "golden_ticket"
    assert ideas[0].events.filter(kind=ProposalEvent.Kind.GOLDEN_TICKET).exists()


def test_the_proposer_and_every_supporter_hear_the_news(
    cycle, staff, django_capture_on_commit_callbacks
):
    idea = shortlisted(cycle, staff, supports=3)
    supporters = [s.child for s in idea.supports.select_related("child")]
    with django_capture_on_commit_callbacks(execute=True):
        musrenbang.award_golden_ticket(
            idea, staff["moderator"], "kabupaten", "Terbaik."
        )
    for user in [idea.proposer, *supporters]:
        assert Notification.objects.filter(
            user=user, title__contains="Tiket emas"
        ).exists()


def test_every_outcome_needs_an_answer_for_children(cycle, staff):
    ticket = awarded(cycle, staff)
    with pytest.raises(ValidationError, match="Jawaban"):
        musrenbang.record_outcome(
            ticket,
            staff["bappeda"],
            level="kecamatan",
            outcome="rejected",
            reason_category="no_budget",
            reply="  ",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Deliberation.objects.create(
            ticket=ticket,
            level="desa",
            outcome="accepted",
            reason_category="accepted",
            reply_for_children="",
        )
    with pytest.raises(ValidationError):
        musrenbang.record_outcome(
            ticket,
            staff["bappeda"],
            level="kecamatan",
            outcome="accepted",
            reason_category="no_budget",
            reply="Diterima.",
        )
    with pytest.raises(PermissionDenied):
        musrenbang.record_outcome(
            ticket,
            staff["moderator"],
            level="kecamatan",
            outcome="accepted",
            reason_category="accepted",
            reply="Diterima.",
        )
    musrenbang.record_outcome(
        ticket,
        staff["bappeda"],
        level="kecamatan",
        outcome="accepted",
        reason_category="accepted",
        reply="Idemu diterima dan dibawa ke tingkat kabupaten!",
    )
    proposal = Proposal.objects.get(pk=ticket.proposal_id)
    assert proposal.stage == "accepted"
    event = proposal.events.get(kind=ProposalEvent.Kind.DISCUSSED)
    assert event.actor_role == "Musrenbang kecamatan"
    assert staff["bappeda"].username not in event.actor_role


def test_adoption_and_implementation_by_the_right_agency(cycle, staff):
    ticket = accepted(cycle, staff)
    dinas = Agency.objects.create(name="Dinas Pendidikan")
    other = Agency.objects.create(name="Dinas Kesehatan")
    dinas.members.add(staff["opd"])
    other_staff = make_staff(roles.OPD)
    other.members.add(other_staff)
    with pytest.raises(ValidationError):
        musrenbang.record_adoption(
            ticket, staff["bappeda"], reply="Masuk!", budget_year=2027
        )
    musrenbang.record_adoption(
        ticket,
        staff["bappeda"],
        reply="Idemu masuk APBD 2027!",
        budget_year=2027,
        adopted_opd=dinas,
        program="Pendidikan",
        kegiatan="Sarana",
        adopted_sub_kegiatan="Taman baca",
        pagu=150_000_000,
    )
    ticket.refresh_from_db()
    assert ticket.proposal.stage == "adopted" and ticket.pagu == 150_000_000
    with pytest.raises(PermissionDenied):
        musrenbang.update_implementation(
            ticket, other_staff, progress_percent=50, reply="Setengah."
        )
    musrenbang.update_implementation(
        ticket, staff["opd"], progress_percent=50, reply="Rak buku sudah datang."
    )
    musrenbang.update_implementation(
        ticket, staff["opd"], progress_percent=100, reply="Selesai!"
    )
    proposal = Proposal.objects.get(pk=ticket.proposal_id)
    assert proposal.stage == "implemented"
    roles_on_timeline = [e.actor_role for e in proposal.events.all() if e.is_public]
    assert "Dinas Pendidikan" in roles_on_timeline


def test_adoption_keeps_bappedas_receipt_even_from_an_older_copy(cycle, staff):
    """Regression: adoption saved the whole ticket from the caller's copy and
    erased the "received by Bappeda" mark made since the copy was read."""
    ticket = accepted(cycle, staff)
    stale_copy = GoldenTicket.objects.get(pk=ticket.pk)
    musrenbang.mark_received(ticket, staff["bappeda"])
    assert stale_copy.received_at is None
    musrenbang.record_adoption(
        stale_copy,
        staff["bappeda"],
        reply="Idemu masuk APBD 2027!",
        budget_year=2027,
        adopted_opd=Agency.objects.create(name="Dinas PUPR"),
        pagu=90_000_000,
    )
    fresh = GoldenTicket.objects.get(pk=ticket.pk)
    assert fresh.received_at is not None
    assert fresh.adopted_at is not None and fresh.pagu == 90_000_000


def test_overdue_answers_are_listed_after_thirty_days(cycle, staff):
    ticket = awarded(cycle, staff)
    today = timezone.localdate()
    cycle.musrenbang_kecamatan_on = today - datetime.timedelta(days=31)
    cycle.save()
    assert ticket in musrenbang.overdue_answers(today)
    accept(ticket, staff["bappeda"], level="kecamatan", reply="Diterima.")
    assert ticket not in musrenbang.overdue_answers(today)


def test_unchosen_ideas_carry_over_with_their_supports(cycle, staff):
    chosen = awarded(cycle, staff)
    waiting = idea_with_supports(cycle, staff["moderator"], 4)
    next_cycle = make_cycle(cycle.year + 1)
    moved = musrenbang.carry_over(cycle, next_cycle, staff["moderator"])
    assert moved == 1
    waiting.refresh_from_db()
    assert (
        waiting.cycle == next_cycle
        and waiting.support_count == 4 == waiting.supports.count()
    )
    assert Proposal.objects.get(pk=chosen.proposal_id).cycle == cycle


def test_build_shortlist_command(cycle, staff):
    idea_with_supports(cycle, staff["moderator"], 1)
    call_command(
        "build_shortlist", str(cycle.year), "--as-user", staff["moderator"].username
    )
    assert ShortlistEntry.objects.filter(cycle=cycle).count() == 1


def test_the_public_list_filters_by_stage(client, cycle, staff):
    ticket = awarded(cycle, staff)
    other = idea_with_supports(cycle, staff["moderator"], 0, title="Ide biasa saja")
    html = client.get("/usulan/?stage=golden_ticket").content.decode()
    assert ticket.proposal.title in html and other.title not in html
    assert "Mendapat tiket emas" in html


def test_carry_over_command(cycle, staff):
    idea_with_supports(cycle, staff["moderator"], 2)
    make_cycle(cycle.year + 1)
    call_command(
        "carry_over",
        str(cycle.year),
        str(cycle.year + 1),
        "--as-user",
        staff["moderator"].username,
    )
    assert Proposal.objects.filter(cycle__year=cycle.year + 1).count() == 1
