"""Outcomes reach the proposer live when they are online."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from proposals import musrenbang
from tests.proposals.helpers import shortlisted


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_proposer_hears_the_tiket_emas_live(staff, cycle):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from portal.asgi import application

    idea = await database_sync_to_async(shortlisted)(cycle, staff)
    proposer = await database_sync_to_async(lambda: idea.proposer)()

    def session_for(user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "portal.accounts.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        return session.session_key

    key = await database_sync_to_async(session_for)(proposer)
    communicator = WebsocketCommunicator(
        application,
        "/ws/kabar/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"cookie", f"sessionid={key}".encode()),
        ],
    )
    connected, _ = await communicator.connect()
    assert connected
    await database_sync_to_async(musrenbang.award_golden_ticket)(
        idea, staff["moderator"], "kabupaten", "Terbaik."
    )
    message = await communicator.receive_json_from(timeout=3)
    assert message["type"] == "notification" and "Tiket emas" in message["title"]
    assert set(message) == {"type", "title"}
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_anonymous_sockets_are_refused():
    from portal.asgi import application

    communicator = WebsocketCommunicator(
        application, "/ws/kabar/", headers=[(b"origin", b"http://localhost")]
    )
    connected, _ = await communicator.connect()
    assert not connected
