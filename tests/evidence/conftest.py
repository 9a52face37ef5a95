"""A small regency with a known mix of children, ideas and outcomes, built
through the real actions. ``World.spec`` keeps what was done, so tests count
the expected figures from it, independently of ``portal.evidence``."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from portal.accounts import roles
from portal.regions.models import Desa, Kecamatan
from proposals import actions, musrenbang
from proposals.models import Agency, EvidenceDocument, GoldenTicket, Proposal
from proposals.setup import ensure_moderation_setup
from tests import factories
from voting.actions import toggle_support

# (key, sex, age, desa name, disability, consent)
CHILDREN = [
    ("ani", "perempuan", 8, "Lesabela", "ya", True),
    ("budi", "laki_laki", 14, "Lesabela", "tidak", True),
    ("citra", "perempuan", 16, "Semangat", "", True),
    ("dodo", "tidak_menyebut", 12, "Sungai Duri", "tidak_menyebut", True),
    ("eka", "laki_laki", 17, "Sungai Jaga A", "ya", True),
    ("fitri", "perempuan", 11, "Sungai Duri", "tidak", True),
    ("gilang", "laki_laki", 9, "Semangat", "tidak", True),
    ("hana", "perempuan", 13, "Sungai Jaga A", "tidak", True),
    ("indra", "laki_laki", 15, "Lesabela", "", True),
    ("joko", "laki_laki", 10, "Semangat", "tidak", True),  # registered only
    ("kiki", "perempuan", 7, "Sungai Duri", "tidak", False),  # no consent
    ("lala", "perempuan", 15, "Lesabela", "tidak", True),  # committee
    ("mira", "laki_laki", 13, "Sungai Duri", "ya", True),  # committee
]
COMMITTEE = {"lala", "mira"}

# Who supports what (idea key → supporters); every supporter is a child above.
SUPPORTS = {
    "A": ["fitri", "gilang", "hana", "indra", "budi"],
    "B": ["fitri", "gilang"],
    "E": ["hana"],
    "G": ["ani", "citra", "eka"],
}
REVIEWS = [("lala", "A", True), ("mira", "A", True), ("lala", "B", False)]
PAGU = {"A": 150_000_000, "G": 75_000_000}
DAYS_TO_ANSWER = {"A": 10, "B": 20, "G": 4}
OFFLINE_CHILDREN = 12


@dataclass
class World:
    cycle: object
    previous: object
    children: dict
    ideas: dict
    tickets: dict
    staff: dict
    spec: dict = field(default_factory=dict)


def _document(title):
    doc = Document(title=title)
    doc.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(b"%PDF-1.4\n"))
    doc.save()
    return doc


@pytest.fixture
def world(db, regions):
    ensure_moderation_setup()
    seluas = Kecamatan.objects.create(code="61.07.05", name="Seluas")
    Desa.objects.create(code="61.07.05.2001", name="Seluas", kecamatan=seluas)
    cycle = factories.make_cycle()
    year = cycle.year
    previous = factories.make_cycle(year - 1)
    staff = {
        "moderator": factories.make_staff(roles.MODERATOR),
        "facilitator": factories.make_staff(roles.FASILITATOR),
        "bappeda": factories.make_staff(roles.BAPPEDA),
        "opd": factories.make_staff(roles.OPD),
    }
    mod = staff["moderator"]
    children = {}
    for key, sex, age, desa, disability, consent in CHILDREN:
        children[key] = factories.make_child(
            username=f"anak_{key}",
            nickname=key.title(),
            gender=sex,
            age=age,
            desa=Desa.objects.get(name=desa),
            disability=disability,
            consent=consent,
            forum_anak=key in COMMITTEE,
            committee=key in COMMITTEE,
        )
    ledo = Kecamatan.objects.get(name="Ledo")
    sungai_raya = Kecamatan.objects.get(name="Sungai Raya")

    def idea(child, **fields):
        return factories.submit_idea(children[child], cycle, **fields)

    ideas = {
        # published, adopted and under way
        "A": factories.moderator_approves(
            idea("ani", title="Perpustakaan desa Lesabela"), mod
        ),
        # published, golden ticket, rejected at kecamatan
        "B": factories.moderator_approves(
            idea("budi", title="Lampu jalan ke sekolah", cluster="klaster_5"), mod
        ),
        # not published
        "C": idea("citra", title="Ide yang tidak diterbitkan"),
        # still in moderation, about the whole kecamatan (no desa)
        "D": idea("dodo", title="Ide yang masih dimoderasi", kecamatan=sungai_raya),
        # published, golden ticket awaiting an answer
        "E": factories.moderator_approves(
            idea("eka", title="Posyandu remaja", cluster="klaster_3"), mod
        ),
        # published, no further stage
        "F": factories.moderator_approves(
            idea("fitri", title="Tempat sampah di sekolah", cluster="klaster_3"), mod
        ),
    }
    actions.unpublish(ideas["C"], mod, "Idemu belum bisa kami tampilkan.")
    # Forum Anak group ideas entered by the facilitator: one from an offline
    # session with 12 children, one typed in on the web.
    group = factories.make_group(ledo)
    ideas["G"] = factories.moderator_approves(
        actions.submit(
            staff["facilitator"],
            data={
                **factories.IDEA_TEXT,
                "title": "Air bersih di sekolah",
                "cluster": "klaster_3",
                "kecamatan": ledo,
                "desa": Desa.objects.get(name="Semangat"),
            },
            cycle=cycle,
            group=group,
            offline=OFFLINE_CHILDREN,
        ),
        mod,
    )
    ideas["H"] = factories.moderator_approves(
        actions.submit(
            staff["facilitator"],
            data={
                **factories.IDEA_TEXT,
                "title": "Forum Anak punya ruang rapat",
                "cluster": "klaster_1",
                "kecamatan": ledo,
            },
            cycle=cycle,
            group=group,
        ),
        mod,
    )
    # Last year's cycle: one published idea (counted only "overall").
    ideas["P"] = factories.moderator_approves(
        factories.submit_idea(children["budi"], previous, title="Ide tahun lalu"), mod
    )

    for key, supporters in SUPPORTS.items():
        for child in supporters:
            toggle_support(children[child], ideas[key].pk)

    entries = {}
    for key in ("A", "B", "E", "G"):
        entries[key] = musrenbang.add_to_shortlist(
            ideas[key], mod, "Dipilih untuk dibahas Forum Anak."
        )
    for member, key, yes in REVIEWS:
        musrenbang.recommend(entries[key], children[member], yes, "Alasan singkat.")

    award = musrenbang.award_golden_ticket
    tickets = {
        "A": award(ideas["A"], mod, GoldenTicket.Level.KECAMATAN, "Rekomendasi."),
        "B": award(ideas["B"], mod, GoldenTicket.Level.KABUPATEN, "Rekomendasi."),
        "E": award(ideas["E"], mod, GoldenTicket.Level.KECAMATAN, "Rekomendasi."),
        "G": award(ideas["G"], mod, GoldenTicket.Level.KABUPATEN, "Rekomendasi."),
    }
    bappeda = staff["bappeda"]
    for key in ("A", "B", "G"):
        musrenbang.mark_received(tickets[key], bappeda)
    outcome = musrenbang.record_outcome
    ok = {"outcome": "accepted", "reason_category": "accepted"}
    outcome(tickets["A"], bappeda, level="desa", reply="Diterima di desa.", **ok)
    # The desa recorded a second decision for A (before the kecamatan met):
    # only the latest of a level counts.
    outcome(tickets["A"], bappeda, level="desa", reply="Dicatat ulang.", **ok)
    outcome(tickets["A"], bappeda, level="kecamatan", reply="Diterima.", **ok)
    outcome(tickets["A"], bappeda, level="kabupaten", reply="Diterima.", **ok)
    outcome(
        tickets["B"],
        bappeda,
        level="kecamatan",
        outcome="rejected",
        reason_category="no_budget",
        reply="Anggaran tahun ini belum cukup.",
    )
    outcome(tickets["G"], bappeda, level="forum_pd", reply="Diterima.", **ok)
    outcome(tickets["G"], bappeda, level="kabupaten", reply="Diterima.", **ok)

    dikbud = Agency.objects.create(name="Dinas Pendidikan dan Kebudayaan")
    dinkes = Agency.objects.create(name="Dinas Kesehatan", short_name="Dinkes")
    dikbud.members.add(staff["opd"])
    for key, agency in (("A", dikbud), ("G", dinkes)):
        musrenbang.record_adoption(
            tickets[key],
            bappeda,
            reply="Masuk APBD!",
            budget_year=cycle.apbd_year,
            adopted_opd=agency,
            program="Program Pemenuhan Hak Anak",
            kegiatan="Kegiatan " + key,
            adopted_sub_kegiatan="Sub-kegiatan " + key,
            pagu=PAGU[key],
        )
    musrenbang.update_implementation(
        tickets["A"], staff["opd"], progress_percent=40, reply="Sedang dibangun."
    )
    musrenbang.update_implementation(
        tickets["G"],
        bappeda,
        progress_percent=100,
        reply="Sudah selesai.",
        realisation=70_000_000,
    )
    for kind, title in (("undangan", "Undangan Musrenbang"), ("dpa", "Kutipan DPA")):
        EvidenceDocument.objects.create(
            ticket=tickets["A"],
            kind=kind,
            document=_document(title),
            note=f"{title} {year}",
            uploaded_by=bappeda,
        )
    # Time travel for the answer time: each ticket was awarded N days before
    # its first Musrenbang decision.
    for key, days in DAYS_TO_ANSWER.items():
        first = tickets[key].deliberations.order_by("decided_at").first()
        GoldenTicket.objects.filter(pk=tickets[key].pk).update(
            awarded_at=first.decided_at - datetime.timedelta(days=days)
        )
    for ticket in tickets.values():
        ticket.refresh_from_db()
    for key in ideas:
        ideas[key] = Proposal.objects.get(pk=ideas[key].pk)

    spec = {
        "children": {
            key: (sex, age, desa, dis, consent)
            for key, sex, age, desa, dis, consent in CHILDREN
        },
        "proposers_current": ["ani", "budi", "citra", "dodo", "eka", "fitri"],
        "proposers_previous": ["budi"],
        "supports": SUPPORTS,
        "reviews": REVIEWS,
        "year": year,
        "now": timezone.now(),
    }
    return World(cycle, previous, children, ideas, tickets, staff, spec)
