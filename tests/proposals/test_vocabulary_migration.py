"""Migration 0013_h7 recodes the Musrenbang reasons already recorded
(docs/development.md "Glossary"): a decision taken before it keeps its
meaning, and the database still refuses a reason that contradicts the
outcome."""

import pytest
from django.db import IntegrityError, transaction

BEFORE = [("proposals", "0012_h7_grant_capabilities")]
AFTER = [("proposals", "0013_h7_english_vocabulary")]


def test_recorded_reasons_keep_their_meaning(migrate_to):
    old = migrate_to(BEFORE)
    Kecamatan = old.get_model("regions", "Kecamatan")
    Cycle = old.get_model("proposals", "Cycle")
    Proposal = old.get_model("proposals", "Proposal")
    GoldenTicket = old.get_model("proposals", "GoldenTicket")
    Deliberation = old.get_model("proposals", "Deliberation")
    kecamatan = Kecamatan.objects.create(code="61.07.99", name="Uji")
    cycle = Cycle.objects.create(
        year=2031, apbd_year=2032, opens_on="2031-01-01", closes_on="2031-12-31"
    )
    proposal = Proposal.objects.create(
        title="Taman baca",
        problem="-",
        description="-",
        kecamatan=kecamatan,
        cluster="klaster_4",
        cycle=cycle,
    )
    ticket = GoldenTicket.objects.create(
        proposal=proposal,
        cycle=cycle,
        level="kabupaten",
        rationale="-",
        perkiraan_anggaran=5_000_000,
        satuan="paket",
    )
    for level, outcome, reason in [
        ("desa", "accepted", "diterima"),
        ("kecamatan", "rejected", "tidak_ada_anggaran"),
        ("kabupaten", "rejected", "lainnya"),
    ]:
        Deliberation.objects.create(
            ticket=ticket,
            level=level,
            outcome=outcome,
            reason_category=reason,
            reply_for_children="Jawaban",
        )

    new = migrate_to(AFTER)
    Deliberation = new.get_model("proposals", "Deliberation")
    GoldenTicket = new.get_model("proposals", "GoldenTicket")
    assert dict(Deliberation.objects.values_list("level", "reason_category")) == {
        "desa": "accepted",
        "kecamatan": "no_budget",
        "kabupaten": "other",
    }
    ticket = GoldenTicket.objects.get()
    assert (ticket.estimated_budget, ticket.unit) == (5_000_000, "paket")
    with pytest.raises(IntegrityError), transaction.atomic():
        Deliberation.objects.create(
            ticket=ticket,
            level="forum_pd",
            outcome="rejected",
            reason_category="accepted",
            reply_for_children="Jawaban",
        )

    # And back: the reverse migration restores the old codes.
    old = migrate_to(BEFORE)
    Deliberation = old.get_model("proposals", "Deliberation")
    assert set(Deliberation.objects.values_list("reason_category", flat=True)) == {
        "diterima",
        "tidak_ada_anggaran",
        "lainnya",
    }
