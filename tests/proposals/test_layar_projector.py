"""Issue 12 item 10: the Layar Musrenbang is a projector view: no site menu,
sections of a few ideas, counts per stage, and without JavaScript a refresh
that turns from one section to the next (?bagian=<n>)."""

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
    assert 'content="15;url=?bagian=1&amp;detik=15"' in html
    second = client.get("/layar/?bagian=2&detik=5").content.decode()
    assert second.count("data-layar-section=") == 1
    assert 'content="5;url=?bagian=3&amp;detik=5"' in second
    assert "2 / 3" in second
    last = client.get("/layar/?bagian=3").content.decode()
    assert 'url=?bagian=1&amp;detik=15"' in last
    # The live refresh fetches the sections alone.
    fragment = client.get("/layar/?bagian=daftar").content.decode()
    assert "<html" not in fragment and fragment.count("data-layar-section=") == 3


def test_an_empty_layar_says_so(client, cycle):
    html = client.get("/layar/").content.decode()
    assert "Belum ada ide bertiket emas di siklus ini." in html
    assert re.search(r'data-layar-count="total">\s*0<', html)
