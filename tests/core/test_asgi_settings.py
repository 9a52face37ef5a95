"""Issue 11 item 13: the ASGI entry point (daphne, websockets) must never
fall back to the development settings (DEBUG on, any host, any websocket
Origin) when DJANGO_SETTINGS_MODULE is missing: like ``wsgi.py`` it
defaults to production, which refuses to start without its variables."""

import subprocess
import sys

import pytest

from tests.core.test_health_and_settings import PRODUCTION_ENV, ROOT, clean_environ

pytestmark = pytest.mark.django_db

PROBE = (
    "import portal.asgi;"
    "from django.conf import settings;"
    "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.ALLOWED_HOSTS)"
)


def import_asgi(extra):
    env = {
        k: v
        for k, v in clean_environ().items()
        if k not in PRODUCTION_ENV and k != "DEBUG"
    }
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_asgi_without_settings_variable_runs_production():
    production = {
        k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SETTINGS_MODULE"
    }
    result = import_asgi(production)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "portal.settings.production",
        "False",
        "['anak.bengkayangkab.go.id']",
    ]


def test_asgi_without_settings_or_secrets_fails_loudly():
    result = import_asgi({})
    assert result.returncode != 0
    assert "Production settings need these environment variables" in result.stderr
