"""The fault drills' own little production: a PostgreSQL cluster and a Redis
server of their own (never the shared ones at 5432 and 6379, which the
drills stop and start), the portal served as the README's recipe serves it
(gunicorn sync workers for HTTP, daphne for /ws/, production settings), and
a small generated data set with signed-in children.

    with DrillEnvironment() as env:
        env.postgres.stop(); env.postgres.start()
        env.redis.stop(); env.redis.start()

Everything lives in one temporary folder (``DRILL_DIR`` to keep it) and
every process is stopped on exit. Works as root (PostgreSQL then runs as
the ``postgres`` user through ``runuser``) and as an ordinary user.
"""

import asyncio
import contextlib
import glob
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from tests.voting.servers import free_port  # noqa: E402

DRILL_CHILDREN = 64
DRILL_IDEAS = 200
DRILL_SUPPORTS = 2_000


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def postgres_bindir():
    """Debian keeps the server binaries out of PATH: the newest version."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2])
    )
    if not versions:
        sys.exit("The drills need the PostgreSQL server binaries (initdb, pg_ctl).")
    return Path(versions[-1])


class Postgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1, trust authentication,
    superuser ``postgres``."""

    def __init__(self, base_dir, port=None):
        self.bindir = postgres_bindir()
        self.dir = Path(base_dir) / "pg"
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        self.port = port or free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *args, check=True):
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def init(self):
        self.dir.mkdir(parents=True)
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.dir}'\nmax_connections = 100\n"
            )
        return self

    def start(self):
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.logfile), "-w", "start"
        )

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self):
        return (
            self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode
            == 0
        )

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def tool(self, name):
        """pg_dump, pg_restore, psql of the same version as the server."""
        return str(self.bindir / name)

    def connect(self, database="postgres"):
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True)


class Redis:
    """A throwaway redis-server on 127.0.0.1 that keeps nothing on disk:
    a restart loses every key, as a real Redis without persistence does."""

    def __init__(self, base_dir, port=None):
        self.port = port or free_port()
        self.logfile = Path(base_dir) / "redis.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.logfile),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"


class Process:
    """A server process with its output in a log file."""

    def __init__(self, name, command, env, log_dir):
        self.name = name
        self.log_path = Path(log_dir) / f"{name}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pid = self.process.pid

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


def children_pids(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return sorted(int(p) for p in f.read().split())
    except OSError:
        return []


class DrillEnvironment:
    """Own PostgreSQL and Redis, the data set, gunicorn + daphne, signed-in
    children. ``env.http_port`` is gunicorn's, ``env.ws_port`` daphne's."""

    def __init__(self, workers=2, children=DRILL_CHILDREN):
        keep = os.environ.get("DRILL_DIR")
        self.dir = Path(keep or tempfile.mkdtemp(prefix="musrenbang-drill-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.keep = bool(keep)
        if os.geteuid() == 0:
            os.chmod(self.dir, 0o755)  # the postgres user reaches its folder
        self.workers = workers
        self.children_count = children
        self.postgres = Postgres(self.dir)
        self.redis = Redis(self.dir)
        self.database = "musrenbang_drill"
        self.http_port = free_port()
        self.ws_port = free_port()
        self.servers = {}
        self.dataset = None
        self.children = []

    # -- environment of every process -------------------------------------
    def app_env(self, **extra):
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
            and not k.startswith("PYTEST_")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.perf.bench_settings",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1",
            CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{self.http_port}",
            DATABASE_URL=self.postgres.url(self.database),
            REDIS_URL=self.redis.url(0),
            # Plain HTTP on loopback: no TLS terminator in front (the
            # production recipe's nginx is exercised by make smoke-prod).
            SECURE_SSL_REDIRECT="0",
            CONN_MAX_AGE="60",
            TRUSTED_PROXY_COUNT="1",
            LOG_LEVEL="WARNING",
            BENCH_STATE_DIR=str(self.dir / "state"),
            BENCH_STATIC_ROOT=str(self.dir / "static"),
            MEDIA_ROOT=str(self.dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.dir / "private_media"),
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def manage(self, *args, timeout=300):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.app_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{result.stderr}")
        return result.stdout

    # -- life cycle ----------------------------------------------------------
    def __enter__(self):
        try:
            self.setup()
        except BaseException:
            self.teardown()
            raise
        return self

    def __exit__(self, *exc):
        self.teardown()

    def setup(self):
        self.secret_key = secrets.token_urlsafe(64)
        log(f"drill folder {self.dir}")
        self.postgres.init().start()
        log(f"own PostgreSQL cluster on 127.0.0.1:{self.postgres.port}")
        self.redis.start()
        log(f"own Redis on 127.0.0.1:{self.redis.port}")
        result = subprocess.run(
            [
                sys.executable,
                "tests/perf/generate_data.py",
                "--children",
                str(self.children_count),
                "--ideas",
                str(DRILL_IDEAS),
                "--supports",
                str(DRILL_SUPPORTS),
            ],
            cwd=ROOT,
            env=self.app_env(),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"generate_data.py:\n{result.stdout}{result.stderr}")
        self.dataset = json.loads((self.dir / "state" / "dataset.json").read_text())
        log(
            f"data set: {len(self.dataset['ideas'])} ideas, "
            f"{self.children_count} children, {self.dataset['supports']} supports"
        )
        self.manage("collectstatic", "--noinput", "-v0")
        self.start_servers()
        self.children = asyncio.run(self._sign_in())
        log(f"{len(self.children)} children signed in through /akun/masuk/")

    def start_servers(self):
        env = self.app_env()
        self.servers["gunicorn"] = Process(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "portal.wsgi",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.http_port}",
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            env,
            self.dir,
        )
        self.servers["daphne"] = Process(
            "daphne",
            [
                str(BIN / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(self.ws_port),
                "portal.asgi:application",
            ],
            env,
            self.dir,
        )
        for port in (self.http_port, self.ws_port):
            self.wait_healthy(port)
        log(
            f"gunicorn ({self.workers} sync workers) on 127.0.0.1:{self.http_port}, "
            f"daphne on 127.0.0.1:{self.ws_port}"
        )

    def wait_healthy(self, port, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, server in self.servers.items():
                if not server.alive():
                    raise RuntimeError(
                        f"{name} stopped:\n{server.log_path.read_text()[-3000:]}"
                    )
            try:
                url = f"http://127.0.0.1:{port}/healthz"
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"no /healthz on port {port} within {timeout} s")

    def worker_pids(self):
        return children_pids(self.servers["gunicorn"].pid)

    async def _sign_in(self):
        os.environ["BENCH_STATE_DIR"] = str(self.dir / "state")
        from tests.perf import load

        load.STATE_DIR = self.dir / "state"
        target = load.Target(self.http_port)
        return await load.prepare_children(
            target, self.dataset, self.children_count, concurrency=4
        )

    def teardown(self):
        for server in self.servers.values():
            server.stop()
        self.servers = {}
        with contextlib.suppress(Exception):
            self.redis.stop()
        with contextlib.suppress(Exception):
            self.postgres.stop("immediate")
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- reading the truth straight from PostgreSQL ---------------------------
    def support_rows(self):
        with self.postgres.connect(self.database) as conn:
            return {
                (child, idea)
                for child, idea in conn.execute(
                    "SELECT child_id, proposal_id FROM voting_support"
                )
            }

    def count_check(self):
        """(sum of support_count, rows, ideas whose count differs from rows)."""
        with self.postgres.connect(self.database) as conn:
            total = conn.execute(
                "SELECT coalesce(sum(support_count), 0) FROM proposals_proposal"
            ).fetchone()[0]
            rows = conn.execute("SELECT count(*) FROM voting_support").fetchone()[0]
            drift = conn.execute(
                "SELECT count(*) FROM proposals_proposal p LEFT JOIN "
                "(SELECT proposal_id, count(*) n FROM voting_support "
                "GROUP BY proposal_id) s ON s.proposal_id = p.id "
                "WHERE p.support_count <> coalesce(s.n, 0)"
            ).fetchone()[0]
        return int(total), int(rows), int(drift)

    def idea_counts(self, ids):
        with self.postgres.connect(self.database) as conn:
            return dict(
                conn.execute(
                    "SELECT id, support_count FROM proposals_proposal "
                    "WHERE id = ANY(%s)",
                    [list(ids)],
                ).fetchall()
            )

    def user_ids(self):
        with self.postgres.connect(self.database) as conn:
            return dict(
                conn.execute(
                    "SELECT username, id FROM accounts_user WHERE username LIKE 'bench%%'"
                ).fetchall()
            )
