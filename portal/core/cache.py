"""The production cache: Django's Redis cache, faster and made to survive a
Redis outage.

``RedisCache`` keeps one client object per connection pool. Django's
``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache
operation, and ``redis.Redis.__init__`` fills a table of ~170 response
callbacks each time: ~0.13 ms of CPU per operation here, and every request
makes three to five (session, rate limit, page fragments). A ``redis.Redis``
is safe to share between threads (it takes a connection from its pool for
each command), so one per pool is enough.

``incr`` takes one round trip instead of two.

``ResilientRedisCache`` (the one the settings use) also falls back to the
process's memory while Redis does not answer.
"""

import logging
import threading
import time

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


# INCRBY only if the key exists, in one round trip (a Lua script runs
# atomically on the server). nil when the key is missing.
INCR_EXISTING = (
    "if redis.call('exists', KEYS[1]) == 1 then "
    "return redis.call('incrby', KEYS[1], ARGV[1]) end return false"
)


class RedisCacheClient(django_redis.RedisCacheClient):
    def incr(self, key, delta):
        """Django's ``incr`` asks ``EXISTS`` and then ``INCRBY``: two round
        trips for every rate-limited request (django-ratelimit calls ``add``
        and then ``incr``). The script does both on the server in one."""
        value = self.get_client(key, write=True).eval(INCR_EXISTING, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(index)
        if client is None:
            client = clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)
OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that Redis not answering is not an error.

    Everything the portal keeps in the cache can be rebuilt: rate-limit
    counters, cached sessions (their rows are in the database), Wagtail's
    site paths. So while Redis does not answer, every operation goes to a
    local-memory cache of this process instead, and Redis is tried again
    every ``retry_after`` seconds; pages and supports keep working. Rate
    limits then count per worker process (a little looser, never off) until
    Redis is back. Without this, the first ``cache.add`` of django-ratelimit
    turned every support into a 500 for as long as Redis was down."""

    retry_after = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"redis-fallback-{id(self)}", params)
        self._down_until = 0.0
        self._down_since = None
        self._lock = threading.Lock()

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(RedisCache, name)(self, *args, **kwargs)
            except REDIS_UNAVAILABLE as error:
                with self._lock:
                    self._down_until = time.monotonic() + self.retry_after
                    if self._down_since is None:
                        self._down_since = time.monotonic()
                        logger.warning(
                            "Redis cache unavailable (%s); using this process's "
                            "memory until it answers again",
                            error,
                        )
            else:
                if self._down_since is not None:
                    with self._lock:
                        if self._down_since is not None:
                            logger.warning(
                                "Redis cache answers again after %.0f s",
                                time.monotonic() - self._down_since,
                            )
                            self._down_since = None
                return result
        return getattr(self._fallback, name)(*args, **kwargs)


def _operation(name):
    def operation(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = getattr(RedisCache, name).__doc__
    return operation


for _name in OPERATIONS:
    setattr(ResilientRedisCache, _name, _operation(_name))
