"""Fault drill: PostgreSQL restarted in the middle of a support load.

    python tests/perf/drill_postgres.py        # or: make drills

Children tap "dukung" from several clients (the JSON support of the phone
page) while another client reads the list and detail pages. After a few
seconds PostgreSQL is stopped (``pg_ctl stop -m fast``: every connection is
cut), stays down for a few seconds and is started again; the application
servers are not touched. Every response is recorded, and the drill checks:

1. during the outage every refused request is a 503 with a friendly answer
   in Indonesian (JSON for the supports, the HTML page for the pages):
   no 500, no dropped connection;
2. the application recovers by itself: requests succeed again once
   PostgreSQL is back, with the same gunicorn workers (no restart);
3. every acknowledged support is in the database: for each (child, idea)
   the state of the last 200 answer is the state of the row (pairs whose
   last request got no answer, and so are undecided, are left aside and
   counted);
4. the counts equal the rows: the sum of ``support_count`` equals the
   number of support rows, every idea's count equals its rows, and
   ``manage.py reconcile_tallies --dry-run`` reports no drift.
"""

import asyncio
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.drill_env import DrillEnvironment, log  # noqa: E402

CLIENTS = 8
THINK = 0.15  # seconds between a client's taps: under 60 taps a minute a child
BEFORE = 8.0  # seconds of load before PostgreSQL stops
DOWN = 3.0  # seconds PostgreSQL stays stopped
AFTER = 12.0  # seconds of load after it is back
FRIENDLY_JSON = "Coba lagi"
FRIENDLY_HTML = "Sebentar lagi, ya"


def page_request(port, path, child):
    """A phone browser's GET (Accept: text/html), signed in."""
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "User-Agent: musrenbang-drill\r\n"
        "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n"
        f"Cookie: {child.cookie_header()}\r\nX-Forwarded-For: {child.address}\r\n\r\n"
    ).encode()


class Recorder:
    def __init__(self):
        self.t0 = time.monotonic()
        self.records = []

    def now(self):
        return time.monotonic() - self.t0

    def add(self, **record):
        self.records.append(record)


async def support_client(load, env, rec, cid, own, ideas, until, state, undecided):
    target = load.Target(env.http_port)
    conn = load.Connection(env.http_port)
    made = []
    turn = 0
    rng = random.Random(cid)  # noqa: S311 - load pattern, not security
    while rec.now() < until:
        if made and rng.random() < 0.5:
            child, idea = made.pop(rng.randrange(len(made)))
        else:
            child = own[turn % len(own)]
            turn += 1
            idea = rng.choice(ideas)
        pair = (child.username, idea)
        if pair in undecided:
            continue
        started = rec.now()
        try:
            status, _, body = await conn.request(
                target.post(f"/usulan/{idea}/dukung/", child)
            )
        except (OSError, asyncio.IncompleteReadError, load.HTTPError, ValueError) as e:
            conn.close()
            status, body = "connection error", repr(e).encode()
        kind, friendly = "other", False
        if status == 200:
            data = json.loads(body)
            state[pair] = data["supported"]
            undecided.discard(pair)
            kind = "ack"
            if data["supported"]:
                made.append((child, idea))
        else:
            undecided.add(pair)
            if status == 503:
                try:
                    friendly = FRIENDLY_JSON in json.loads(body)["error"]
                except (ValueError, KeyError):
                    friendly = False
            kind = "refused"
        rec.add(
            route="support",
            start=started,
            end=rec.now(),
            status=status,
            kind=kind,
            friendly=friendly,
            body=body[:200].decode(errors="replace") if kind != "ack" else "",
        )
        await asyncio.sleep(THINK)
    conn.close()


async def page_client(load, env, rec, child, ideas, until):
    conn = load.Connection(env.http_port)
    rng = random.Random(99)  # noqa: S311
    while rec.now() < until:
        path = rng.choice(["/usulan/", f"/usulan/{rng.choice(ideas)}/"])
        started = rec.now()
        try:
            status, _, body = await conn.request(
                page_request(env.http_port, path, child)
            )
        except (OSError, asyncio.IncompleteReadError, load.HTTPError, ValueError) as e:
            conn.close()
            status, body = "connection error", repr(e).encode()
        text = body.decode(errors="replace")
        rec.add(
            route="page",
            start=started,
            end=rec.now(),
            status=status,
            kind="ok" if status == 200 else "refused",
            friendly=status == 503 and FRIENDLY_HTML in text,
            body="" if status == 200 else text[:200],
        )
        await asyncio.sleep(0.3)
    conn.close()


async def load_with_restart(env):
    from tests.perf import load

    rec = Recorder()
    until = BEFORE + DOWN + AFTER + 2.0
    state, undecided = {}, set()
    ideas = env.dataset["ideas"]
    children = env.children
    clients = [
        support_client(
            load, env, rec, i, children[i::CLIENTS], ideas, until, state, undecided
        )
        for i in range(CLIENTS)
    ]
    clients.append(page_client(load, env, rec, children[0], ideas, until))
    tasks = [asyncio.ensure_future(c) for c in clients]
    outage = {}

    async def restart():
        await asyncio.sleep(BEFORE)
        outage["stop"] = rec.now()
        log("stopping PostgreSQL (pg_ctl stop -m fast)")
        await asyncio.to_thread(env.postgres.stop, "fast")
        outage["stopped"] = rec.now()
        await asyncio.sleep(DOWN)
        log("starting PostgreSQL again")
        outage["start"] = rec.now()
        await asyncio.to_thread(env.postgres.start)
        outage["ready"] = rec.now()
        log(f"PostgreSQL accepts connections again ({outage['ready']:.1f} s)")

    await asyncio.gather(restart(), *tasks)
    return rec.records, outage, state, undecided


def timeline(records, width=2.0):
    rows = {}
    for r in records:
        bucket = int(r["end"] // width)
        row = rows.setdefault(bucket, Counter())
        row[(r["route"], str(r["status"]))] += 1
    return [
        {
            "from": b * width,
            "to": (b + 1) * width,
            **{f"{k[0]} {k[1]}": v for k, v in sorted(c.items())},
        }
        for b, c in sorted(rows.items())
    ]


def run(env):
    """Run the drill in a DrillEnvironment; return its figures and verdicts."""
    workers_before = env.worker_pids()
    before = env.count_check()
    rows_before = env.support_rows()
    log(
        f"before: sum of counts {before[0]}, rows {before[1]}; load for {BEFORE + DOWN + AFTER + 2:.0f} s"
    )
    records, outage, state, undecided = asyncio.run(load_with_restart(env))
    env.wait_healthy(env.http_port, timeout=30)
    workers_after = env.worker_pids()

    refused = [r for r in records if r["kind"] == "refused"]
    unfriendly = [r for r in refused if not (r["status"] == 503 and r["friendly"])]
    supports = [r for r in records if r["route"] == "support"]
    acks = [r for r in supports if r["kind"] == "ack"]
    ready = outage["ready"]
    first_ok_after = min(
        (
            r["end"]
            for r in records
            if r["kind"] in ("ack", "ok") and r["start"] >= outage["start"]
        ),
        default=None,
    )
    late_failures = [
        r for r in records if r["start"] >= ready + 2.0 and r["kind"] == "refused"
    ]

    ids = env.user_ids()
    rows = env.support_rows()
    decided = {p: s for p, s in state.items() if p not in undecided}
    lost = [p for p, s in decided.items() if s and (ids[p[0]], p[1]) not in rows]
    ghost = [p for p, s in decided.items() if not s and (ids[p[0]], p[1]) in rows]
    # A refused tap should have changed nothing: its pair is as the last
    # acknowledgement (or the data set) left it.
    changed_anyway = [
        p
        for p in undecided
        if ((ids[p[0]], p[1]) in rows) != state.get(p, (ids[p[0]], p[1]) in rows_before)
    ]
    total, nrows, drift = env.count_check()
    reconcile = env.manage("reconcile_tallies", "--dry-run").strip().splitlines()[-1]

    checks = {
        "refused requests were friendly 503s": not unfriendly and bool(refused),
        "recovered without a restart": (
            first_ok_after is not None
            and not late_failures
            and workers_before == workers_after
            and all(s.alive() for s in env.servers.values())
        ),
        "every acknowledged support is in the database": not lost and not ghost,
        "counts equal rows": total == nrows and drift == 0 and "No drift" in reconcile,
    }
    result = {
        "outage": outage,
        "requests": len(records),
        "supports": len(supports),
        "acknowledged": len(acks),
        "statuses": dict(Counter(f"{r['route']} {r['status']}" for r in records)),
        "refused": len(refused),
        "unfriendly": unfriendly[:5],
        "unfriendly_count": len(unfriendly),
        "refused_window": [
            min((r["start"] for r in refused), default=None),
            max((r["end"] for r in refused), default=None),
        ],
        "first_success_after_start": first_ok_after,
        "recovery_seconds": (
            (first_ok_after - outage["start"]) if first_ok_after else None
        ),
        "failures_2s_after_ready": len(late_failures),
        "workers_before": workers_before,
        "workers_after": workers_after,
        "pairs_acknowledged": len(decided),
        "pairs_lost": len(lost),
        "pairs_ghost": len(ghost),
        "pairs_undecided": len(undecided),
        "refused_but_applied": len(changed_anyway),
        "sum_counts": total,
        "rows": nrows,
        "ideas_drifting": drift,
        "reconcile": reconcile,
        "timeline": timeline(records),
        "checks": checks,
        "passed": all(checks.values()),
    }
    print_result(result)
    return result


def print_result(r):
    o = r["outage"]
    print()
    print("PostgreSQL drill")
    print(
        f"  PostgreSQL stopped at {o['stop']:.1f} s (down at {o['stopped']:.1f} s), "
        f"started at {o['start']:.1f} s, ready at {o['ready']:.1f} s"
    )
    print(f"  {r['requests']} requests: {r['statuses']}")
    print(
        f"  {r['refused']} refused, {r['unfriendly_count']} of them not a friendly 503; "
        f"refusals between {r['refused_window'][0]} and {r['refused_window'][1]} s"
    )
    if r["recovery_seconds"] is not None:
        print(
            f"  first success {r['recovery_seconds']:.2f} s after PostgreSQL "
            "was started again"
        )
    print(
        f"  gunicorn workers before {r['workers_before']}, after {r['workers_after']}"
    )
    print(
        f"  {r['pairs_acknowledged']} (child, idea) pairs acknowledged: "
        f"{r['pairs_lost']} lost, {r['pairs_ghost']} present though withdrawn; "
        f"{r['pairs_undecided']} whose last tap was refused "
        f"({r['refused_but_applied']} of those taps applied all the same)"
    )
    print(
        f"  sum of support_count {r['sum_counts']} = rows {r['rows']}; "
        f"ideas drifting {r['ideas_drifting']}; reconcile: {r['reconcile']}"
    )
    for name, ok in r["checks"].items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}")
    for u in r["unfriendly"]:
        print(f"    unfriendly: {u}")


def main():
    with DrillEnvironment() as env:
        result = run(env)
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
