"""Load generator for ``make bench``: raw asyncio streams, one process.

    python tests/perf/load.py --port 8100 --label "gunicorn, 3 sync workers"

It only ever connects to 127.0.0.1. Every phase runs a fixed number of
closed-loop clients (no think time) for a warm-up plus a fixed measuring
window, and stops by itself.

1. Sign-in: N children (``--children``) sign in through the real form
   (GET /akun/masuk/ for the CSRF cookie, POST it with the password) and their
   cookies are kept in ``.bench/sessions.json``; the next run re-checks
   each session against the baseline view and signs in only the ones that
   no longer work. Each simulated child has its own address in
   X-Forwarded-For (what nginx adds in the production recipe; the server
   runs with TRUSTED_PROXY_COUNT=1), so per-address limits see a school of
   children, not one client.
2. Latency at ``--latency-clients`` (20): the baseline GET, the list
   /usulan/ (random page and filters) and the detail /usulan/<id>/
   (random idea), all as signed-in children.
3. Throughput at ``--throughput-clients`` (64): the baseline GET, the
   baseline POST (CSRF checked, like the support) and the support POST:
   each client rotates through its own children and toggles ideas (half the
   taps support a new idea, one in five of them among the 20 most supported,
   half withdraw a support made earlier in the run, so the data set stays
   the size it was).
4. Exactness: the sum of ``support_count`` against the number of support
   rows, read straight from PostgreSQL.

The HTTP client is a few lines of asyncio (no library): HTTP/1.1, keep-alive
when the server offers it (gunicorn's sync workers close every connection,
so each request there opens a new one), Content-Length or chunked bodies.
The generator shares the two cores with the server, so it reports its own
CPU time per phase.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = Path(os.environ.get("BENCH_STATE_DIR", ROOT / ".bench"))
HOST = "127.0.0.1"  # never anything else


class HTTPError(Exception):
    pass


class Connection:
    """One client's connection: reopened whenever the server closes it."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, raw):
        """Send ``raw`` (a whole request); return (status, headers, body)."""
        reused = self.writer is not None
        if not reused:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        self.writer.write(raw)
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            self.close()
            if not reused:
                raise
            # A kept-alive connection the server had closed meanwhile.
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
            self.writer.write(raw)
            head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = []
        length, chunked, close = None, False, lines[0].startswith("HTTP/1.0")
        for line in lines[1:]:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            headers.append((name, value))
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection":
                close = value.lower() == "close"
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size + 2))
            body = b"".join(p[:-2] for p in parts)
        elif length is not None:
            body = await self.reader.readexactly(length)
        else:
            body = await self.reader.read()
            close = True
        if close:
            self.close()
        return status, headers, body


def cookies_from(headers):
    jar = {}
    for name, value in headers:
        if name == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            jar[key.strip()] = val.strip()
    return jar


class Child:
    """A signed-in child: cookies, CSRF token, simulated client address."""

    def __init__(self, username, index, session, csrftoken):
        self.username = username
        self.index = index
        self.session = session
        self.csrftoken = csrftoken

    @property
    def address(self):
        return f"10.{(self.index >> 16) & 255}.{(self.index >> 8) & 255}.{self.index & 255}"

    def cookie_header(self):
        return f"sessionid={self.session}; csrftoken={self.csrftoken}"


class Target:
    def __init__(self, port):
        self.port = port
        self.origin = f"http://{HOST}:{port}"

    def get(self, path, child=None, extra=""):
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {HOST}:{self.port}",
            "User-Agent: musrenbang-bench",
            "Accept: text/html,application/json",
            "Accept-Language: id",
        ]
        if child is not None:
            lines.append(f"Cookie: {child.cookie_header()}")
            lines.append(f"X-Forwarded-For: {child.address}")
        return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()

    def post(self, path, child, body=b"", accept="application/json", cookie=None):
        lines = [
            f"POST {path} HTTP/1.1",
            f"Host: {HOST}:{self.port}",
            "User-Agent: musrenbang-bench",
            f"Accept: {accept}",
            "Accept-Language: id",
            f"Origin: {self.origin}",
            f"Referer: {self.origin}/usulan/",
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body)}",
            f"Cookie: {cookie or child.cookie_header()}",
            f"X-CSRFToken: {child.csrftoken}",
            f"X-Forwarded-For: {child.address}",
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# -- sign-in -----------------------------------------------------------------


async def sign_in(target, username, index, password):
    conn = Connection(target.port)
    probe = Child(username, index, "", "")
    status, headers, _ = await conn.request(
        target.get("/akun/masuk/", None, f"X-Forwarded-For: {probe.address}\r\n")
    )
    if status != 200:
        raise HTTPError(f"GET /akun/masuk/ answered {status}")
    csrf = cookies_from(headers).get("csrftoken")
    if not csrf:
        raise HTTPError("no csrftoken cookie on the sign-in page")
    probe.csrftoken = csrf
    body = urlencode(
        {"login": username, "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    status, headers, _ = await conn.request(
        target.post(
            "/akun/masuk/", probe, body, accept="text/html", cookie=f"csrftoken={csrf}"
        )
    )
    conn.close()
    jar = cookies_from(headers)
    if status != 302 or "sessionid" not in jar:
        raise HTTPError(f"sign-in of {username} answered {status}")
    return Child(username, index, jar["sessionid"], jar.get("csrftoken", csrf))


async def still_signed_in(target, child):
    conn = Connection(target.port)
    try:
        status, _, body = await conn.request(target.get("/bench/baseline/", child))
    finally:
        conn.close()
    return status == 200 and json.loads(body).get("user") is not None


async def bounded_map(func, items, concurrency):
    semaphore = asyncio.Semaphore(concurrency)

    async def run(item):
        async with semaphore:
            return await func(item)

    return await asyncio.gather(*(run(item) for item in items))


async def prepare_children(target, dataset, count, concurrency):
    spec = dataset["children"]
    wanted = [
        (spec["username"].format(spec["first"] + i), i + 1)
        for i in range(min(count, spec["count"]))
    ]
    cache_file = STATE_DIR / "sessions.json"
    cached = {}
    if cache_file.exists():
        data = json.loads(cache_file.read_text())
        if data.get("token") == dataset["token"]:
            cached = data["sessions"]
    children = {}
    candidates = [
        Child(name, index, *cached[name]) for name, index in wanted if name in cached
    ]
    started = time.monotonic()
    if candidates:
        valid = await bounded_map(
            lambda c: still_signed_in(target, c), candidates, concurrency * 4
        )
        children = {
            c.username: c for c, ok in zip(candidates, valid, strict=True) if ok
        }
    missing = [(n, i) for n, i in wanted if n not in children]
    if missing:
        print(
            f"signing in {len(missing)} children through /akun/masuk/ "
            f"({len(children)} cached sessions still valid)…",
            flush=True,
        )
        password = spec["password"]
        signed = await bounded_map(
            lambda item: sign_in(target, item[0], item[1], password),
            missing,
            concurrency,
        )
        children.update({c.username: c for c in signed})
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(
            json.dumps(
                {
                    "token": dataset["token"],
                    "sessions": {
                        c.username: [c.session, c.csrftoken] for c in children.values()
                    },
                }
            )
        )
    print(
        f"{len(children)} signed-in children ready in "
        f"{time.monotonic() - started:.1f}s",
        flush=True,
    )
    return [children[n] for n, _ in wanted]


# -- workloads -----------------------------------------------------------------


class Workload:
    """Builds the next request of one client and judges its answer."""

    name = ""
    expected = 200

    def next_request(self, client_id):
        raise NotImplementedError

    def check(self, status, body):
        return status == self.expected


class BaselineGet(Workload):
    name = "baseline GET /bench/baseline/"

    def __init__(self, target, children):
        self.target, self.children = target, children

    def next_request(self, client_id):
        return self.target.get("/bench/baseline/", random.choice(self.children))


class BaselinePost(BaselineGet):
    name = "baseline POST /bench/baseline/"

    def next_request(self, client_id):
        return self.target.post("/bench/baseline/", random.choice(self.children))


class ListPage(Workload):
    """/usulan/: half the visits the plain first pages, the rest a random mix
    of kecamatan, cluster, sort order and page (one in ten deep, up to 500)."""

    name = "list GET /usulan/"

    def __init__(self, target, children, dataset):
        self.target, self.children = target, children
        self.kecamatan, self.clusters = dataset["kecamatan"], dataset["clusters"]

    def next_request(self, client_id):
        params = {}
        if random.random() < 0.5:
            if random.random() < 0.5:
                params["kecamatan"] = random.choice(self.kecamatan)
            if random.random() < 0.5:
                params["cluster"] = random.choice(self.clusters)
            if random.random() < 0.5:
                params["sort"] = "newest"
        deep = random.random() < 0.1
        page = random.randint(1, 500) if deep else random.choice([1, 1, 1, 2, 3, 4, 5])
        if page > 1:
            params["page"] = page
        path = "/usulan/" + ("?" + urlencode(params) if params else "")
        return self.target.get(path, random.choice(self.children))


class DetailPage(Workload):
    name = "detail GET /usulan/<id>/"

    def __init__(self, target, children, dataset):
        self.target, self.children, self.ideas = target, children, dataset["ideas"]

    def next_request(self, client_id):
        idea = random.choice(self.ideas)
        return self.target.get(f"/usulan/{idea}/", random.choice(self.children))


class SupportToggle(Workload):
    """Each client has its own children (so a child never has two taps in
    flight) and rotates through them: with ``n`` children per client, a child
    taps at most every ``n`` requests, under the limit of 60 a minute."""

    name = "support POST /usulan/<id>/dukung/"

    def __init__(self, target, children, dataset, clients):
        self.target = target
        self.ideas, self.popular = dataset["ideas"], dataset["popular"]
        self.own = [children[i::clients] for i in range(clients)]
        self.turn = [0] * clients
        self.made = [[] for _ in range(clients)]
        self.inflight = {}

    def next_request(self, client_id):
        own = self.own[client_id]
        self.turn[client_id] += 1
        made = self.made[client_id]
        if made and random.random() < 0.5:
            child, idea = made.pop(random.randrange(len(made)))
        else:
            child = own[self.turn[client_id] % len(own)]
            pool = self.popular if random.random() < 0.2 else self.ideas
            idea = random.choice(pool)
        self.inflight[client_id] = (child, idea)
        return self.target.post(f"/usulan/{idea}/dukung/", child)

    def check(self, status, body, client_id=None):
        if status != 200:
            return False
        data = json.loads(body)
        if "count" not in data:
            return False
        if data["supported"] and client_id is not None:
            self.made[client_id].append(self.inflight[client_id])
        return True


async def run_phase(port, workload, clients, warmup, duration, cpu=None):
    latencies, errors, statuses = [], 0, {}
    loop = asyncio.get_running_loop()
    begin = loop.time()
    measure_from, end = begin + warmup, begin + warmup + duration
    passes_client = isinstance(workload, SupportToggle)

    async def client(client_id):
        nonlocal errors
        conn = Connection(port)
        now = loop.time
        while True:
            started = now()
            if started >= end:
                break
            raw = workload.next_request(client_id)
            try:
                status, _, body = await conn.request(raw)
                ok = (
                    workload.check(status, body, client_id)
                    if passes_client
                    else workload.check(status, body)
                )
            except (OSError, asyncio.IncompleteReadError, HTTPError, ValueError):
                conn.close()
                status, ok = "exception", False
            finished = now()
            if started >= measure_from and finished <= end:
                latencies.append(finished - started)
                if not ok:
                    errors += 1
                    statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    tasks = [asyncio.ensure_future(client(i)) for i in range(clients)]
    await asyncio.sleep(warmup)
    server_before = cpu.sample() if cpu else None
    _, pending = await asyncio.wait(tasks, timeout=duration + 30)
    server_after = cpu.sample() if cpu else None
    if cpu:
        app_used = ServerCPU.used(server_before[0], server_after[0])
        data_used = ServerCPU.used(server_before[1], server_after[1])
    for task in pending:
        task.cancel()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    used = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    latencies.sort()

    def pct(p):
        if not latencies:
            return None
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "route": workload.name,
        "clients": clients,
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(latencies) * 1000 if latencies else None,
        "errors": errors,
        "error_statuses": {str(k): v for k, v in statuses.items()},
        "generator_cpu": used / (warmup + duration),
        "server_cpu_ms": (
            app_used * 1000 / len(latencies) if cpu and latencies else None
        ),
        "db_cpu_ms": (data_used * 1000 / len(latencies) if cpu and latencies else None),
        # Cores' worth of CPU used by anything else than the server, its
        # database backends and this generator while the phase measured.
        "other_cores": (
            max(
                0.0,
                (server_after[2] - server_before[2])
                - app_used
                - data_used
                - used * duration / (warmup + duration),
            )
            / (server_after[3] - server_before[3])
            if server_before
            else None
        ),
    }


TICK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid):
    """(ppid, cpu seconds) of a process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return None


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def machine_busy_seconds():
    """CPU seconds all cores spent busy since boot (from /proc/stat)."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / TICK


class ServerCPU:
    """CPU seconds used by the server's processes (the given PID and its
    descendants), and by its data stores (the PostgreSQL backends of the
    bench database and Redis): the cost of a request in CPU, whatever else
    the machine is doing."""

    def __init__(self, server_pid, database):
        self.server_pid, self.database = server_pid, database

    def sample(self):
        """({pid: cpu} of the server, {pid: cpu} of the data stores, busy
        CPU seconds of the whole machine, time)."""
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = _proc_stat(int(entry))
                if stat:
                    stats[int(entry)] = stat
        family = {self.server_pid}
        changed = True
        while changed:
            changed = False
            for pid, (ppid, _cpu) in stats.items():
                if ppid in family and pid not in family:
                    family.add(pid)
                    changed = True
        marker = f" {self.database} "
        server = {pid: stats[pid][1] for pid in family if pid in stats}
        data = {
            pid: cpu
            for pid, (_ppid, cpu) in stats.items()
            if pid not in family
            and (marker in _cmdline(pid) or _cmdline(pid).startswith("redis-server"))
        }
        return server, data, machine_busy_seconds(), time.monotonic()

    @staticmethod
    def used(before, after):
        """CPU seconds between two samples of one group of processes. A
        process that ended meanwhile (PostgreSQL backends are replaced when
        CONN_MAX_AGE runs out) is left out: the figure is a slight
        underestimate, never negative."""
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def exactness():
    """Sum of counters and number of rows, read straight from PostgreSQL."""
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/"),
    ) as conn:
        total, rows = conn.execute(
            "SELECT (SELECT coalesce(sum(support_count), 0) FROM proposals_proposal),"
            " (SELECT count(*) FROM voting_support)"
        ).fetchone()
    return {"sum_of_counts": int(total), "support_rows": int(rows)}


def fmt(value, spec=".1f"):
    return "–" if value is None else format(value, spec)


def print_table(results):
    head = (
        f"{'route':36} {'cl':>3} {'requests':>8} {'rps':>8} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'p99 ms':>7} {'err':>4} {'rps÷base':>8} {'p95÷base':>8} "
        f"{'gen cpu':>7} {'app ms':>6} {'db ms':>6} {'other':>5}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        print(
            f"{r['route'][:36]:36} {r['clients']:>3} {r['requests']:>8} "
            f"{r['rps']:>8.0f} {fmt(r['p50']):>7} {fmt(r['p95']):>7} "
            f"{fmt(r['p99']):>7} {r['errors']:>4} "
            f"{fmt(r.get('rps_ratio'), '.2f'):>8} {fmt(r.get('p95_ratio'), '.2f'):>8} "
            f"{r['generator_cpu']:>6.0%} {fmt(r.get('server_cpu_ms'), '.2f'):>6} "
            f"{fmt(r.get('db_cpu_ms'), '.2f'):>6} {fmt(r.get('other_cores'), '.2f'):>5}"
        )


async def main_async(args):
    dataset = json.loads((STATE_DIR / "dataset.json").read_text())
    target = Target(args.port)
    children = await prepare_children(
        target, dataset, args.children, args.signin_concurrency
    )
    lat, thr = args.latency_clients, args.throughput_clients
    phases = [
        ("base_get_lat", BaselineGet(target, children), lat),
        ("list", ListPage(target, children, dataset), lat),
        ("detail", DetailPage(target, children, dataset), lat),
        ("base_get_thr", BaselineGet(target, children), thr),
        ("base_post_thr", BaselinePost(target, children), thr),
        ("support", SupportToggle(target, children, dataset, thr), thr),
    ]
    only = set(args.only.split(",")) if args.only else None
    cpu = None
    if args.server_pid:
        database = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
        cpu = ServerCPU(args.server_pid, database)
    results = {}
    before = exactness()
    for key, workload, clients in phases:
        if only and key not in only:
            continue
        print(f"… {workload.name} at {clients} clients", flush=True)
        results[key] = await run_phase(
            args.port, workload, clients, args.warmup, args.duration, cpu
        )
        results[key]["key"] = key
        await asyncio.sleep(1)
    after = exactness()
    base_lat, base_get, base_post = (
        results.get("base_get_lat"),
        results.get("base_get_thr"),
        results.get("base_post_thr"),
    )
    for key in ("list", "detail"):
        if key in results and base_lat:
            results[key]["rps_ratio"] = results[key]["rps"] / base_lat["rps"]
            results[key]["p95_ratio"] = results[key]["p95"] / base_lat["p95"]
    if "support" in results and base_post:
        results["support"]["rps_ratio"] = results["support"]["rps"] / base_post["rps"]
        results["support"]["p95_ratio"] = results["support"]["p95"] / base_post["p95"]
        if base_get:
            results["support"]["rps_ratio_get"] = (
                results["support"]["rps"] / base_get["rps"]
            )
    if base_post and base_get:
        base_post["rps_ratio"] = base_post["rps"] / base_get["rps"]
    ordered = [results[k] for k, _, _ in phases if k in results]
    print()
    print(f"== {args.label} ==")
    print_table(ordered)
    print(
        f"exactness: before {before['sum_of_counts']} counted = "
        f"{before['support_rows']} rows; after {after['sum_of_counts']} counted = "
        f"{after['support_rows']} rows: "
        + ("EXACT" if after["sum_of_counts"] == after["support_rows"] else "DRIFT")
    )
    output = {
        "label": args.label,
        "port": args.port,
        "children": len(children),
        "warmup": args.warmup,
        "duration": args.duration,
        "results": ordered,
        "exactness": {"before": before, "after": after},
    }
    if args.out:
        Path(args.out).write_text(json.dumps(output, indent=1))
    return output


def main():
    parser = argparse.ArgumentParser(description="Load generator for make bench")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--children", type=int, default=640)
    parser.add_argument("--signin-concurrency", type=int, default=4)
    parser.add_argument("--latency-clients", type=int, default=20)
    parser.add_argument("--throughput-clients", type=int, default=64)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--only", default="", help="comma-separated phase keys")
    parser.add_argument("--out", default="")
    parser.add_argument(
        "--server-pid",
        type=int,
        default=0,
        help="measure the CPU of this process, its children and the database",
    )
    args = parser.parse_args()
    if args.duration > 120 or args.warmup > 30:
        sys.exit("Phases are bounded: at most 30 s warm-up and 120 s measuring.")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
