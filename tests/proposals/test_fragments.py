"""The public idea pages keep their shared part for a few seconds
(proposals/fragments.py). Nothing a visitor sees may be wrong because of it:
a hidden idea disappears at once, counts and pressed buttons are current and
the visitor's own, a new idea or a change of text shows at once, and a
deleted child's nickname is gone at once."""

import re

import pytest
from django.test import Client

from portal.accounts import actions as account_actions
from portal.accounts import roles
from proposals import actions as proposal_actions
from proposals.models import Proposal
from tests import factories
from voting.actions import toggle_support

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    return factories.make_staff(roles.MODERATOR, username="moderator_fragmen")


@pytest.fixture
def cycle(db, regions):
    return factories.make_cycle()


@pytest.fixture
def ideas(cycle, moderator):
    return [
        factories.public_idea(cycle, moderator, title=f"Ide kebun sekolah {n}")
        for n in range(3)
    ]


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def card_ids(html):
    return [
        int(pk) for pk in re.findall(r'<article class="idea-card" id="ide-(\d+)"', html)
    ]


def count_shown(html, idea):
    match = re.search(rf'data-count-for="{idea.pk}">(\d+)<', html)
    return int(match.group(1))


def pressed(html, idea):
    form = re.search(
        rf'action="/usulan/{idea.pk}/dukung/".*?aria-pressed="(true|false)"', html, re.S
    )
    return form.group(1) == "true"


def test_a_hidden_idea_leaves_the_kept_list_at_once(client, ideas):
    first = client.get("/usulan/").content.decode()
    assert set(card_ids(first)) == {idea.pk for idea in ideas}
    # Hidden behind the cache's back (no signal): the page still reads
    # which ideas are public on every request.
    Proposal.objects.filter(pk=ideas[0].pk).update(status=Proposal.Status.HIDDEN)
    again = client.get("/usulan/").content.decode()
    assert ideas[0].pk not in card_ids(again)
    assert "Ide kebun sekolah 0" not in again
    assert client.get(f"/usulan/{ideas[0].pk}/").status_code == 404


def test_an_escalated_idea_leaves_the_kept_detail_page_at_once(
    client, ideas, moderator
):
    assert client.get(f"/usulan/{ideas[1].pk}/").status_code == 200
    proposal_actions.escalate(ideas[1], moderator, "Mungkin ada anak dalam bahaya.")
    assert client.get(f"/usulan/{ideas[1].pk}/").status_code == 404
    assert ideas[1].pk not in card_ids(client.get("/usulan/").content.decode())


def test_counts_and_pressed_buttons_are_each_visitors_own_and_current(ideas):
    ani, budi = factories.make_children(2)
    ani_client, budi_client = client_for(ani), client_for(budi)
    idea = ideas[2]
    for client in (ani_client, budi_client, Client()):
        page = client.get("/usulan/").content.decode()  # the list is now kept
        assert count_shown(page, idea) == 0
    toggle_support(ani, idea.pk)
    for url in ("/usulan/", f"/usulan/{idea.pk}/"):
        ani_client.get(url)
        ani_page = ani_client.get(url).content.decode()
        budi_page = budi_client.get(url).content.decode()
        assert count_shown(ani_page, idea) == 1
        assert count_shown(budi_page, idea) == 1
        assert pressed(ani_page, idea) is True
        assert pressed(budi_page, idea) is False
        assert "Kamu mendukung ✓" in ani_page
    # Each form carries its visitor's own CSRF token, never another's.
    ani_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', ani_page)
    assert ani_token and ani_token.group(1) not in budi_page


def test_the_no_javascript_support_form_comes_back_to_a_current_page(ideas):
    child = factories.make_child()
    client = client_for(child)
    idea = ideas[0]
    assert count_shown(client.get("/usulan/").content.decode(), idea) == 0
    response = client.post(
        f"/usulan/{idea.pk}/dukung/", {"next": "/usulan/"}, follow=True
    )
    page = response.content.decode()
    assert count_shown(page, idea) == 1
    assert pressed(page, idea) is True


def test_a_newly_published_idea_shows_without_waiting(client, ideas, cycle, moderator):
    assert len(card_ids(client.get("/usulan/").content.decode())) == 3
    newcomer = factories.public_idea(
        cycle, moderator, title="Ide perpustakaan keliling"
    )
    page = client.get("/usulan/").content.decode()
    assert newcomer.pk in card_ids(page)
    assert "4 ide" in page


def test_a_deleted_childs_nickname_is_gone_at_once(client, cycle, moderator):
    child = factories.make_child(nickname="Melati")
    idea = factories.public_idea(cycle, moderator, proposer=child)
    for url in ("/usulan/", f"/usulan/{idea.pk}/"):
        assert "Melati" in client.get(url).content.decode()
    account_actions.delete_child_account(child)
    for url in ("/usulan/", f"/usulan/{idea.pk}/"):
        page = client.get(url).content.decode()
        assert "Melati" not in page
        assert "Anak dari Kecamatan" in page


def test_a_search_is_never_kept(client, ideas, cycle, moderator):
    assert "Ide pasar" not in client.get("/usulan/?q=pasar").content.decode()
    Proposal.objects.filter(pk=ideas[0].pk).update(title="Ide pasar anak")
    # A title changed behind the cache's back shows at once in a search
    # (never kept), and a filter page picks it up when the idea next changes.
    assert "Ide pasar anak" in client.get("/usulan/?q=pasar").content.decode()
