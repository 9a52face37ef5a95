"""Issue 12 item 10: the Layar Musrenbang is a projector view: no site menu,
sections of a few ideas, counts per stage, and without JavaScript a refresh
that turns from one section to the next (?section=<n>)."""

import re

import pytest

from proposals.musrenbang.views import LAYAR_PER_SECTION
from tests.proposals.helpers import awarded

pytestmark = pytest.mark.django_db


def test_the_layar_is_a_projector_view_in_sections(client, cycle, staff):
    tickets = [awarded(cycle, staff) for _ in range(LAYAR_PER_SECTION + 1)]
    html = client.get("/layar/").content.decode()
    # No site menu, header or footer: nothing to sign in or sign up with.
    assert "/akun/masuk/" not in html and "/akun/daftar/" not in html
    assert 'class="site-header"' not in html and "site-nav" not in html
    assert "<script>" not in html and "style=" not in html  # production CSP
    # Counts per stage, then the ideas in sections of LAYAR_PER_SECTION.
    assert re.search(r'data-layar-count="total">\s*4<', html)
    assert re.search(r'data-layar-count="golden_ticket">\s*4<', html)
    assert html.count("data-layar-section=") == 3
    for ticket in tickets:
        assert ticket.proposal.title in html
    # Without JavaScript: every section, then one after the other.
    assert 'content="15;url=?section=1&amp;seconds=15"' in html
    second = client.get("/layar/?section=2&seconds=5").content.decode()
    assert second.count("data-layar-section=") == 1
    assert 'content="5;url=?section=3&amp;seconds=5"' in second
    assert "2 / 3" in second
    last = client.get("/layar/?section=3").content.decode()
    assert 'url=?section=1&amp;seconds=15"' in last
    # The live refresh fetches the sections alone.
    fragment = client.get("/layar/?section=list").content.decode()
    assert "<html" not in fragment and fragment.count("data-layar-section=") == 3


def test_an_empty_layar_says_so(client, cycle):
    html = client.get("/layar/").content.decode()
    assert "Belum ada ide bertiket emas di siklus ini." in html
    assert re.search(r'data-layar-count="total">\s*0<', html)


def test_a_screen_set_up_before_the_glossary_still_turns(client, cycle):  # noqa: F811
    """A projector's bookmark from before the rename (docs/development.md)
    is redirected: ``?bagian=`` → ``?section=``, ``daftar`` → ``list``,
    ``?detik=`` → ``?seconds=``."""
    response = client.get("/layar/?bagian=2&detik=5")
    assert (response.status_code, response["Location"]) == (
        301,
        "/layar/?section=2&seconds=5",
    )
    response = client.get(f"/layar/{cycle.year}/?bagian=daftar")
    assert response["Location"] == f"/layar/{cycle.year}/?section=list"
