"""Issue 12 items 1, 2 and 4: the stages are a state machine, every action has
one shape (one refusal type, nothing left behind), and Wagtail's history of
an idea tells the whole story."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.core.actions import ActionRefused
from portal.notifications.models import Notification
from proposals import musrenbang
from proposals.models import (
    Agency,
    Deliberation,
    GoldenTicket,
    Proposal,
    ProposalEvent,
    ShortlistEntry,
)
from tests.factories import IDEA_TEXT, make_child, publish_idea

pytestmark = pytest.mark.django_db

S = Proposal.Stage
TICKET_STAGES = [S.GOLDEN_TICKET, S.ACCEPTED, S.NOT_ACCEPTED, S.ADOPTED, S.IMPLEMENTED]


def idea_at(stage, cycle, staff, child, agency):
    """A public idea standing at ``stage``, with the rows that stage has (a
    shortlist entry, a tiket emas, its adoption), made directly: the test is
    about the next action, not about how the idea got there."""
    child_desa = child.child_profile.desa
    idea = Proposal.objects.create(
        **IDEA_TEXT,
        kecamatan=child_desa.kecamatan,
        desa=child_desa,
        cycle=cycle,
        proposer=child,
        proposer_kecamatan=child_desa.kecamatan,
        live=True,
        status=Proposal.Status.PUBLISHED,
        stage=stage,
    )
    if stage != S.NONE:
        ShortlistEntry.objects.create(
            cycle=cycle, proposal=idea, source=ShortlistEntry.Source.RANKED
        )
    fields = {}
    if stage in (S.ADOPTED, S.IMPLEMENTED):
        fields = {
            "adopted_at": idea.created_at,
            "adopted_opd": agency,
            "budget_year": cycle.apbd_year,
            "pagu": 1_000_000,
            "progress_percent": 100 if stage == S.IMPLEMENTED else 0,
        }
    ticket = GoldenTicket(
        proposal=idea, cycle=cycle, level="kabupaten", rationale="Alasan.", **fields
    )
    if stage in TICKET_STAGES:
        ticket.save()
    return idea, ticket


def outcome(accepted):
    def run(idea, ticket, staff):
        return musrenbang.record_outcome(
            ticket,
            staff["bappeda"],
            level="kabupaten",
            outcome="accepted" if accepted else "rejected",
            reason_category="accepted" if accepted else "no_budget",
            reply="Jawaban untuk anak-anak.",
        )

    return run


def implementation(percent):
    def run(idea, ticket, staff):
        return musrenbang.update_implementation(
            ticket,
            staff["bappeda"],
            progress_percent=percent,
            reply="Kabar pelaksanaan.",
        )

    return run


# action -> (how to run it, the event it records, whether the child is told)
ACTIONS = {
    "shortlist": (
        lambda idea, ticket, people: musrenbang.add_to_shortlist(
            idea, people["moderator"], "Banyak didukung."
        ),
        ProposalEvent.Kind.SHORTLISTED,
        True,
    ),
    "award_golden_ticket": (
        lambda idea, ticket, people: musrenbang.award_golden_ticket(
            idea, people["moderator"], "kabupaten", "Direkomendasikan."
        ),
        ProposalEvent.Kind.GOLDEN_TICKET,
        True,
    ),
    "mark_received": (
        lambda idea, ticket, people: musrenbang.mark_received(
            ticket, people["bappeda"]
        ),
        ProposalEvent.Kind.RECEIVED,
        False,
    ),
    "outcome_accepted": (outcome(True), ProposalEvent.Kind.DISCUSSED, True),
    "outcome_rejected": (outcome(False), ProposalEvent.Kind.DISCUSSED, True),
    "record_adoption": (
        lambda idea, ticket, people: musrenbang.record_adoption(
            ticket,
            people["bappeda"],
            reply="Masuk APBD!",
            budget_year=2027,
            adopted_opd=Agency.objects.get(name="Dinas Uji"),
            pagu=5_000_000,
        ),
        ProposalEvent.Kind.ADOPTED,
        True,
    ),
    "implementation_40": (implementation(40), ProposalEvent.Kind.IMPLEMENTATION, True),
    "implementation_100": (
        implementation(100),
        ProposalEvent.Kind.IMPLEMENTATION,
        True,
    ),
}

# What a planning office expects, written out by hand (not read from the
# code): stage -> {action: the stage it reaches}. Every pair not listed
# must be refused.
EXPECTED = {
    S.NONE: {"shortlist": S.SHORTLISTED},
    S.SHORTLISTED: {"award_golden_ticket": S.GOLDEN_TICKET},
    S.GOLDEN_TICKET: {
        "mark_received": S.GOLDEN_TICKET,
        "outcome_accepted": S.ACCEPTED,
        "outcome_rejected": S.NOT_ACCEPTED,
    },
    # A later Musrenbang level may replace the outcome while not adopted.
    S.ACCEPTED: {
        "mark_received": S.ACCEPTED,
        "outcome_accepted": S.ACCEPTED,
        "outcome_rejected": S.NOT_ACCEPTED,
        "record_adoption": S.ADOPTED,
    },
    S.NOT_ACCEPTED: {
        "mark_received": S.NOT_ACCEPTED,
        "outcome_accepted": S.ACCEPTED,
        "outcome_rejected": S.NOT_ACCEPTED,
    },
    S.ADOPTED: {"implementation_40": S.ADOPTED, "implementation_100": S.IMPLEMENTED},
    S.IMPLEMENTED: {},
}


def _footprint(idea):
    return {
        "stage": Proposal.objects.get(pk=idea.pk).stage,
        "events": ProposalEvent.objects.filter(proposal=idea).count(),
        "notifications": Notification.objects.count(),
        "tickets": GoldenTicket.objects.count(),
        "deliberations": Deliberation.objects.count(),
        "shortlist": ShortlistEntry.objects.count(),
        "log": ModelLogEntry.objects.filter(object_id=str(idea.pk)).count(),
    }


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_stage_and_action_pair(action, cycle, staff):
    run, event_kind, tells_child = ACTIONS[action]
    child = make_child()
    agency = Agency.objects.create(name="Dinas Uji")
    agency.members.add(staff["opd"])
    for stage in S:
        idea, ticket = idea_at(stage, cycle, staff, child, agency)
        before = _footprint(idea)
        reaches = EXPECTED[stage].get(action)
        if reaches is None:
            with pytest.raises(ActionRefused) as refused:
                run(idea, ticket, staff)
            message = str(refused.value)
            assert "tidak bisa dilakukan" in message, (stage, action, message)
            assert str(S(stage).label) in message, (stage, action, message)
            assert _footprint(idea) == before, (stage, action)
            continue
        run(idea, ticket, staff)
        after = _footprint(idea)
        assert after["stage"] == reaches, (stage, action)
        assert after["events"] == before["events"] + 1, (stage, action)
        last = ProposalEvent.objects.filter(proposal=idea).latest("pk")
        assert last.kind == event_kind
        assert after["notifications"] == before["notifications"] + int(tells_child)
        if tells_child:
            assert Notification.objects.latest("pk").user_id == child.pk
        assert after["log"] == before["log"] + 1, (stage, action)


def test_the_declared_table_is_the_one_enforced():
    """``STAGE_RULES`` (shown to staff in docs/musrenbang-guide.md) agrees
    with the expected table above."""
    declared = {
        "shortlist": "shortlist",
        "award_golden_ticket": "award_golden_ticket",
        "mark_received": "mark_received",
        "outcome_accepted": "record_outcome",
        "outcome_rejected": "record_outcome",
        "record_adoption": "record_adoption",
        "implementation_40": "update_implementation",
        "implementation_100": "update_implementation",
    }
    for stage in S:
        for action, rule in declared.items():
            allowed = stage in musrenbang.STAGE_RULES[rule].starts_from
            assert allowed == (action in EXPECTED[stage]), (stage, action)


LEVELS = ["desa", "kecamatan", "forum_pd", "kabupaten"]


def test_a_later_level_decides_an_earlier_one_recorded_late_is_history(
    cycle,
    staff,
):
    """Every (first level, second level) pair: the first accepts, the second
    rejects. A second level later than or equal to the first decides (the
    idea shows "Tidak diterima" and the child is told); an earlier one is
    kept in the ticket's history and public timeline but the idea stays
    "Diterima" and the child gets no confusing older answer."""
    child = make_child()
    agency = Agency.objects.create(name="Dinas Uji")
    for first in LEVELS:
        for second in LEVELS:
            idea, ticket = idea_at(S.GOLDEN_TICKET, cycle, staff, child, agency)
            for level, accepted in ((first, True), (second, False)):
                notes = Notification.objects.filter(user=child).count()
                deliberation = musrenbang.record_outcome(
                    ticket,
                    staff["bappeda"],
                    level=level,
                    outcome="accepted" if accepted else "rejected",
                    reason_category="accepted" if accepted else "not_feasible",
                    reply="Jawaban.",
                )
            later = LEVELS.index(second) >= LEVELS.index(first)
            expected = S.NOT_ACCEPTED if later else S.ACCEPTED
            assert Proposal.objects.get(pk=idea.pk).stage == expected, (first, second)
            assert deliberation.moves_stage == later
            assert ticket.deliberations.count() == 2
            assert (
                ProposalEvent.objects.filter(
                    proposal=idea, kind=ProposalEvent.Kind.DISCUSSED
                ).count()
                == 2
            )
            told = Notification.objects.filter(user=child).count() - notes
            assert told == int(later), (first, second)


def test_a_late_earlier_level_is_explained_in_the_admin(client, cycle, staff):
    child = make_child()
    agency = Agency.objects.create(name="Dinas Uji")
    idea, ticket = idea_at(S.GOLDEN_TICKET, cycle, staff, child, agency)
    outcome(True)(idea, ticket, staff)  # kabupaten accepts
    client.force_login(staff["bappeda"])
    response = client.post(
        f"/admin/tiket-emas/{ticket.pk}/",
        {
            "step": "outcome",
            "outcome-level": "desa",
            "outcome-outcome": "rejected",
            "outcome-reason_category": "not_feasible",
            "outcome-reply": "Ditolak di desa.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "riwayat saja" in html
    assert "Ditolak di desa." in html  # listed among the outcomes
    assert Proposal.objects.get(pk=idea.pk).stage == S.ACCEPTED


def test_a_refusal_is_shown_in_the_admin_and_changes_nothing(client, cycle, staff):
    """Bappeda tries to adopt a tiket emas with no accepted outcome: a
    Wagtail error message says why; nothing is recorded."""
    child = make_child()
    agency = Agency.objects.create(name="Dinas Uji")
    idea, ticket = idea_at(S.GOLDEN_TICKET, cycle, staff, child, agency)
    client.force_login(staff["bappeda"])
    response = client.post(
        f"/admin/tiket-emas/{ticket.pk}/",
        {
            "step": "adoption",
            "adoption-budget_year": "2027",
            "adoption-adopted_opd": agency.pk,
            "adoption-pagu": "5000000",
            "adoption-reply": "Masuk APBD!",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "tidak bisa dilakukan" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.adopted_at is None
    assert Proposal.objects.get(pk=idea.pk).stage == S.GOLDEN_TICKET


def test_add_to_shortlist_tells_the_child(cycle, staff):
    child = make_child()
    idea = publish_idea(child, staff["moderator"], cycle)
    musrenbang.add_to_shortlist(idea, staff["moderator"], "Banyak didukung.")
    news = Notification.objects.filter(user=child).latest("pk")
    assert "daftar pendek" in news.title


def test_the_history_tab_lists_every_step(client, cycle, staff):
    child = make_child()
    idea = publish_idea(child, staff["moderator"], cycle, title="Perpustakaan keliling")
    agency = Agency.objects.create(name="Dinas Uji")
    musrenbang.add_to_shortlist(idea, staff["moderator"], "Banyak didukung.")
    ticket = musrenbang.award_golden_ticket(
        idea, staff["moderator"], "kabupaten", "Direkomendasikan."
    )
    bappeda = staff["bappeda"]
    musrenbang.mark_received(ticket, bappeda)
    outcome(True)(idea, ticket, staff)
    musrenbang.record_adoption(
        ticket,
        bappeda,
        reply="Masuk APBD!",
        budget_year=2027,
        adopted_opd=agency,
        pagu=5_000_000,
    )
    musrenbang.update_implementation(
        ticket, bappeda, progress_percent=100, reply="Selesai."
    )
    client.force_login(staff["moderator"])
    html = client.get(
        reverse("wagtailsnippets_proposals_proposal:history", args=[idea.pk])
    ).content.decode()
    for step in (
        "Masuk daftar pendek",
        "Mendapat tiket emas",
        "Diterima oleh BAPERIDA",
        "Hasil Musrenbang kabupaten: Diterima",
        "Masuk APBD 2027",
        "Kemajuan pelaksanaan: 100%",
    ):
        assert step in html, step
    # The portal's entries carry the idea's number, never the child's words
    # or a username (the site history is role-filtered, issue 11 item 10).
    for entry in ModelLogEntry.objects.filter(action__startswith="portal."):
        text = f"{entry.label} {entry.data}"
        assert "Perpustakaan" not in text and child.username not in text
        assert entry.label == f"Usulan #{idea.pk}"


# --- every screen counts the stages alike (issue 12 item 1) -----------------

PATH = ["shortlist", "award_golden_ticket", "outcome_accepted", "record_adoption"]
STEPS_TO = {
    S.NONE: [],
    S.SHORTLISTED: PATH[:1],
    S.GOLDEN_TICKET: PATH[:2],
    S.ACCEPTED: PATH[:3],
    S.NOT_ACCEPTED: [*PATH[:2], "outcome_rejected"],
    S.ADOPTED: PATH,
    S.IMPLEMENTED: [*PATH, "implementation_100"],
}


def test_api_kla_report_and_layar_count_every_stage_alike(client, cycle, staff):
    """Each idea is brought to its stage by the real actions; afterwards
    Bappeda tries to record a Musrenbang outcome for the adopted and the
    implemented idea (the bug: "Diterima di Musrenbang" on the Layar and
    ``status: accepted`` in the API while the KLA report counted it
    adopted). Every surface then reads the same stage."""
    from portal.evidence.metrics import compute_report

    child = make_child()
    agency = Agency.objects.create(name="Dinas Uji")
    ideas = {}
    for stage, steps in STEPS_TO.items():
        idea, _ticket = idea_at(S.NONE, cycle, staff, child, agency)
        for step in steps:
            ticket = GoldenTicket.objects.filter(proposal=idea).first()
            ACTIONS[step][0](Proposal.objects.get(pk=idea.pk), ticket, staff)
        ideas[stage] = Proposal.objects.get(pk=idea.pk)
    for stage in (S.ADOPTED, S.IMPLEMENTED):
        with pytest.raises(ActionRefused):
            outcome(True)(ideas[stage], ideas[stage].golden_ticket, staff)
    # A desa's rejection of the accepted idea arrives after the kabupaten
    # accepted it: history only (a later level decides), so every surface
    # still counts it accepted.
    musrenbang.record_outcome(
        ideas[S.ACCEPTED].golden_ticket,
        staff["bappeda"],
        level="desa",
        outcome="rejected",
        reason_category="not_feasible",
        reply="Dicatat terlambat.",
    )

    for stage, idea in ideas.items():
        assert Proposal.objects.get(pk=idea.pk).stage == stage

    # The API: each idea's status is its stage.
    rows = client.get("/api/v1/usulan/", {"page_size": 50}).json()["results"]
    by_id = {row["id"]: row["status"] for row in rows}
    for stage, idea in ideas.items():
        assert by_id[idea.pk] == (stage or "belum_dipilih"), stage

    # The KLA report: tickets, adopted and done agree with the stages.
    report = compute_report(cycle)
    ticket_stages = set(TICKET_STAGES)
    assert report["golden_tickets"]["awarded"] == len(ticket_stages)
    assert report["adoption"]["count"] == 2
    assert report["implementation"]["done"] == 1

    # Bappeda's queue in the admin, filtered by stage: each ticket under its
    # own stage only.
    client.force_login(staff["bappeda"])
    listing = reverse("wagtailsnippets_proposals_goldenticket:list")
    for stage in TICKET_STAGES:
        html = client.get(listing, {"stage": stage}).content.decode()
        for other, idea in ideas.items():
            if other not in TICKET_STAGES:
                continue
            edit = reverse(
                "wagtailsnippets_proposals_goldenticket:edit",
                args=[idea.golden_ticket.pk],
            )
            assert (f'"{edit}"' in html) == (other == stage), (stage, other)
    client.logout()

    # The admin dashboard's Musrenbang panel: one at each stage, and each
    # count links to the queue filtered to exactly that many rows.
    client.force_login(staff["bappeda"])
    html = client.get("/admin/").content.decode()
    counted = dict(re.findall(r'data-stage-count="(\w+)">(\d+)<', html))
    assert counted == {str(stage): "1" for stage in TICKET_STAGES}
    links = dict(
        (stage, link.replace("&amp;", "&"))
        for link, stage in re.findall(
            r'href="([^"]*\?cycle=\d+&amp;stage=(\w+))"', html
        )
    )
    assert set(links) == {str(stage) for stage in TICKET_STAGES}
    for stage, link in links.items():
        rows = client.get(link).content.decode()
        listed = set(
            re.findall(r"/admin/snippets/proposals/goldenticket/edit/(\d+)/", rows)
        )
        assert listed == {str(ideas[stage].golden_ticket.pk)}, (stage, listed)
    client.logout()

    # The Layar: its summary counts one tiket emas idea at each stage.
    html = client.get(f"/layar/{cycle.year}/", {"section": "list"}).content.decode()
    shown = dict(re.findall(r'data-layar-count="(\w+)">(\d+)<', html))
    for stage in TICKET_STAGES:
        assert shown.get(str(stage)) == "1", (stage, shown)
    assert shown["total"] == str(len(TICKET_STAGES))

    # The admin's export of the queue (what Bappeda takes to SIPD): each
    # idea's stage as its own, once.
    client.force_login(staff["bappeda"])
    response = client.get(listing, {"export": "csv"})
    csv = b"".join(response.streaming_content).decode()
    client.logout()
    for stage in TICKET_STAGES:
        assert csv.count(f",{S(stage).label},") == 1, (stage, csv)

    # /transparansi/ (public things are printed exactly) and the statistics
    # API: the same tickets, adoptions, completed ideas and outcomes as the
    # KLA report.
    html = client.get("/transparansi/", {"year": cycle.year}).content.decode()
    headline = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", html))
    assert headline["Tiket emas diberikan"] == str(report["golden_tickets"]["awarded"])
    assert headline["Ide masuk APBD"] == str(report["adoption"]["count"])
    assert headline["Ide selesai dikerjakan"] == str(report["implementation"]["done"])
    assert headline["Ide tampil"] == str(len(ideas))
    assert html.count('<article class="card" aria-labelledby="apbd-') == 2
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>',
        html,
    )
    kabupaten = [r for r in rows if r[0] == "Musrenbang kabupaten"]
    # Decided 4: accepted, adopted, implemented (3) and not accepted (1).
    assert kabupaten == [("Musrenbang kabupaten", "4", "3", "1")]
    level = next(o for o in report["outcomes"] if o["key"] == "kabupaten")
    assert (level["decided"], level["accepted"], level["rejected"]) == (4, 3, 1)
    stats = client.get("/api/v1/statistik/", {"year": cycle.year}).json()
    figures = {item["key"]: item["value"] for item in stats["headline"]}
    assert figures["golden_tickets"] == report["golden_tickets"]["awarded"]
    assert figures["ideas_adopted"] == report["adoption"]["count"]
    assert figures["ideas_implemented"] == report["implementation"]["done"]


# --- the ticket screen offers only the steps the rules allow (h8 item 3) ----

SCREEN_STEPS = {
    S.GOLDEN_TICKET: {"received", "outcome"},
    S.ACCEPTED: {"received", "outcome", "adoption"},
    S.NOT_ACCEPTED: {"received", "outcome"},
    S.ADOPTED: {"implementation"},
    S.IMPLEMENTED: set(),
}


def test_the_ticket_screen_shows_only_the_steps_allowed(client, cycle, staff):
    """Bappeda opens a tiket emas at each stage: only the forms the stage
    rules accept are there; each missing step says why, in Indonesian."""
    child = make_child()
    agency = Agency.objects.create(name="Dinas Uji")
    client.force_login(staff["bappeda"])
    for stage, expected in SCREEN_STEPS.items():
        idea, ticket = idea_at(stage, cycle, staff, child, agency)
        html = client.get(f"/admin/tiket-emas/{ticket.pk}/").content.decode()
        shown = set(re.findall(r'data-step="(\w+)"', html))
        assert shown == expected, (stage, shown)
        unavailable = set(re.findall(r'data-step-unavailable="(\w+)"', html))
        assert unavailable == {"outcome", "adoption", "implementation"} - expected
        assert html.count("tidak bisa dilakukan") == len(unavailable), stage
        # The evidence documents can always be added.
        assert 'value="evidence"' in html
