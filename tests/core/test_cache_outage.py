"""A Redis outage must not break pages or supports: the cache falls back to
the process's memory until Redis answers again."""

import pytest
from django.core.cache import caches

from tests import factories

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every connection is refused, as when Redis is down.
REDIS_DOWN = {
    "default": {
        "BACKEND": "portal.core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_the_cache_keeps_answering_from_memory_while_redis_is_down(settings):
    settings.CACHES = REDIS_DOWN
    cache = caches["default"]
    assert cache.get("missing", "default") == "default"
    assert cache.add("counter", 1, 60) is True
    assert cache.add("counter", 1, 60) is False
    assert cache.incr("counter") == 2
    cache.set("key", "value")
    assert cache.get_many(["key", "counter"]) == {"key": "value", "counter": 2}
    cache.delete("key")
    assert cache.get("key") is None


def test_supports_and_pages_work_while_redis_is_down(settings, client):
    settings.CACHES = REDIS_DOWN
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    factories.make_regions()
    idea = factories.public_idea(factories.make_cycle(), title="Taman baca")
    child = factories.make_child(username="bunga2013", nickname="Bunga")
    client.force_login(child)

    response = client.post(f"/usulan/{idea.pk}/dukung/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["supported"] is True
    assert client.get("/usulan/").status_code == 200
    assert client.get(f"/usulan/{idea.pk}/").status_code == 200
