"""The journey of make smoke-prod (tests/perf/smoke_prod.sh), through nginx.

Each step prints one line; the first failure stops the journey with exit
status 1. The certificate is the run's own, and it is verified."""

import argparse
import asyncio
import json
import re
import ssl
import sys
import time
from pathlib import Path

import httpx

DEMO_CHILD, DEMO_PASSWORD = "anak1", "anakhebat2026"  # noqa: S105 - seed_demo's


class Failed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failed(message)


def step(name):
    print(f"  ok  {name}", flush=True)


def lines(path):
    return Path(path).read_text().splitlines() if Path(path).exists() else []


async def journey(args):
    tls = ssl.create_default_context(cafile=args.cafile)
    browser_headers = {
        "User-Agent": "Mozilla/5.0 (Linux; Android 13; Pixel 5) musrenbang-smoke",
        "Accept": "text/html,application/xhtml+xml",
        "Accept-Encoding": "gzip",
    }
    async with httpx.AsyncClient(
        base_url=args.origin, verify=tls, headers=browser_headers, timeout=15
    ) as client:
        # 1. health, as a load balancer or the process manager asks for it
        response = await client.get("/healthz")
        check(response.status_code == 200, f"/healthz answered {response.status_code}")
        health = response.json()
        check(
            health == {"status": "ok", "database": "ok", "channel_layer": "ok"},
            f"/healthz: {health}",
        )
        step(f"GET /healthz through nginx: {health}")

        # 2. plain HTTP goes to HTTPS
        async with httpx.AsyncClient(timeout=10) as plain:
            response = await plain.get(args.http + "/usulan/")
        check(
            response.status_code == 301
            and response.headers["location"] == args.origin + "/usulan/",
            f"http:// answered {response.status_code} {response.headers.get('location')}",
        )
        step(f"http:// → 301 {response.headers['location']}")

        # 3. pages over TLS, with the production headers
        response = await client.get("/usulan/")
        check(response.status_code == 200, f"/usulan/ answered {response.status_code}")
        check(
            "max-age=31536000" in response.headers.get("strict-transport-security", ""),
            "no HSTS header on /usulan/",
        )
        check(response.headers.get("content-encoding") == "gzip", "HTML not gzipped")
        html = response.text
        idea = int(re.search(r'href="/usulan/(\d+)/"', html).group(1))
        stylesheet = re.search(
            r'href="(/static/css/site\.[0-9a-f]+\.css)"', html
        ).group(1)
        response = await client.get(f"/usulan/{idea}/")
        check(
            response.status_code == 200,
            f"/usulan/{idea}/ answered {response.status_code}",
        )
        step(f"GET /usulan/ and /usulan/{idea}/: 200, HSTS, gzip")

        # 4. static and media files come from nginx, not the application
        response = await client.get(stylesheet)
        check(
            response.status_code == 200, f"{stylesheet} answered {response.status_code}"
        )
        check(
            "immutable" in response.headers.get("cache-control", ""),
            f"{stylesheet}: cache-control {response.headers.get('cache-control')}",
        )
        check(response.headers.get("content-encoding") == "gzip", "CSS not gzipped")
        response = await client.get("/media/smoke.txt")
        check(
            response.status_code == 200 and "nginx" in response.text,
            f"/media/smoke.txt answered {response.status_code}",
        )
        response = await client.get("/media/../private_media/smoke-private.txt")
        private = await client.get("/private_media/smoke-private.txt")
        check(
            "never served" not in response.text and "never served" not in private.text,
            "a private file was served",
        )
        response = await client.get("/media/documents/smoke-absen.txt")
        check(
            response.status_code == 404 and "daftar hadir" not in response.text,
            "a Wagtail document was served straight from MEDIA_ROOT",
        )
        await asyncio.sleep(0.5)  # gunicorn writes its access log line after the answer
        served_by_app = [
            line
            for line in lines(args.gunicorn_access_log)
            if stylesheet in line or "/media/smoke.txt" in line
        ]
        check(
            not served_by_app, f"the application served static/media: {served_by_app}"
        )
        step(
            f"GET {stylesheet} (gzip, immutable) and /media/smoke.txt from nginx; "
            "private media and /media/documents/ not served"
        )

        # 5. sign in as a demo child through the real form
        response = await client.get("/akun/masuk/")
        check(
            response.status_code == 200, f"/akun/masuk/ answered {response.status_code}"
        )
        csrf = client.cookies.get("csrftoken")
        check(csrf, "no csrftoken cookie")
        check(
            "secure" in response.headers.get("set-cookie", "").lower(),
            "the CSRF cookie is not Secure",
        )
        response = await client.post(
            "/akun/masuk/",
            data={
                "login": DEMO_CHILD,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Origin": args.origin, "Referer": args.origin + "/akun/masuk/"},
        )
        check(
            response.status_code == 302 and client.cookies.get("sessionid"),
            f"sign-in answered {response.status_code}",
        )
        step(f"signed in as {DEMO_CHILD} (302 → {response.headers['location']})")

        # 6. a websocket through nginx, then a support, then its live count
        ws_url = args.origin.replace("https://", "wss://") + f"/ws/dukungan/?ids={idea}"
        import websockets

        async with websockets.connect(
            ws_url,
            origin=args.origin,
            ssl=tls,
            additional_headers={
                "Cookie": f"sessionid={client.cookies.get('sessionid')}"
            },
            open_timeout=10,
        ) as socket:
            step(f"websocket open: {ws_url}")
            response = await client.post(
                f"/usulan/{idea}/dukung/",
                headers={
                    "Accept": "application/json",
                    "X-CSRFToken": client.cookies.get("csrftoken"),
                    "Origin": args.origin,
                    "Referer": args.origin + f"/usulan/{idea}/",
                },
            )
            check(
                response.status_code == 200,
                f"support answered {response.status_code}: {response.text[:300]}",
            )
            ack = response.json()
            step(f"POST /usulan/{idea}/dukung/ with CSRF: {ack}")
            started = time.monotonic()
            message = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
            check(
                message == {"type": "count", "id": idea, "count": ack["count"]},
                f"websocket said {message}",
            )
            step(
                f"the count arrived on the websocket in "
                f"{(time.monotonic() - started) * 1000:.0f} ms: {message}"
            )

        # 7. the websocket really went through nginx to a daphne
        connects = sum(
            "WSCONNECT" in line
            for log in args.daphne_access_logs.split(",")
            for line in lines(log)
        )
        check(connects >= 1, "no daphne accepted the websocket")
        nginx_log = lines(args.nginx_access_log)
        check(
            any("/ws/dukungan/" in line and " 101 " in line for line in nginx_log),
            "nginx's access log has no 101 for /ws/dukungan/",
        )
        step("nginx logged the websocket upgrade (101); a daphne accepted it")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--origin", required=True)
    parser.add_argument("--http", required=True)
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--gunicorn-access-log", required=True)
    parser.add_argument("--daphne-access-logs", required=True)
    parser.add_argument("--nginx-access-log", required=True)
    args = parser.parse_args()
    print("journey through nginx:")
    try:
        asyncio.run(journey(args))
    except (Failed, httpx.HTTPError, OSError, TimeoutError) as error:
        print(f"  FAIL {type(error).__name__}: {error}", flush=True)
        sys.exit(1)
    print("smoke-prod: pass")


if __name__ == "__main__":
    main()
