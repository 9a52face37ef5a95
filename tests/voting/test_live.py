"""Live counts over the websocket /ws/dukungan/?ids=…: what a page that is
open on a phone receives when children support an idea, who may connect,
how bursts are coalesced, and that a broken channel layer never breaks a
support."""

import importlib
import logging
import time

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client, override_settings

from portal.accounts import actions as account_actions
from proposals import actions as proposal_actions
from tests import factories
from tests.factories import stored_count, support_rows
from voting.actions import toggle_support
from voting.live import broadcast_count

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = [(b"origin", b"http://localhost")]


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """Each async test has its own event loop; the in-memory layer's queues
    belong to the loop that created them."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def application(settings):
    """The ASGI application exactly as ``portal/asgi.py`` builds it, with
    ALLOWED_HOSTS as on a real server (the test settings allow "*", which
    would let any origin in)."""
    import portal.asgi

    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    original = portal.asgi.application
    importlib.reload(portal.asgi)
    yield portal.asgi.application
    portal.asgi.application = original


def socket(application, *ids, origin=ORIGIN):
    query = ",".join(str(i) for i in ids)
    return WebsocketCommunicator(
        application, f"/ws/dukungan/?ids={query}", headers=origin
    )


async def collect(communicator, seconds):
    """Every message that arrives within ``seconds``, with its arrival time."""
    received = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await communicator.receive_nothing(timeout=0.01, interval=0.005):
            continue
        received.append((time.monotonic(), await communicator.receive_json_from()))
    return received


support = database_sync_to_async(toggle_support)


@pytest.fixture
def children(regions):
    return factories.make_children(5)


@pytest.mark.asyncio
async def test_a_support_reaches_an_open_page_with_the_count_only(
    application, idea, children
):
    communicator = socket(application, idea.pk)
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_nothing(timeout=0.2)

    await support(children[0], idea.pk)
    message = await communicator.receive_json_from(timeout=1)
    assert message == {"type": "count", "id": idea.pk, "count": 1}
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.parametrize("fresh", ["fresh", "segar"])  # segar: a pre-glossary page
async def test_a_page_that_reconnects_gets_the_counts_it_missed(
    application, idea, ideas, children, fresh
):
    """live.js reconnects with ``fresh=1`` after its socket closed (a Redis
    restart drops every socket): the supports made meanwhile show at once."""
    await support(children[0], idea.pk)
    await support(children[1], idea.pk)
    other = ideas[0]
    communicator = WebsocketCommunicator(
        application, f"/ws/dukungan/?ids={idea.pk},{other.pk}&{fresh}=1", headers=ORIGIN
    )
    assert (await communicator.connect())[0]
    received = sorted(
        [m for _, m in await collect(communicator, 0.5)], key=lambda m: m["id"]
    )
    assert received == [
        {"type": "count", "id": idea.pk, "count": 2},
        {"type": "count", "id": other.pk, "count": 0},
    ]
    await support(children[2], idea.pk)
    assert await communicator.receive_json_from(timeout=2) == {
        "type": "count",
        "id": idea.pk,
        "count": 3,
    }
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_withdrawal_reaches_it_too(application, idea, children):
    await support(children[0], idea.pk)
    communicator = socket(application, idea.pk)
    assert (await communicator.connect())[0]
    await support(children[0], idea.pk)
    assert await communicator.receive_json_from(timeout=1) == {
        "type": "count",
        "id": idea.pk,
        "count": 0,
    }
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_page_of_another_site_cannot_listen(application, idea):
    communicator = socket(
        application, idea.pk, origin=[(b"origin", b"http://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_connection_without_origin_is_refused(application, idea):
    communicator = socket(application, idea.pk, origin=[])
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


@pytest.fixture
def hidden_idea(cycle, moderator, regions):
    """One idea waiting for moderation, one escalated to safeguarding."""
    waiting = factories.submit_idea(factories.make_child(), cycle)
    escalated = factories.public_idea(cycle, moderator)
    proposal_actions.escalate(escalated, moderator, "Anak mungkin dalam bahaya")
    return waiting, escalated


@pytest.mark.asyncio
async def test_only_public_ideas_are_subscribed(application, idea, hidden_idea):
    waiting, escalated = hidden_idea
    communicator = socket(application, waiting.pk, idea.pk, escalated.pk)
    assert (await communicator.connect())[0]

    for pk in (waiting.pk, escalated.pk):
        await database_sync_to_async(broadcast_count)(pk, 3)
    assert await communicator.receive_nothing(timeout=0.3)

    await database_sync_to_async(broadcast_count)(idea.pk, 4)
    assert await communicator.receive_json_from(timeout=1) == {
        "type": "count",
        "id": idea.pk,
        "count": 4,
    }
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_socket_with_no_public_idea_is_closed(application, hidden_idea):
    waiting, escalated = hidden_idea
    for query in [(waiting.pk, escalated.pk), ("abc",), (987654,), ()]:
        communicator = socket(application, *query)
        connected, code = await communicator.connect()
        assert not connected
        assert code == 4400  # live.js does not retry this one
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_burst_is_coalesced_to_one_update_per_second(
    application, idea, children
):
    communicator = socket(application, idea.pk)
    assert (await communicator.connect())[0]

    started = time.monotonic()
    await support(children[0], idea.pk)
    first_at, first = (await collect(communicator, 0.3))[0]
    assert first == {"type": "count", "id": idea.pk, "count": 1}
    assert first_at - started < 0.5, "the first update is sent at once"

    for child in children[1:]:
        await support(child, idea.pk)
    assert time.monotonic() - started < 0.9, "precondition: a burst within 1 s"
    assert await database_sync_to_async(stored_count)(idea) == 5

    later = await collect(communicator, 1.2)
    assert len(later) <= 1, [m for _, m in later]
    assert later, "the final count must arrive"
    (second_at, second) = later[-1]
    assert second == {"type": "count", "id": idea.pk, "count": 5}
    assert second_at - first_at >= 0.9
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_a_deleted_account_updates_the_open_pages(application, idea, children):
    for child in children[:3]:
        await support(child, idea.pk)
    communicator = socket(application, idea.pk)
    assert (await communicator.connect())[0]
    await database_sync_to_async(account_actions.delete_child_account)(children[0])
    assert await communicator.receive_json_from(timeout=1) == {
        "type": "count",
        "id": idea.pk,
        "count": 2,
    }
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_several_ideas_on_one_page(application, idea, ideas, children):
    communicator = socket(application, *[p.pk for p in [idea, *ideas]])
    assert (await communicator.connect())[0]
    await support(children[0], ideas[1].pk)
    await support(children[0], idea.pk)
    received = [m for _, m in await collect(communicator, 0.5)]
    assert received == [
        {"type": "count", "id": ideas[1].pk, "count": 1},
        {"type": "count", "id": idea.pk, "count": 1},
    ]
    await communicator.disconnect()


def test_a_broken_channel_layer_does_not_break_a_support(idea, children, caplog):
    """Redis is down (nothing listens on port 1): the child's support is
    saved and answered as usual; the failure is logged for the operators."""
    client = Client()
    client.force_login(children[0])
    broken = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    with override_settings(CHANNEL_LAYERS=broken), caplog.at_level(logging.ERROR):
        channel_layers.backends.clear()
        started = time.monotonic()
        response = client.post(
            f"/usulan/{idea.pk}/dukung/", HTTP_ACCEPT="application/json"
        )
        took = time.monotonic() - started
        channel_layers.backends.clear()

    assert response.status_code == 200
    assert response.json() == {"supported": True, "count": 1}
    assert stored_count(idea) == support_rows(idea) == 1
    assert took < 5, f"the support waited {took:.1f} s for the broken layer"
    errors = [r for r in caplog.records if r.name == "voting.live"]
    assert errors and errors[0].levelno == logging.ERROR
    assert f"idea {idea.pk}" in errors[0].getMessage()


@pytest.mark.asyncio
async def test_once_an_idea_is_hidden_its_open_pages_hear_nothing_more_of_it(
    application, idea, ideas, children, moderator
):
    """A page subscribed while the idea was public is told it is gone and
    then receives no count of it, whatever sends one (a withdrawal by a
    deleted account, a repair, a late message); the other idea on the page
    still updates."""
    other = ideas[0]
    await support(children[0], idea.pk)
    communicator = socket(application, idea.pk, other.pk)
    assert (await communicator.connect())[0]

    await database_sync_to_async(proposal_actions.escalate)(
        idea, moderator, "Anak mungkin dalam bahaya"
    )
    assert await communicator.receive_json_from(timeout=1) == {
        "type": "gone",
        "id": idea.pk,
    }
    await database_sync_to_async(broadcast_count)(idea.pk, 7)
    await database_sync_to_async(account_actions.delete_child_account)(children[0])
    assert await communicator.receive_nothing(timeout=0.3)

    await support(children[1], other.pk)
    assert await communicator.receive_json_from(timeout=1) == {
        "type": "count",
        "id": other.pk,
        "count": 1,
    }
    await communicator.disconnect()
