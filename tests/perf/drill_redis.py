"""Fault drill: Redis stopped during live updates, then started again.

    python tests/perf/drill_redis.py        # or: make drills

A phone page is subscribed to three ideas over /ws/dukungan/ on daphne,
through a client that behaves like static/js/live.js (it reconnects after
a close, waiting 1 s, 2 s, 4 s … up to 30 s). Children keep tapping "dukung"
on those ideas over HTTP (gunicorn), and another client reads pages. Redis
(cache, rate limits, cached sessions, channel layer) is stopped for a few
seconds, without persistence, so it comes back empty, as a real Redis
without a dump would. The drill checks:

1. while Redis is down every support is still acknowledged and every page
   answers 200 (``/healthz`` too: it reports the channel layer as failing);
2. live updates arrive before the outage, and again after Redis is back:
   an acknowledged support made after the restart reaches the page's
   websocket; it says how long that took and what the sockets went through.
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

BEFORE = 6.0
DOWN = 8.0
MAX_WAIT_AFTER = 60.0  # seconds to wait for live updates to resume
TAP_EVERY = 0.5
WATCHED = 3


class Clock:
    def __init__(self):
        self.t0 = time.monotonic()

    def now(self):
        return time.monotonic() - self.t0


async def live_page(env, ids, clock, events):
    """static/js/live.js in Python: connect, listen, reconnect with backoff."""
    import websockets

    url = f"ws://127.0.0.1:{env.ws_port}/ws/dukungan/?ids={','.join(map(str, ids))}"
    origin = f"http://127.0.0.1:{env.ws_port}"
    delay = 1.0
    reconnecting = False
    rng = random.Random(3)  # noqa: S311 - jitter, as live.js
    while True:
        try:
            async with websockets.connect(
                url + ("&fresh=1" if reconnecting else ""),
                origin=origin,
                open_timeout=5,
            ) as ws:
                events.append({"t": clock.now(), "event": "open"})
                delay = 1.0
                async for raw in ws:
                    data = json.loads(raw)
                    if data.get("type") == "count":
                        events.append(
                            {
                                "t": clock.now(),
                                "event": "count",
                                "id": data["id"],
                                "count": data["count"],
                            }
                        )
            code = ws.close_code
        except (
            TimeoutError,
            OSError,
            websockets.exceptions.WebSocketException,
        ) as error:
            response = getattr(error, "response", None)
            code = (
                getattr(getattr(error, "rcvd", None), "code", None)
                or (response and f"handshake refused, HTTP {response.status_code}")
                or type(error).__name__
            )
        reconnecting = True
        wait = delay * (0.5 + rng.random() / 2)
        events.append(
            {
                "t": clock.now(),
                "event": "close",
                "code": code,
                "retry_in": round(wait, 2),
            }
        )
        await asyncio.sleep(wait)
        delay = min(delay * 2, 30.0)


async def tapper(load, env, ids, clock, acks, failures, stop):
    """Children tap "dukung" on the watched ideas, one tap every TAP_EVERY s."""
    target = load.Target(env.http_port)
    conn = load.Connection(env.http_port)
    rng = random.Random(7)  # noqa: S311 - load pattern
    n = 0
    while not stop.is_set():
        child = env.children[n % len(env.children)]
        idea = ids[n % len(ids)]
        n += 1
        started = clock.now()
        try:
            status, _, body = await conn.request(
                target.post(f"/usulan/{idea}/dukung/", child)
            )
        except (
            OSError,
            asyncio.IncompleteReadError,
            load.HTTPError,
            ValueError,
        ) as error:
            conn.close()
            status, body = "connection error", repr(error).encode()
        if status == 200:
            data = json.loads(body)
            acks.append(
                {"t": clock.now(), "start": started, "id": idea, "count": data["count"]}
            )
        else:
            failures.append(
                {
                    "t": clock.now(),
                    "status": status,
                    "body": body[:300].decode(errors="replace"),
                }
            )
        await asyncio.sleep(TAP_EVERY * (0.8 + 0.4 * rng.random()))
    conn.close()


async def reader(env, ids, clock, pages, stop):
    """A browser reading pages, and the process manager's /healthz."""
    import httpx

    child = env.children[-1]
    cookies = {"sessionid": child.session, "csrftoken": child.csrftoken}
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{env.http_port}", timeout=10
    ) as client:
        paths = ["/usulan/", f"/usulan/{ids[0]}/", "/healthz", "/"]
        n = 0
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            try:
                response = await client.get(
                    path, cookies=cookies, headers={"X-Forwarded-For": child.address}
                )
                status = response.status_code
                extra = response.json() if path == "/healthz" else None
            except httpx.HTTPError as error:
                status, extra = type(error).__name__, None
            pages.append(
                {"t": clock.now(), "path": path, "status": status, "health": extra}
            )
            await asyncio.sleep(0.5)


async def scenario(env):
    from tests.perf import load

    ids = env.dataset["ideas"][:WATCHED]
    clock = Clock()
    stop = asyncio.Event()
    events, acks, failures, pages = [], [], [], []
    page = asyncio.ensure_future(live_page(env, ids, clock, events))
    tasks = [
        asyncio.ensure_future(tapper(load, env, ids, clock, acks, failures, stop)),
        asyncio.ensure_future(reader(env, ids, clock, pages, stop)),
    ]
    outage = {}
    await asyncio.sleep(BEFORE)
    log("stopping Redis")
    outage["stop"] = clock.now()
    await asyncio.to_thread(env.redis.stop)
    outage["stopped"] = clock.now()
    await asyncio.sleep(DOWN)
    log("starting Redis again (empty)")
    await asyncio.to_thread(env.redis.start)
    outage["ready"] = clock.now()

    def resumed():
        """The first live count that carries a support acknowledged after
        Redis came back."""
        for event in events:
            if event["event"] != "count" or event["t"] < outage["ready"]:
                continue
            for ack in acks:
                if (
                    ack["start"] >= outage["ready"]
                    and ack["id"] == event["id"]
                    and ack["count"] == event["count"]
                ):
                    return event, ack
        return None

    deadline = clock.now() + MAX_WAIT_AFTER
    while clock.now() < deadline and resumed() is None:
        await asyncio.sleep(0.25)
    outage["resumed"] = resumed()
    if outage["resumed"]:
        log(
            f"live updates resumed {outage['resumed'][0]['t'] - outage['ready']:.1f} s after Redis was back"
        )
        await asyncio.sleep(3.0)
    stop.set()
    await asyncio.wait(tasks, timeout=15)
    # What the page shows once the last coalesced update had its second.
    await asyncio.sleep(2.5)
    shown = {}
    for event in events:
        if event["event"] == "count":
            shown[event["id"]] = event["count"]
    outage["shown"] = shown
    outage["stored"] = env.idea_counts(ids)
    for task in [*tasks, page]:
        task.cancel()
    await asyncio.gather(*tasks, page, return_exceptions=True)
    return clock.now(), outage, events, acks, failures, pages


def run(env):
    end, outage, events, acks, failures, pages = asyncio.run(scenario(env))
    down = (outage["stop"], outage["ready"])

    def during(t):
        return down[0] <= t <= down[1]

    acks_during = [a for a in acks if during(a["t"])]
    pages_during = [p for p in pages if during(p["t"])]
    pages_bad = [p for p in pages if p["status"] != 200]
    health_during = [p["health"] for p in pages_during if p["path"] == "/healthz"]
    counts_before = [e for e in events if e["event"] == "count" and e["t"] < down[0]]
    closes = [e for e in events if e["event"] == "close"]
    opens = [e for e in events if e["event"] == "open"]
    resumed = outage["resumed"]
    total, rows, drift = env.count_check()
    checks = {
        "supports acknowledged while Redis was down": bool(acks_during)
        and not failures,
        "pages answered 200 while Redis was down": bool(pages_during) and not pages_bad,
        "live updates before the outage": bool(counts_before),
        "live updates resumed after Redis was back": resumed is not None,
        "the page shows the stored counts at the end": (
            outage["shown"] == outage["stored"]
        ),
        "counts equal rows": total == rows and drift == 0,
    }
    result = {
        "outage": {
            k: v for k, v in outage.items() if k not in ("resumed", "shown", "stored")
        },
        "shown_at_end": outage["shown"],
        "stored_at_end": outage["stored"],
        "duration": end,
        "supports_acknowledged": len(acks),
        "supports_acknowledged_during": len(acks_during),
        "support_failures": failures[:5],
        "support_failure_count": len(failures),
        "pages": dict(Counter(f"{p['path']} {p['status']}" for p in pages)),
        "pages_during": len(pages_during),
        "healthz_during": health_during[:2],
        "live_counts_before": len(counts_before),
        "socket_opens": [round(e["t"], 1) for e in opens],
        "socket_closes": [
            {"t": round(e["t"], 1), "code": e["code"], "retry_in": e["retry_in"]}
            for e in closes
        ],
        "resumed_after_restart": round(resumed[0]["t"] - outage["ready"], 2)
        if resumed
        else None,
        "resumed_tap_to_socket": round(resumed[0]["t"] - resumed[1]["start"], 2)
        if resumed
        else None,
        "sum_counts": total,
        "rows": rows,
        "checks": checks,
        "passed": all(checks.values()),
    }
    print_result(result)
    return result


def print_result(r):
    o = r["outage"]
    print()
    print("Redis drill")
    print(f"  Redis stopped at {o['stop']:.1f} s, back (empty) at {o['ready']:.1f} s")
    print(
        f"  supports acknowledged: {r['supports_acknowledged']} "
        f"({r['supports_acknowledged_during']} while Redis was down), "
        f"failed: {r['support_failure_count']}"
    )
    print(f"  pages: {r['pages']} ({r['pages_during']} while Redis was down)")
    print(f"  /healthz while Redis was down: {r['healthz_during']}")
    print(f"  live counts before the outage: {r['live_counts_before']}")
    print(f"  websocket opened at {r['socket_opens']} s; closed: {r['socket_closes']}")
    if r["resumed_after_restart"] is not None:
        print(
            f"  live updates resumed {r['resumed_after_restart']} s after Redis was back "
            f"(that tap reached the socket in {r['resumed_tap_to_socket']} s)"
        )
    print(
        f"  counts on the page at the end {r['shown_at_end']}, "
        f"in the database {r['stored_at_end']}"
    )
    print(f"  sum of support_count {r['sum_counts']} = rows {r['rows']}")
    for name, ok in r["checks"].items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}")
    for f in r["support_failures"]:
        print(f"    failure: {f}")


def main():
    with DrillEnvironment() as env:
        result = run(env)
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
