"""Issue 12 item 8: every admin screen staff use speaks Indonesian.

One superuser (who sees every screen and every moderation action) opens
each screen; the visible text must hold none of the English leftovers
staff met (Wagtail's ``id`` catalogue is incomplete: the portal's own
``locale/id`` fills the gaps), and none of Wagtail's own messages that have
no Indonesian translation (read from Wagtail's English catalogues, so a
screen that shows a new untranslated message fails without anyone listing
it)."""

import functools
import json
import os
import re
from html import unescape
from pathlib import Path

import polib
import pytest
import wagtail
from wagtail.models import Site, Task, Workflow

from portal.accounts import roles
from proposals import musrenbang
from proposals.models import GoldenTicket
from tests import factories
from tests.proposals.helpers import shortlisted

pytestmark = pytest.mark.django_db

# Whole words or phrases, matched case-sensitively in the visible text.
ENGLISH = {
    "Content types",  # a screen-reader label of the workflow form
    "matches",  # "There are 2 matches" above a filtered listing
    "match",
    "Sorry",
    "Request changes",
    "Approve",
    "Approve with comment",
    "Search",
    "Search…",
    "Help",
    "True",
    "False",
    "Cycle",
    "Proposal",
    "Proposals",
    "Golden ticket",
    "Agency",
    "Dashboard",
    "Edit",
    "Delete",
    "Actions",
    "Filter",
    "Filters",
    "Sort",
    "Download",
    "Created",
    "Updated",
    "Live",
    "Draft",
    "History",
    "Inspect",
    "Add",
    "Save",
    "Cancel",
    "Reports",
    "Site history",
    "Shortcuts",
    "Editor Guide",
    "Locked pages",
    "Workflow tasks",
    "Settings",
    "Log out",
    "Account",
    "Awaiting your review",
    "Your pages and snippets in a workflow",
    "Title",
    "Task",
    "Workflow",
    "Username",
    "Access level",
    "Last login",
    # Wagtail's workflow settings (issue 12: "Add a workflow", "Used by", "Step 1").
    "Add a workflow",
    "Used by",
    "Step 1",
    "Step",
    "Tasks",
    "Workflows",
    "Active",
    "Disabled",
    "Enable",
    "Disable",
    "Assigned to",
    "Add a task",
    "Add an existing task or create a new one",
    # Wagtail's starter data: its groups and page workflow (renamed or removed).
    "Moderators approval",
    "Moderators",
    "Editors",
}

SCRIPT_OR_STYLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
ATTRS = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', re.S)


def visible_text(html):
    """Text a person reads or hears: the rendered text, the labels of
    controls (aria-label, title, placeholder, alt) and of the admin menu
    (drawn by JavaScript from the sidebar's JSON)."""
    menu = " ".join(
        json.loads(f'"{label}"')
        for props in SIDEBAR.findall(html)
        for label in re.findall(r'"label": "((?:[^"\\]|\\.)*)"', props)
    )
    html = SCRIPT_OR_STYLE.sub(" ", html)
    labels = " ".join(ATTRS.findall(html))
    return unescape(TAG.sub(" ", html) + " " + labels) + " " + menu


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{[^}]*\}")


@functools.cache
def untranslated_wagtail_messages():
    """The text of every Wagtail message without an Indonesian translation
    in the catalogue the portal runs with (Wagtail's ``id_ID`` plus the
    portal's ``locale/id``). A message with placeholders is looked for by
    its longest literal part of two words or more."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("id")._catalog
    texts = set()
    for po in Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po)):
            if not entry.msgid or entry.msgid in catalogue:
                continue
            text = entry.msgid.strip()
            if PLACEHOLDER.search(text):
                text = max(PLACEHOLDER.split(text), key=len).strip(" .,:")
                if len(text.split()) < 2:
                    continue
            if len(text) >= 3:
                texts.add(text)
    return texts


def english_in(text):
    return sorted(
        {
            word
            for word in ENGLISH | untranslated_wagtail_messages()
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
        }
    )


@pytest.fixture
def screens(staff, cycle):
    """Paths of every admin screen staff use, with one object of each kind."""
    admin = factories.make_staff(roles.ADMIN)
    ticket = musrenbang.award_golden_ticket(
        shortlisted(cycle, staff), staff["moderator"], "kabupaten", "Terbaik."
    )
    GoldenTicket.objects.filter(pk=ticket.pk).update(estimated_budget=150_000_000)
    in_review = factories.submit_idea(factories.make_child(), cycle)
    agency = factories_agency()
    snippets = "/admin/snippets/proposals"
    site = Site.objects.get(is_default_site=True)
    workflow = Workflow.objects.first()
    task = Task.objects.first()
    paths = {
        "dashboard": "/admin/",
        "usulan": f"{snippets}/proposal/",
        "usulan (moderasi)": f"{snippets}/proposal/edit/{in_review.pk}/",
        "usulan (periksa)": f"{snippets}/proposal/inspect/{ticket.proposal_id}/",
        "antrean": f"{snippets}/goldenticket/",
        "antrean (disaring)": f"{snippets}/goldenticket/?stage=golden_ticket",
        "antrean (tanpa hasil)": f"{snippets}/goldenticket/?stage=adopted",
        "usulan (dicari)": f"{snippets}/proposal/?q=taman",
        "usulan (dicari, tanpa hasil)": f"{snippets}/proposal/?q=zzzz",
        "opd (dicari)": f"{snippets}/agency/?q=dinas",
        "pengguna (dicari)": "/admin/users/?q=petugas",
        "tiket emas (ubah)": f"{snippets}/goldenticket/edit/{ticket.pk}/",
        "siklus": f"{snippets}/cycle/",
        "siklus (baru)": f"{snippets}/cycle/add/",
        "siklus (ubah)": f"{snippets}/cycle/edit/{cycle.pk}/",
        "opd": f"{snippets}/agency/",
        "opd (baru)": f"{snippets}/agency/add/",
        "opd (ubah)": f"{snippets}/agency/edit/{agency.pk}/",
        "laporan": "/admin/laporan/",
        "kasus": "/admin/perlindungan/",
        "tanda bahaya": "/admin/perlindungan/tanda-bahaya-dibersihkan/",
        "daftar pendek": f"/admin/daftar-pendek/{cycle.year}/",
        "tiket emas (tindakan)": f"/admin/tiket-emas/{ticket.pk}/",
        "terlambat": "/admin/tiket-emas/terlambat/",
        "pengaturan portal": f"/admin/settings/core/portalsettings/{site.pk}/",
        "laporan alur moderasi": "/admin/reports/workflow/",
        "laporan kla": "/admin/laporan-kla/",
        "penugasan fasilitator": "/admin/akun/penugasan-fasilitator/",
        "log fasilitator": "/admin/akun/log-fasilitator/",
        "pengguna": "/admin/users/",
        "grup": "/admin/groups/",
        "alur kerja": "/admin/workflows/list/",
        "alur kerja (ubah)": f"/admin/workflows/edit/{workflow.pk}/",
        "alur kerja (baru)": "/admin/workflows/add/",
        "tugas alur kerja": "/admin/workflows/tasks/index/",
        "tugas alur kerja (ubah)": f"/admin/workflows/tasks/edit/{task.pk}/",
    }
    return admin, paths


def factories_agency():
    from proposals.models import Agency

    return Agency.objects.create(name="Dinas Pekerjaan Umum", short_name="PU")


def test_every_admin_screen_speaks_indonesian(client, screens):
    admin, paths = screens
    client.force_login(admin)
    dump = os.environ.get("ADMIN_TEXT_DUMP")
    leftovers = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        text = visible_text(response.content.decode())
        if dump:
            Path(dump).mkdir(parents=True, exist_ok=True)
            Path(dump, name.replace(" ", "_") + ".html").write_bytes(response.content)
            Path(dump, name.replace(" ", "_") + ".txt").write_text(
                re.sub(r"\s+", " ", text)
            )
        found = english_in(text)
        # A code name shown as a label ("Id_usulan SIPD" above the queue).
        found += sorted(set(re.findall(r"\b[A-Za-z]+_[A-Za-z_]+\b", text)))
        if found:
            leftovers[f"{name} ({path})"] = found
    assert not leftovers, leftovers


@pytest.mark.parametrize(
    ("path", "filename", "shown", "not_shown"),
    [
        (
            "/admin/snippets/proposals/proposal/?export=csv",
            "usulan.csv",
            ["Klaster KLA", "Klaster 4: Pendidikan, Waktu Luang dan Budaya", "Tampil"],
            ["klaster_4", "published", "get_"],
        ),
        (
            "/admin/akun/log-fasilitator/?export=csv",
            "log-tindakan-fasilitator.csv",
            ["Tindakan"],
            ["get_", "kind"],
        ),
    ],
)
def test_exports_have_indonesian_headings_labels_and_names(
    client, screens, path, filename, shown, not_shown
):
    admin, _paths = screens
    client.force_login(admin)
    response = client.get(path)
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    for text in shown:
        assert text in body
    for text in not_shown:
        assert text not in body


def test_setujui_is_the_moderators_main_button(client, screens):
    admin, paths = screens
    client.force_login(admin)
    html = client.get(paths["usulan (moderasi)"]).content.decode()
    buttons = re.findall(
        r'<button class="button" data-workflow-action-name="(\w+)"([^>]*)>(.*?)</button>',
        html,
        re.S,
    )
    name, attributes, label = buttons[0]
    assert name == "approve" and "modal" not in attributes
    assert visible_text(label).strip() == "Setujui dan tampilkan"
    assert [visible_text(b[2]).strip() for b in buttons[1:]] == [
        "Setujui dengan komentar dan tampilkan",
        "Minta perbaikan",
    ]


def test_the_moderators_dashboard_addresses_them_as_anda(client, screens):
    """Wagtail's own Indonesian writes "tinjauan anda"; staff are addressed
    with the capitalised "Anda" the portal uses."""
    admin, paths = screens
    client.force_login(admin)
    text = visible_text(client.get(paths["dashboard"]).content.decode())
    assert "Menunggu tinjauan Anda" in text


def test_money_and_the_agency_name(client, screens):
    """Rupiah as ``Rp 150.000.000``; the planning agency's name from the
    site settings (BAPERIDA in Bengkayang), never a hard-coded "Bappeda"."""
    admin, paths = screens
    client.force_login(admin)
    queue = visible_text(client.get(paths["antrean"]).content.decode())
    assert "Rp 150.000.000" in queue
    assert "Antrean Musrenbang" in queue
    ticket_page = visible_text(
        client.get(paths["tiket emas (tindakan)"]).content.decode()
    )
    assert "Tandai diterima BAPERIDA" in ticket_page
    assert "Bappeda" not in ticket_page.replace("Petugas Bappeda", "")
