"""The production cache (portal.core.cache.RedisCache) against the Redis
server of these machines (127.0.0.1:6379, a database of its own)."""

import uuid

import pytest

from portal.core.cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def cache():
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": f"t{uuid.uuid4().hex[:8]}"})
    yield backend
    backend.clear()


def test_values_round_trip_and_expire_like_djangos_redis_cache(cache):
    cache.set("fragment", [("a", 1, "b"), "tail"], 30)
    assert cache.get("fragment") == [("a", 1, "b"), "tail"]
    assert cache.add("fragment", "other", 30) is False
    assert cache.add("counter", 0, 30) is True
    assert cache.incr("counter") == 1
    assert cache.get("counter") == 1
    cache.set("gone", 1, 0)  # a timeout of 0 never stores
    assert cache.get("gone") is None
    assert cache.get_many(["fragment", "counter"]) == {
        "fragment": [("a", 1, "b"), "tail"],
        "counter": 1,
    }


def test_incr_counts_an_existing_key_and_refuses_a_missing_one(cache):
    """Django's contract for ``incr``, which django-ratelimit relies on,
    now kept by one Lua script on the server."""
    assert cache.add("hits", 5, 30) is True
    assert cache.incr("hits") == 6
    assert cache.incr("hits", 10) == 16
    assert cache.decr("hits", 2) == 14
    assert cache.get("hits") == 14
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")
    assert cache.get("never-set") is None  # not created by the refusal
    cache.set("gone", 1, 1)
    cache.delete("gone")
    with pytest.raises(ValueError):
        cache.incr("gone")


def test_incr_is_one_round_trip(cache, monkeypatch):
    client = cache._cache.get_client(write=True)
    cache.add("hits", 0, 30)
    sent = []
    real = client.execute_command

    def counting(*args, **options):
        sent.append(args[0])
        return real(*args, **options)

    monkeypatch.setattr(client, "execute_command", counting)
    assert cache.incr("hits") == 1
    assert sent == ["EVAL"]


def test_one_client_object_serves_every_operation(cache):
    clients = {id(cache._cache.get_client(write=w)) for w in (True, False) * 3}
    cache.set("k", "v", 30)
    cache.get("k")
    assert len(clients) == 1
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_a_dead_server_fails_loudly_not_silently():
    import redis

    dead = RedisCache("redis://127.0.0.1:1/0", {})
    with pytest.raises(redis.exceptions.ConnectionError):
        dead.get("anything")
