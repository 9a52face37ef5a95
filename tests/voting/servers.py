"""Real servers for the tests that need websockets across processes and
browsers: a throwaway database (migrated and seeded by ``manage.py`` in
subprocesses) and daphne processes serving the portal over HTTP and
websockets, as ``make run`` and production do."""

import contextlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The PostgreSQL server of these machines (trust auth). Its superuser exists on
# every machine of this kind; CI's `musrenbang` role may not exist yet when
# `make test` runs outside .ci/run. Override with TEST_POSTGRES_URL.
POSTGRES_SERVER = os.environ.get(
    "TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
).rstrip("/")
POSTGRES_ADMIN = f"{POSTGRES_SERVER}/postgres"


def server_env(database_url, **extra):
    """The environment of a development server with DEBUG off: without the
    variables of the test run (the e2e suite's DJANGO_ALLOW_ASYNC_UNSAFE,
    pytest's own DATABASE_URL)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
        and not k.startswith("PYTEST_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_postgres():
    """A new, empty PostgreSQL database, dropped afterwards."""
    import psycopg

    name = f"musrenbang_tmp_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES_SERVER}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args, timeout=180):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


SEED = """
import json
from proposals.setup import ensure_moderation_setup
from tests import factories
ensure_moderation_setup()
factories.make_regions()
idea = factories.public_idea(factories.make_cycle(), title="Lapangan voli di desa kami")
for username in {usernames!r}:
    factories.make_child(username=username, nickname=username.title(), password={password!r})
print("SEED " + json.dumps({{"idea": idea.pk}}))
"""


def migrate_and_seed(env, usernames, password):
    """Migrate the throwaway database and create one public idea and the
    given children; returns the idea's id."""
    manage(env, "migrate", "--noinput", "-v0")
    out = manage(
        env, "shell", "-c", SEED.format(usernames=list(usernames), password=password)
    )
    return json.loads(re.search(r"^SEED (.*)$", out, re.M).group(1))["idea"]


class Daphne:
    """One daphne process; its output goes to a log file for diagnosis."""

    def __init__(self, env, log_dir, name="daphne"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"{name}-{self.port}.log"
        self.access_log = Path(log_dir) / f"{name}-{self.port}-access.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                str(BIN / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "--access-log",
                str(self.access_log),
                "portal.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def wait_healthy(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"daphne exited:\n{self.log()}"
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return json.loads(r.read())
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"daphne did not answer /healthz:\n{self.log()}")

    def websocket_connections(self):
        if not self.access_log.exists():
            return 0
        return len(re.findall(r"\bWSCONNECT\b", self.access_log.read_text()))

    def wait_for_websockets(self, count, timeout=10):
        """Until ``count`` websockets were accepted (subscribed) here."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.websocket_connections() >= count:
                return
            time.sleep(0.05)
        raise AssertionError(
            f"{self.websocket_connections()} websocket(s) accepted, "
            f"{count} expected:\n{self.log()}"
        )

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


@contextlib.contextmanager
def daphnes(env, log_dir, count=1):
    servers = []
    try:
        for n in range(count):
            servers.append(Daphne(env, log_dir, name=f"daphne{n}"))
        for server in servers:
            server.wait_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpSession:
    """A phone's browser without JavaScript: cookies, CSRF token, forms."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _KeepRedirects()
        )

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)

    def request(self, method, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(
            self.base_url + path, data=body, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(req, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def sign_in(self, username, password):
        status, _, _ = self.request("GET", "/akun/masuk/")
        assert status == 200
        status, headers, body = self.request(
            "POST",
            "/akun/masuk/",
            {
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
                "login": username,
                "password": password,
            },
        )
        assert status == 302, (status, body[:500])
        return headers["Location"]

    def post(self, path, data=None, headers=None):
        return self.request(
            "POST",
            path,
            {"csrfmiddlewaretoken": self.cookie("csrftoken"), **(data or {})},
            headers=headers,
        )
