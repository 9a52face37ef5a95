"""make audit: page weight and Lighthouse on the demo site, served as in
production; figures appended to docs/PERFORMANCE.md ("Page weight and
Lighthouse").

    python tests/perf/audit.py [--runs 3] [--no-write] [--skip-lighthouse]

1. A fresh demo database (SQLite in a temporary folder: ``migrate``,
   ``load_wilayah``, ``seed_demo``, as ``make setup`` does), ``collectstatic``
   (whitenoise's hashed, gzip- and brotli-compressed files), and gunicorn
   with the production settings (``tests/perf/audit_settings.py``: only the
   HTTPS redirect, HSTS and the Secure cookie flag are off, for plain HTTP on
   loopback) and its own Redis.
2. Page weight: Debian's Chromium through Playwright, an emulated Pixel 5,
   an empty cache, the first visit to /usulan/; every response's encoded
   transfer size (headers and body as they crossed the wire, from the
   DevTools protocol), idea photos (/usulan/<id>/foto/…) excluded. Budget:
   60 KB in total, and no request to any host but the server.
3. Lighthouse (npm package pinned in tests/perf/lighthouse/package.json,
   installed there on first use), default mobile profile (simulated
   throttling), against Debian's Chromium: performance and accessibility of
   /, /usulan/, /usulan/<id>/ and /akun/daftar/, ``--runs`` times each; the
   median performance score is reported. Targets: performance ≥ 95,
   accessibility 100.
"""

import argparse
import datetime
import gzip
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf.drill_env import Process, Redis, log  # noqa: E402
from tests.perf.report import replace_section  # noqa: E402
from tests.voting.servers import free_port  # noqa: E402

BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
LIGHTHOUSE_DIR = ROOT / "tests" / "perf" / "lighthouse"
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- audit:start -->", "<!-- audit:end -->"
BUDGET_BYTES = 60 * 1024
PHOTO = re.compile(r"^/usulan/\d+/foto/")
PERFORMANCE_TARGET, ACCESSIBILITY_TARGET = 95, 100


class Site:
    """The demo site under production settings, in a temporary folder."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="musrenbang-audit-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.redis = Redis(self.dir)
        self.server = None

    def env(self, settings, **extra):
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL"}
            and not k.startswith("PYTEST_")
        }
        env.update(
            DJANGO_SETTINGS_MODULE=settings,
            DATABASE_URL=f"sqlite:///{self.dir / 'demo.sqlite3'}",
            MEDIA_ROOT=str(self.dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.dir / "private_media"),
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def production_env(self):
        return self.env(
            "tests.perf.audit_settings",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1",
            CSRF_TRUSTED_ORIGINS=self.url,
            REDIS_URL=self.redis.url(0),
            AUDIT_STATIC_ROOT=str(self.dir / "static"),
        )

    def manage(self, env, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{result.stderr}")
        return result.stdout

    def __enter__(self):
        try:
            self.secret_key = secrets.token_urlsafe(64)
            dev = self.env("portal.settings.dev")
            log(f"demo database in {self.dir}")
            for command in (["migrate", "--noinput", "-v0"], ["load_wilayah"]):
                self.manage(dev, *command)
            self.manage(dev, "seed_demo")
            self.redis.start()
            env = self.production_env()
            self.manage(env, "collectstatic", "--noinput", "-v0")
            self.server = Process(
                "gunicorn",
                [
                    str(BIN / "gunicorn"),
                    "portal.wsgi",
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--log-level",
                    "warning",
                ],
                env,
                self.dir,
            )
            self.wait_healthy()
            log(f"gunicorn (production settings, 2 workers) at {self.url}")
        except BaseException:
            self.__exit__()
            raise
        return self

    def wait_healthy(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.server.alive():
                raise RuntimeError(self.server.log_path.read_text()[-3000:])
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz")

    def first_idea(self):
        """The public idea at the top of /usulan/ (the detail page audited)."""
        with urllib.request.urlopen(self.url + "/usulan/", timeout=10) as r:  # noqa: S310
            html = r.read().decode()
        return int(re.search(r'href="/usulan/(\d+)/"', html).group(1))

    def __exit__(self, *exc):
        if self.server:
            self.server.stop()
        self.redis.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# -- page weight -------------------------------------------------------------


def page_weight(site, path="/usulan/"):
    """Every response of a first visit on an emulated Pixel 5, empty cache."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS.split())
        context = browser.new_context(**p.devices["Pixel 5"])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        responses, sizes, requested = {}, {}, []
        cdp.on(
            "Network.requestWillBeSent",
            lambda e: requested.append(e["request"]["url"]),
        )
        cdp.on(
            "Network.responseReceived",
            lambda e: responses.__setitem__(
                e["requestId"],
                {
                    "url": e["response"]["url"],
                    "status": e["response"]["status"],
                    "type": e["type"],
                    "encoding": e["response"]["headers"].get(
                        "content-encoding",
                        e["response"]["headers"].get("Content-Encoding", ""),
                    ),
                },
            ),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
        )
        page.goto(site.url + path, wait_until="networkidle")
        page.wait_for_timeout(1500)  # lazy images, a late script, the websocket
        context.close()
        browser.close()
    rows = []
    for request_id, response in responses.items():
        parts = urlsplit(response["url"])
        rows.append(
            {
                **response,
                "path": parts.path + (f"?{parts.query}" if parts.query else ""),
                "host": parts.netloc,
                "bytes": int(sizes.get(request_id, 0)),
                "photo": bool(PHOTO.match(parts.path)),
            }
        )
    server = urlsplit(site.url).netloc
    foreign = sorted(
        {
            urlsplit(u).netloc
            for u in requested
            if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urlsplit(u).netloc != server
        }
    )
    total = sum(r["bytes"] for r in rows if not r["photo"])
    # gunicorn sends HTML as it is; nginx gzips it in production.
    with urllib.request.urlopen(site.url + path, timeout=10) as r:  # noqa: S310
        html = r.read()
    return {
        "html_bytes": len(html),
        "html_gzip_bytes": len(gzip.compress(html, compresslevel=5)),
        "path": path,
        "rows": rows,
        "total": total,
        "photos": sum(r["bytes"] for r in rows if r["photo"]),
        "foreign_hosts": foreign,
        "passed": total <= BUDGET_BYTES and not foreign,
    }


def print_weight(w):
    print()
    print(f"First visit to {w['path']} (Pixel 5, empty cache)")
    print(f"  {'bytes':>7}  {'status':>6}  {'encoding':8}  resource")
    for r in w["rows"]:
        note = "  (idea photo, excluded)" if r["photo"] else ""
        print(
            f"  {r['bytes']:>7}  {r['status']:>6}  {r['encoding'] or '-':8}  {r['path']}{note}"
        )
    print(
        f"  total {w['total']} bytes = {w['total'] / 1024:.1f} KiB "
        f"(budget {BUDGET_BYTES / 1024:.0f} KiB); other hosts: {w['foreign_hosts'] or 'none'}"
    )


# -- Lighthouse ------------------------------------------------------------------


def lighthouse_bin():
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        log("installing Lighthouse into tests/perf/lighthouse (npm)…")
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=LIGHTHOUSE_DIR,
            check=True,
            timeout=900,
        )
    return binary


def lighthouse(url, out_dir, run):
    out = (
        out_dir
        / f"{urlsplit(url).path.strip('/').replace('/', '_') or 'home'}-{run}.json"
    )
    result = subprocess.run(
        [
            str(lighthouse_bin()),
            url,
            f"--chrome-path={CHROMIUM}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text())
    audits = report["audits"]

    def metric(name):
        return audits[name].get("numericValue")

    failing = [
        f"{a}: {audits[a]['title']}"
        for ref in report["categories"]["accessibility"]["auditRefs"]
        if (a := ref["id"]) in audits
        and audits[a].get("score") is not None
        and audits[a]["score"] < 1
        and ref.get("weight", 0) > 0
    ]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "fcp": metric("first-contentful-paint"),
        "lcp": metric("largest-contentful-paint"),
        "tbt": metric("total-blocking-time"),
        "cls": metric("cumulative-layout-shift"),
        "si": metric("speed-index"),
        "failing_accessibility": failing,
        "form_factor": report["configSettings"]["formFactor"],
        "version": report["lighthouseVersion"],
    }


def audit_pages(site, paths, runs):
    out_dir = site.dir / "lighthouse"
    out_dir.mkdir(exist_ok=True)
    results = {}
    for path in paths:
        scores = []
        for n in range(runs):
            scores.append(lighthouse(site.url + path, out_dir, n))
            log(
                f"Lighthouse {path} run {n + 1}: performance "
                f"{scores[-1]['performance']}, accessibility {scores[-1]['accessibility']}"
            )
        ordered = sorted(scores, key=lambda s: s["performance"])
        median = ordered[len(ordered) // 2]
        results[path] = {
            **median,
            "performance_runs": [s["performance"] for s in scores],
            "accessibility_runs": [s["accessibility"] for s in scores],
            "passed": median["performance"] >= PERFORMANCE_TARGET
            and min(s["accessibility"] for s in scores) >= ACCESSIBILITY_TARGET,
        }
    return results


def print_lighthouse(results):
    print()
    print("Lighthouse (mobile, simulated throttling), median performance of the runs")
    for path, r in results.items():
        print(
            f"  {path:22} performance {r['performance']:>3} {r['performance_runs']}  "
            f"accessibility {r['accessibility']:>3} {r['accessibility_runs']}  "
            f"FCP {r['fcp'] / 1000:.1f} s, LCP {r['lcp'] / 1000:.1f} s, "
            f"TBT {r['tbt']:.0f} ms, CLS {r['cls']:.3f}"
        )
        for item in r["failing_accessibility"]:
            print(f"      accessibility: {item}")


# -- report ------------------------------------------------------------------------


def section(weight, lh, runs, when, idea):
    lines = [
        START,
        "## Page weight and Lighthouse",
        "",
        "`make audit` (`.venv/bin/python tests/perf/audit.py`) serves a fresh demo site "
        "(`migrate`, `load_wilayah`, `seed_demo` into a temporary SQLite database; "
        "`collectstatic`) with gunicorn and the production settings, relaxed only for "
        "plain HTTP on loopback (`tests/perf/audit_settings.py`: no HTTPS redirect, no "
        "HSTS, no `Secure` cookie flag), then measures the first visit's weight in "
        "Debian's Chromium and runs Lighthouse against the same Chromium. It is not part "
        "of `make test`; it installs Lighthouse (pinned in "
        "`tests/perf/lighthouse/package.json`) with npm on first use.",
        "",
        "```sh",
        "make audit                                         # everything, figures written here",
        ".venv/bin/python tests/perf/audit.py --runs 5      # more Lighthouse runs per page",
        ".venv/bin/python tests/perf/audit.py --skip-lighthouse --no-write  # page weight only",
        "```",
        "",
        f"Latest run: {when}.",
        "",
        f"### First visit to `{weight['path']}` on a phone",
        "",
        "Emulated Pixel 5, empty cache, every response's encoded transfer size "
        "(headers + body as sent, from the DevTools protocol); idea photos excluded.",
        "",
        "| resource | status | encoding | bytes |",
        "| --- | ---: | --- | ---: |",
    ]
    for r in weight["rows"]:
        name = f"`{r['path']}`" + (" (idea photo, excluded)" if r["photo"] else "")
        lines.append(
            f"| {name} | {r['status']} | {r['encoding'] or '–'} | {r['bytes']:,} |"
        )
    lines += [
        f"| **total, photos excluded** | | | **{weight['total']:,}** "
        f"({weight['total'] / 1024:.1f} KiB) |",
        "",
        f"Budget 60 KB: **{'met' if weight['total'] <= BUDGET_BYTES else 'MISSED'}**. "
        f"Requests to any other host: **{', '.join(weight['foreign_hosts']) or 'none'}**.",
        "",
        "The static files come compressed by whitenoise (brotli); the HTML is counted "
        "uncompressed, as gunicorn sends it: behind the production nginx (gzip level 5, "
        f"checked by `make smoke-prod`) its {weight['html_bytes']:,} bytes travel as about "
        f"{weight['html_gzip_bytes']:,}. Not counted: the websocket `live.js` opens (the "
        "audit serves no `/ws/`; a handshake is a few hundred bytes). The demo's ideas "
        "have no photos, so none was excluded.",
        "",
        f"### Lighthouse, mobile profile ({runs} runs per page, median performance)",
        "",
        f"Lighthouse {next(iter(lh.values()))['version']} with its default mobile "
        "form factor and simulated throttling (slow 4G, 4× CPU slowdown), "
        f"`--chrome-path={CHROMIUM}`; `/usulan/{idea}/` is the first idea of the list.",
        "",
        "| page | performance (runs) | accessibility (runs) | FCP | LCP | TBT | CLS | verdict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for path, r in lh.items():
        lines.append(
            f"| `{path}` | {r['performance']} ({', '.join(map(str, r['performance_runs']))}) "
            f"| {r['accessibility']} ({', '.join(map(str, r['accessibility_runs']))}) "
            f"| {r['fcp'] / 1000:.1f} s | {r['lcp'] / 1000:.1f} s | {r['tbt']:.0f} ms "
            f"| {r['cls']:.3f} | {'**pass**' if r['passed'] else '**MISS**'} |"
        )
    lines += ["", "Targets: performance ≥ 95, accessibility 100 on every page.", END]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(
            "make audit needs Debian's Chromium at /usr/bin/chromium (make chromium)."
        )
    with Site() as site:
        idea = site.first_idea()
        weight = page_weight(site)
        print_weight(weight)
        lh = {}
        if not args.skip_lighthouse:
            paths = ["/", "/usulan/", f"/usulan/{idea}/", "/akun/daftar/"]
            lh = audit_pages(site, paths, args.runs)
            print_lighthouse(lh)
    passed = weight["passed"] and all(r["passed"] for r in lh.values())
    if lh and not args.no_write:
        when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        replace_section(DOC, START, END, section(weight, lh, args.runs, when, idea))
        print(f"\nfigures written to {DOC.relative_to(ROOT)}")
    print("\naudit:", "pass" if passed else "MISS (see above)")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
