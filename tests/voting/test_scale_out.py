"""Two daphne processes behind one Redis: a support made through one
process reaches a phone whose websocket is held by the other, as when a
reverse proxy spreads children over several workers.

Real processes, a throwaway PostgreSQL database and Redis database 15; the
same in the SQLite and the PostgreSQL run of the suite."""

import json
import time

import pytest
import redis
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.voting.servers import (
    HttpSession,
    daphnes,
    migrate_and_seed,
    server_env,
    throwaway_postgres,
)

REDIS_URL = "redis://127.0.0.1:6379/15"
PASSWORD = "pelangi-sore-77"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """Started once for this module: migrating a database takes ~20 s."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    with throwaway_postgres() as database_url:
        env = server_env(database_url, REDIS_URL=REDIS_URL)
        idea = migrate_and_seed(env, ["sekar", "tari"], PASSWORD)
        logs = tmp_path_factory.mktemp("daphne")
        with daphnes(env, logs, count=2) as (a, b):
            yield a, b, idea
    redis.Redis.from_url(REDIS_URL).flushdb()


def ws_url(server, idea):
    return server.url.replace("http://", "ws://") + f"/ws/dukungan/?ids={idea}"


def test_a_support_on_one_process_reaches_a_phone_on_the_other(two_servers):
    a, b, idea = two_servers
    for server in (a, b):
        assert server.wait_healthy() == {
            "status": "ok",
            "database": "ok",
            "channel_layer": "ok",
        }

    with (
        connect(ws_url(b, idea), origin=b.url, open_timeout=5) as on_b,
        connect(ws_url(a, idea), origin=a.url, open_timeout=5) as on_a,
    ):
        phone = HttpSession(a.url)
        phone.sign_in("sekar", PASSWORD)
        started = time.monotonic()
        status, headers, body = phone.post(
            f"/usulan/{idea}/dukung/", headers={"Accept": "application/json"}
        )
        assert status == 200, body[:500]
        assert json.loads(body) == {"supported": True, "count": 1}

        message = json.loads(on_b.recv(timeout=5))
        assert message == {"type": "count", "id": idea, "count": 1}
        assert time.monotonic() - started < 5
        assert json.loads(on_a.recv(timeout=5)) == message

        # A second child on process B: the count on A's socket follows.
        other = HttpSession(b.url)
        other.sign_in("tari", PASSWORD)
        status, _, body = other.post(
            f"/usulan/{idea}/dukung/", headers={"Accept": "application/json"}
        )
        assert json.loads(body) == {"supported": True, "count": 2}
        # A and B each send at most one update per idea per second.
        assert json.loads(on_a.recv(timeout=5))["count"] == 2
        assert json.loads(on_b.recv(timeout=5))["count"] == 2

    # Both processes show the same count on the idea's page.
    for server in (a, b):
        status, _, body = HttpSession(server.url).request("GET", f"/usulan/{idea}/")
        assert status == 200
        assert f'<strong data-count-for="{idea}">2</strong>' in body.decode()


def test_a_page_of_another_site_cannot_open_the_socket(two_servers):
    a, _b, idea = two_servers
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url(a, idea), origin="http://evil.example", open_timeout=5)
    assert refused.value.response.status_code == 403
