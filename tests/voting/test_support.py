"""Supporting an idea: one tap supports, a second withdraws, through the
action and through POST /usulan/<id>/dukung/ (fetch or a plain form);
who may support, which ideas, in which cycle, and the per-cycle limit as
the child sees it on the pages."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from portal.accounts import roles
from proposals import actions as proposal_actions
from proposals.models import Cycle
from tests import factories
from tests.factories import make_child, make_staff, stored_count, support_rows
from voting.actions import SupportRefused, toggle_support
from voting.models import Support

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
# Measured (SQLite and PostgreSQL) for a signed-in child in a cycle with a
# limit, once the page's shared part is kept (proposals/fragments.py): the
# user with her profile, the cycle, the ideas public now with their counts,
# which of them she supports, what she has left; the detail page also reads
# her consent (may she report the idea?).
LIST_QUERIES = 5
DETAIL_QUERIES = 7


def support_url(idea):
    return f"/usulan/{idea.pk}/dukung/"


def detail_url(idea):
    return f"/usulan/{idea.pk}/"


def tap(client, idea, **data):
    """What live.js sends: the form's fields, asking for JSON."""
    return client.post(support_url(idea), data, **JSON)


def shown_messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def remaining_shown(html):
    """The number after "sisa dukunganmu" on a page, or None."""
    found = re.findall(r"<strong data-remaining>(\d+)</strong>", html)
    assert len(found) <= 1, "the remaining allowance is shown more than once"
    return int(found[0]) if found else None


def pressed_buttons(html):
    return len(re.findall(r'aria-pressed="true"', html))


@pytest.fixture
def bunga(regions):
    return make_child(username="bunga2013", nickname="Bunga")


@pytest.fixture
def bunga_client(bunga):
    client = Client()
    client.force_login(bunga)
    return client


# --- the action ---------------------------------------------------------------


def test_one_tap_supports_and_a_second_tap_withdraws(bunga, idea):
    first = toggle_support(bunga, idea.pk)
    assert (first.supported, first.count) == (True, 1)
    assert Support.objects.filter(child=bunga, proposal=idea).count() == 1
    assert stored_count(idea) == 1

    second = toggle_support(bunga, idea.pk)
    assert (second.supported, second.count) == (False, 0)
    assert not Support.objects.filter(child=bunga, proposal=idea).exists()
    assert stored_count(idea) == 0


def test_supports_of_different_children_add_up(idea):
    children = factories.make_children(3)
    for n, child in enumerate(children, start=1):
        assert toggle_support(child, idea.pk).count == n
    assert stored_count(idea) == support_rows(idea) == 3
    assert toggle_support(children[1], idea.pk).count == 2
    assert stored_count(idea) == support_rows(idea) == 2


# --- POST /usulan/<id>/dukung/ -----------------------------------------------


def test_a_tap_through_fetch_answers_json(bunga_client, bunga, idea):
    response = tap(bunga_client, idea)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"supported": True, "count": 1}
    assert Support.objects.filter(child=bunga, proposal=idea).exists()

    response = tap(bunga_client, idea)
    assert response.json() == {"supported": False, "count": 0}
    assert support_rows(idea) == stored_count(idea) == 0


def test_the_detail_page_shows_the_new_count_and_the_pressed_button(bunga_client, idea):
    page = bunga_client.get(detail_url(idea)).content.decode()
    assert f'<strong data-count-for="{idea.pk}">0</strong>' in page
    assert "Kamu mendukung ✓</button>" not in page

    tap(bunga_client, idea)
    page = bunga_client.get(detail_url(idea)).content.decode()
    assert f'<strong data-count-for="{idea.pk}">1</strong>' in page
    assert 'aria-pressed="true"' in page
    assert "Kamu mendukung ✓</button>" in page


def test_a_plain_form_goes_back_to_where_the_child_was(bunga_client, idea):
    next_url = "/usulan/?q=taman&sort=supports"
    response = bunga_client.post(support_url(idea), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == f"{next_url}#ide-{idea.pk}"
    assert support_rows(idea) == stored_count(idea) == 1

    page = bunga_client.get(response["Location"])
    assert "Kamu mendukung ide ini." in shown_messages(page)

    response = bunga_client.post(
        support_url(idea), {"next": detail_url(idea)}, follow=True
    )
    assert response.redirect_chain == [(f"{detail_url(idea)}#ide-{idea.pk}", 302)]
    assert "Dukunganmu dibatalkan." in shown_messages(response)
    assert f'<strong data-count-for="{idea.pk}">0</strong>' in response.content.decode()


@pytest.mark.parametrize(
    "foreign",
    ["https://evil.example/", "//evil.example/usulan/", "http://evil.example/x"],
)
def test_a_foreign_next_goes_to_the_detail_page(bunga_client, idea, foreign):
    response = bunga_client.post(support_url(idea), {"next": foreign})
    assert response.status_code == 302
    assert response["Location"] == detail_url(idea)
    assert support_rows(idea) == 1


def test_a_foreign_referer_is_not_followed_either(bunga_client, idea):
    response = bunga_client.post(
        support_url(idea), HTTP_REFERER="https://evil.example/phish"
    )
    assert response["Location"] == detail_url(idea)


def test_csrf_is_enforced(bunga, idea):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bunga)
    response = client.post(support_url(idea), **JSON)
    assert response.status_code == 403
    assert support_rows(idea) == stored_count(idea) == 0

    # The page's own form carries the token and works.
    page = client.get(detail_url(idea)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(support_url(idea), {"csrfmiddlewaretoken": token}, **JSON)
    assert response.status_code == 200
    assert response.json() == {"supported": True, "count": 1}


def test_only_post_is_accepted(bunga_client, idea):
    assert bunga_client.get(support_url(idea)).status_code == 405
    assert support_rows(idea) == 0


# --- who may support ------------------------------------------------------------


def test_staff_cannot_support(idea, moderator):
    client = Client()
    client.force_login(moderator)
    response = tap(client, idea)
    assert response.status_code == 403
    assert response.json() == {"error": "Hanya anak yang bisa mendukung ide."}

    response = client.post(support_url(idea), {"next": detail_url(idea)}, follow=True)
    assert "Hanya anak yang bisa mendukung ide." in shown_messages(response)
    assert support_rows(idea) == stored_count(idea) == 0


def test_a_facilitator_cannot_support_either(idea):
    facilitator = make_staff(roles.FASILITATOR)
    with pytest.raises(SupportRefused):
        toggle_support(facilitator, idea.pk)
    assert support_rows(idea) == stored_count(idea) == 0


def test_a_child_without_consent_is_refused_kindly(idea, regions):
    child = make_child(consent=False)
    client = Client()
    client.force_login(child)
    response = tap(client, idea)
    assert response.status_code == 403
    assert "izin orang tua/wali" in response.json()["error"]

    response = client.post(support_url(idea), {"next": detail_url(idea)}, follow=True)
    (message,) = shown_messages(response)
    assert message.startswith("Kamu perlu izin orang tua/wali dulu")
    assert support_rows(idea) == stored_count(idea) == 0


def test_a_visitor_is_sent_to_sign_in(anon, idea):
    response = anon.post(support_url(idea))
    assert response.status_code == 302
    assert response["Location"] == f"/akun/masuk/?next={detail_url(idea)}"

    response = tap(anon, idea)
    assert response.status_code == 401
    assert response.json() == {"error": "Masuk dulu untuk mendukung ide."}
    assert support_rows(idea) == 0


# --- which ideas, which cycle -------------------------------------------------------


def test_an_idea_in_moderation_cannot_be_supported(bunga_client, cycle, regions):
    waiting = factories.submit_idea(make_child(), cycle)
    response = tap(bunga_client, waiting)
    assert response.status_code == 404
    assert response.json() == {"error": "Ide ini tidak bisa didukung."}
    assert support_rows(waiting) == stored_count(waiting) == 0


def test_an_escalated_idea_cannot_be_supported(bunga_client, bunga, idea, moderator):
    proposal_actions.escalate(idea, moderator, "Anak mungkin dalam bahaya")
    response = tap(bunga_client, idea)
    assert response.status_code == 404
    assert "tidak bisa didukung" in response.json()["error"]
    with pytest.raises(SupportRefused):
        toggle_support(bunga, idea.pk)
    assert support_rows(idea) == stored_count(idea) == 0


def test_an_idea_that_does_not_exist(bunga_client):
    response = bunga_client.post("/usulan/987654/dukung/", **JSON)
    assert response.status_code == 404
    assert response.json() == {"error": "Ide itu tidak ada."}


def close(cycle):
    today = timezone.localdate()
    Cycle.objects.filter(pk=cycle.pk).update(
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=1),
    )


def test_a_closed_cycle_refuses_supports(bunga_client, idea, cycle):
    close(cycle)
    response = tap(bunga_client, idea)
    assert response.status_code == 409
    assert response.json() == {"error": "Siklus ide ini sudah ditutup."}

    response = bunga_client.post(
        support_url(idea), {"next": detail_url(idea)}, follow=True
    )
    assert "Siklus ide ini sudah ditutup." in shown_messages(response)
    assert support_rows(idea) == stored_count(idea) == 0


# --- the per-cycle limit -------------------------------------------------------------


@pytest.fixture
def limit_two(cycle):
    cycle.support_limit = 2
    cycle.save()
    return cycle


def test_the_third_support_is_refused_when_the_limit_is_two(
    bunga_client, bunga, ideas, limit_two
):
    first, second, third = ideas
    assert tap(bunga_client, first).json() == {
        "supported": True,
        "count": 1,
        "remaining": 1,
    }
    assert tap(bunga_client, second).json()["remaining"] == 0

    response = tap(bunga_client, third)
    assert response.status_code == 409
    assert "habis" in response.json()["error"]
    assert "2 ide" in response.json()["error"]
    assert support_rows(third) == stored_count(third) == 0

    response = bunga_client.post(
        support_url(third), {"next": detail_url(third)}, follow=True
    )
    (message,) = shown_messages(response)
    assert "habis" in message

    # Withdrawing one frees one.
    assert tap(bunga_client, first).json() == {
        "supported": False,
        "count": 0,
        "remaining": 1,
    }
    assert tap(bunga_client, third).json() == {
        "supported": True,
        "count": 1,
        "remaining": 0,
    }
    assert Support.objects.filter(child=bunga).count() == 2


def test_the_limit_counts_per_cycle(bunga, ideas, limit_two, moderator):
    last_year = factories.make_cycle(year=limit_two.year - 1)
    old = factories.public_idea(last_year, moderator)
    Support.objects.create(child=bunga, proposal=old)
    first, second, _third = ideas
    assert toggle_support(bunga, first.pk).remaining == 1
    assert toggle_support(bunga, second.pk).remaining == 0


def test_the_detail_page_tells_how_many_supports_are_left(
    bunga_client, ideas, limit_two
):
    first, second, third = ideas
    for supported, expected in [(None, 2), (first, 1), (second, 0)]:
        if supported:
            tap(bunga_client, supported)
        page = bunga_client.get(detail_url(third)).content.decode()
        assert "sisa dukunganmu" in page
        assert "paling banyak 2 ide" in page
        assert remaining_shown(page) == expected

    # The list agrees: as many pressed buttons as supports used.
    page = bunga_client.get("/usulan/").content.decode()
    assert remaining_shown(page) == 0
    assert pressed_buttons(page) == 2

    tap(bunga_client, first)
    page = bunga_client.get(detail_url(first)).content.decode()
    assert remaining_shown(page) == 1
    assert pressed_buttons(page) == 0


def test_without_a_limit_nothing_speaks_of_what_is_left(bunga_client, idea):
    tap(bunga_client, idea)
    for url in (detail_url(idea), "/usulan/"):
        page = bunga_client.get(url).content.decode()
        assert "sisa" not in page.lower()
        assert "data-remaining" not in page
        assert "paling banyak" not in page


def test_visitors_and_staff_see_the_rule_not_a_personal_remainder(
    anon, idea, limit_two, moderator
):
    staff = Client()
    staff.force_login(moderator)
    for client in (anon, staff):
        page = client.get(detail_url(idea)).content.decode()
        assert "setiap anak bisa mendukung paling banyak 2 ide" in page
        assert "sisa" not in page.lower()


@pytest.mark.parametrize("fate", ["merged", "escalated"])
def test_a_support_stuck_on_an_idea_that_left_for_good_does_not_use_up_the_limit(
    bunga_client, bunga, ideas, limit_two, moderator, fate
):
    """Bunga supported two ideas (limit 2). One of them is merged into the
    third idea (the portal tells its author "Dukung ide itu!") or escalated
    to safeguarding: it left the public pages for good, with Bunga's support
    on it. Her pages must not contradict each other (what is left is the
    limit minus the supports she can see), and she can back the kept idea.
    """
    first, second, kept = ideas
    tap(bunga_client, first)
    tap(bunga_client, second)
    if fate == "merged":
        proposal_actions.merge(second, kept, moderator)
    else:
        proposal_actions.escalate(second, moderator, "Anak mungkin dalam bahaya")

    page = bunga_client.get("/usulan/").content.decode()
    visible = pressed_buttons(page)
    assert remaining_shown(page) == 2 - visible, (
        f"the list shows {visible} supported idea(s) out of 2 allowed, "
        f"but says {remaining_shown(page)} left"
    )
    if not Support.objects.filter(child=bunga, proposal=kept).exists():
        response = tap(bunga_client, kept)
        assert response.status_code == 200, response.json()
        assert response.json()["supported"] is True
    kept_page = bunga_client.get(detail_url(kept)).content.decode()
    assert "Kamu mendukung ✓</button>" in kept_page


# --- queries ---------------------------------------------------------------------


def test_the_list_costs_the_same_queries_however_many_supports(
    bunga_client, bunga, ideas, limit_two, django_assert_max_num_queries
):
    bunga_client.get("/usulan/")  # first visit: per-site settings are created
    with django_assert_max_num_queries(LIST_QUERIES) as none_yet:
        bunga_client.get("/usulan/")
    for idea in ideas[:2]:
        toggle_support(bunga, idea.pk)
    with django_assert_max_num_queries(len(none_yet.captured_queries)):
        page = bunga_client.get("/usulan/").content.decode()
    assert pressed_buttons(page) == 2


def test_the_detail_page_costs_a_fixed_number_of_queries(
    bunga_client, bunga, ideas, limit_two, django_assert_max_num_queries
):
    bunga_client.get(detail_url(ideas[1]))  # first visit: per-site settings
    toggle_support(bunga, ideas[0].pk)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        page = bunga_client.get(detail_url(ideas[0])).content.decode()
    assert remaining_shown(page) == 1
    assert pressed_buttons(page) == 1


# --- the tap's own query agrees with the models ---------------------------------


def test_the_taps_query_agrees_with_is_public_and_is_open_in_every_case(
    bunga, idea, cycle
):
    """``checked_idea`` reads in one statement of its own what
    ``Proposal.is_public``, ``Cycle.is_open`` and an active consent say;
    every combination of the columns they look at must give the same answer
    as the models. "Public" has one definition, ``public_q()``: the tap
    compiles it, ``Proposal.objects.public()`` filters by it and
    ``Proposal.is_public`` reads it in Python; all three agree here."""
    from itertools import product

    from portal.accounts.models import ConsentRecord
    from proposals.models import Proposal
    from voting.actions import checked_idea

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    windows = {
        "open": (today - 30 * day, today + 30 * day),
        "opens today": (today, today + day),
        "closes today": (today - day, today),
        "closed": (today - 30 * day, today - day),
        "not yet": (today + day, today + 30 * day),
    }
    consent = bunga.active_consent
    other = factories.public_idea(cycle)
    cases = product(
        [True, False],
        Proposal.Status.values,
        [None, timezone.now()],
        windows.items(),
        [
            ConsentRecord.Status.ACTIVE,
            *[s for s in ConsentRecord.Status.values if s != "active"],
        ],
        [0, 3],
    )
    seen = set()
    for live, status, escalated_at, (
        window,
        (opens, closes),
    ), consent_status, limit in cases:
        if escalated_at and status != Proposal.Status.ESCALATED:
            continue  # a check constraint keeps these apart
        merged_into = other if status == Proposal.Status.MERGED else None
        Proposal.objects.filter(pk=idea.pk).update(
            live=live,
            status=status,
            escalated_at=escalated_at,
            merged_into=merged_into,
        )
        Cycle.objects.filter(pk=cycle.pk).update(
            opens_on=opens, closes_on=closes, support_limit=limit
        )
        ConsentRecord.objects.filter(pk=consent.pk).update(status=consent_status)
        model = Proposal.objects.select_related("cycle").get(pk=idea.pk)
        checked = checked_idea(bunga.pk, idea.pk)
        case = (live, status, escalated_at is not None, window, consent_status)
        assert checked.is_public == model.is_public, case
        assert Proposal.objects.public().filter(pk=idea.pk).exists() == (
            model.is_public
        ), case
        assert checked.cycle_open == model.cycle.is_open, case
        assert checked.has_consent == (consent_status == ConsentRecord.Status.ACTIVE), (
            case
        )
        assert (checked.pk, checked.cycle_id, checked.support_limit) == (
            idea.pk,
            cycle.pk,
            limit,
        )
        seen.add((checked.is_public, checked.cycle_open, checked.has_consent))
    assert len(seen) == 8  # every answer occurred


@pytest.mark.parametrize("pk", [0, -1, 2**63, 10**30])
def test_an_idea_number_no_column_can_hold_is_simply_not_there(bunga_client, pk):
    response = bunga_client.post(f"/usulan/{pk}/dukung/", **JSON)
    assert response.status_code == 404
