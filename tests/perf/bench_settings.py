"""Production settings plus the benchmark's minimal baseline view.

Only ``make bench`` uses this module: it adds ``/bench/baseline/`` (see
``bench_urls``) and changes nothing else, so every other route runs exactly
as deployed."""

from pathlib import Path

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
# Its own collected static files, so that a collectstatic elsewhere on the
# machine never changes the manifest under a running benchmark.
STATIC_ROOT = Path(env("BENCH_STATIC_ROOT", str(BASE_DIR / ".bench" / "static")))  # noqa: F405

# For the ASGI comparison only (run_bench.sh sets BENCH_DB_POOL=1 for daphne):
# under ASGI every request runs in its own thread, so persistent connections
# (CONN_MAX_AGE=60) pile up until PostgreSQL refuses more ("too many clients");
# Django's answer is its psycopg pool, which needs CONN_MAX_AGE=0.
if env("BENCH_DB_POOL") == "1":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": 2,
        "max_size": env_int("BENCH_DB_POOL_SIZE", 8),  # noqa: F405
        "timeout": 20,
    }
