"""Issue 11 item 11: one definition of "public" (``Proposal.objects.public()``
and ``Proposal.is_public``), used by every page, feed, export, API and live
message.

Regression: /layar/?section=list showed an idea hidden by three reports,
and the Forum Anak committee page showed hidden ideas. Here one idea is
brought into every state that is not public; wherever the state can follow
a shortlist, a tiket emas and adoption into the APBD, it does, so that the
pages of the tiket emas path have something to leak. Its title must appear
nowhere the public, the committee, other children or the adults who never
act on it look: while a control idea with the same path shows everywhere
(the pages are not simply empty)."""

import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from portal.accounts import roles
from portal.evidence import exports, metrics, pdf
from portal.notifications.models import Notification
from proposals import actions, musrenbang
from proposals.models import Agency, Proposal
from tests import factories
from tests.proposals.helpers import accept
from voting.actions import toggle_support

pytestmark = pytest.mark.django_db

CONTROL = "Lampu jalan kontrol qvx"


def _to_budget(idea, staff):
    """Shortlisted, tiket emas, adopted: every page of the path shows it."""
    musrenbang.add_to_shortlist(idea, staff["moderator"], "Banyak didukung.")
    ticket = musrenbang.award_golden_ticket(
        idea, staff["moderator"], "kabupaten", "Direkomendasikan Forum Anak."
    )
    accept(ticket, staff["bappeda"])
    musrenbang.record_adoption(
        ticket,
        staff["bappeda"],
        reply="Masuk APBD!",
        budget_year=ticket.cycle.apbd_year,
        adopted_opd=staff["agency"],
        program="Penerangan",
        pagu=25_000_000,
    )
    return ticket


def _in_moderation(idea, staff, control):
    return idea


def _changes_requested(idea, staff, control):
    return factories.moderator_requests_changes(
        idea, staff["moderator"], "Tolong perjelas tempatnya."
    )


def _hidden_by_reports(idea, staff, control):
    for _n in range(actions.REPORT_THRESHOLD):
        actions.report(idea, factories.make_child(verified=True), "rude")
    return idea


def _not_published(idea, staff, control):
    actions.unpublish(idea, staff["moderator"], "Tidak sesuai aturan.")
    return idea


def _escalated(idea, staff, control):
    actions.escalate(idea, staff["moderator"], "Mungkin ada anak dalam bahaya.")
    return idea


def _merged(idea, staff, control):
    actions.merge(idea, control, staff["moderator"])
    return idea


def _not_live(idea, staff, control):
    """Wagtail's own "unpublish" leaves the status as it was."""
    idea.unpublish(user=staff["moderator"])
    return idea


STATES = {
    "in_moderation": (_in_moderation, False),
    "changes_requested": (_changes_requested, False),
    "hidden_by_reports": (_hidden_by_reports, True),
    "not_published": (_not_published, True),
    "escalated": (_escalated, True),
    "merged": (_merged, True),
    "not_live": (_not_live, True),
}


@pytest.fixture
def staff(regions, moderation_setup):
    agency = Agency.objects.create(name="Dinas PUPR", short_name="PUPR")
    return {
        "moderator": factories.make_staff(roles.MODERATOR),
        "facilitator": factories.make_staff(roles.FASILITATOR),
        "bappeda": factories.make_staff(roles.BAPPEDA),
        "agency": agency,
    }


def anonymous_urls(idea, cycle):
    word = idea.title.split()[-1]
    return [
        "/",
        "/usulan/",
        "/usulan/?sort=newest",
        f"/usulan/?q={word}",
        f"/usulan/?stage={idea.stage}",
        f"/usulan/{idea.pk}/",
        "/layar/",
        "/layar/?section=list",
        f"/layar/{cycle.year}/?section=list",
        "/transparansi/",
        "/transparansi/?year=all",
        "/api/v1/usulan/",
        "/api/v1/usulan/?tiket_emas=true",
        "/api/v1/usulan/?adopted=true",
        f"/api/v1/usulan/{idea.pk}/",
        "/api/v1/statistik/",
    ]


def read(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def report_files(cycle):
    report = metrics.compute_report(cycle)
    book = load_workbook(io.BytesIO(exports.to_xlsx(report, "Bengkayang")))
    cells = " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    return {
        "pdf": pdf.render_html(report),
        "xlsx": cells,
        "csv": exports.to_csv(report),
    }


@pytest.mark.parametrize("state", list(STATES))
def test_an_idea_that_is_not_public_shows_nowhere(
    state, staff, cycle, home_page, private_media
):
    bring, after_publishing = STATES[state]
    moderator = staff["moderator"]
    control = factories.publish_idea(
        factories.make_child(), moderator, cycle, title=CONTROL
    )
    _to_budget(control, staff)
    title = f"Ide rahasia {state.replace('_', ' ')} zqx"
    author = factories.make_child()
    supporter = factories.make_child()
    if after_publishing:
        idea = factories.publish_idea(author, moderator, cycle, title=title)
        toggle_support(supporter, idea.pk)
        ticket = _to_budget(idea, staff)
    else:
        idea = factories.submit_idea(author, cycle, title=title)
        ticket = None
    changed_at = timezone.now()
    idea = bring(idea, staff, control)
    idea.refresh_from_db()
    assert not idea.is_public, state
    assert not Proposal.objects.public().filter(pk=idea.pk).exists()
    if ticket is not None:
        # Staff keep working on the tiket emas: news goes out.
        musrenbang.update_implementation(
            ticket, staff["bappeda"], progress_percent=40, reply="Tiang dipasang."
        )

    seen = {}
    anon = Client()
    for url in anonymous_urls(idea, cycle):
        seen[f"anon {url}"] = read(anon, url)
    member = factories.make_child(forum_anak=True, committee=True)
    committee = Client()
    committee.force_login(member)
    for url in ("/forum-anak/daftar-pendek/", "/saya/", "/usulan/"):
        seen[f"committee {url}"] = read(committee, url)
    facilitator = Client()
    facilitator.force_login(staff["facilitator"])
    seen["facilitator shortlist"] = read(
        facilitator, f"/admin/daftar-pendek/{cycle.year}/"
    )
    bappeda = Client()
    bappeda.force_login(staff["bappeda"])
    for url in (
        "/admin/snippets/proposals/goldenticket/",
        "/admin/snippets/proposals/goldenticket/?export=csv",
        "/admin/laporan-kla/",
    ):
        seen[f"bappeda {url}"] = read(bappeda, url)
    for kind, text in report_files(cycle).items():
        seen[f"report {kind}"] = text
    for note in Notification.objects.filter(created_at__gte=changed_at).exclude(
        user=author
    ):
        seen[f"notification to {note.user}"] = f"{note.title} {note.body}"

    leaks = [where for where, text in seen.items() if title in text]
    assert not leaks, leaks
    # The pages were really showing the ideas of the tiket emas path.
    for where in (
        "anon /usulan/",
        "anon /layar/?section=list",
        "anon /transparansi/",
        "committee /forum-anak/daftar-pendek/",
        "facilitator shortlist",
        "bappeda /admin/snippets/proposals/goldenticket/",
        "report pdf",
        "report xlsx",
    ):
        assert CONTROL in seen[where], where
    if ticket is not None:
        # The news went out (to the author, who wrote the words), only not
        # to the supporters.
        assert Notification.objects.filter(
            user=author, created_at__gte=changed_at, title__contains="pelaksanaan"
        ).exists(), state
