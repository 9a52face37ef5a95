"""make drills: the three fault drills in one environment, figures written
to docs/RELIABILITY.md ("Latest drill run") and .bench/drills/<date>.json.

    python tests/perf/run_drills.py [--only postgres,redis,backup] [--no-write]

Needs no running service: it starts its own PostgreSQL cluster and Redis
server on free loopback ports (tests/perf/drill_env.py). Exit status 1 if
any check failed.
"""

import argparse
import datetime
import json
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf import drill_backup, drill_postgres, drill_redis  # noqa: E402
from tests.perf.drill_env import DrillEnvironment, log  # noqa: E402
from tests.perf.report import replace_section  # noqa: E402

DOC = ROOT / "docs" / "RELIABILITY.md"
START, END = "<!-- latest-drills:start -->", "<!-- latest-drills:end -->"
DRILLS = {"postgres": drill_postgres, "redis": drill_redis, "backup": drill_backup}


def versions(env):
    pg = re.search(
        r"\d+\.\d+",
        subprocess.run(
            [env.postgres.tool("postgres"), "--version"], capture_output=True, text=True
        ).stdout,
    ).group(0)
    redis = (
        subprocess.run(["redis-server", "--version"], capture_output=True, text=True)
        .stdout.split()[2]
        .removeprefix("v=")
    )
    import django
    import gunicorn

    return (
        f"PostgreSQL {pg}, Redis {redis}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, gunicorn {gunicorn.__version__} "
        f"({env.workers} sync workers) + daphne, production settings"
    )


def verdict(ok):
    return "**pass**" if ok else "**FAIL**"


def checks_table(result):
    return "\n".join(
        f"| {name} | {verdict(ok)} |" for name, ok in result["checks"].items()
    )


def section(results, when, machine):
    out = [
        START,
        "## Latest drill run",
        "",
        f"- date: {when}",
        "- command: `make drills` (`.venv/bin/python tests/perf/run_drills.py`)",
        f"- {machine}; own PostgreSQL cluster and Redis server on loopback; "
        f"data set of {drill_env_sizes()}",
        "",
    ]
    if "postgres" in results:
        r = results["postgres"]
        o = r["outage"]
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
        out += [
            "### PostgreSQL restarted during a support load",
            "",
            f"{drill_postgres.CLIENTS} clients tapping supports (JSON) and one "
            "reading pages; `pg_ctl stop -m fast` at "
            f"{o['stop']:.1f} s, `pg_ctl start` {drill_postgres.DOWN:.0f} s later "
            f"(ready at {o['ready']:.1f} s), load until {drill_postgres.BEFORE + drill_postgres.DOWN + drill_postgres.AFTER + 2:.0f} s.",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| requests (answers by status) | {r['requests']} ({statuses}) |",
            f"| supports acknowledged (200 JSON) | {r['acknowledged']} of {r['supports']} |",
            f"| refused during the outage | {r['refused']}, all 503 with the friendly answer: "
            f"{'yes' if not r['unfriendly_count'] else 'no, ' + str(r['unfriendly_count']) + ' were not'} |",
            f"| refusals between | {r['refused_window'][0]:.1f} s and {r['refused_window'][1]:.1f} s |",
            f"| first success after `pg_ctl start` | {r['recovery_seconds']:.2f} s (requests started 2 s after it that failed: {r['failures_2s_after_ready']}) |"
            if r["recovery_seconds"] is not None
            else "| first success after `pg_ctl start` | none |",
            f"| gunicorn workers before → after | {r['workers_before']} → {r['workers_after']} (not restarted) |",
            f"| (child, idea) pairs acknowledged | {r['pairs_acknowledged']}: lost {r['pairs_lost']}, "
            f"present though withdrawn {r['pairs_ghost']} |",
            f"| pairs whose last tap was refused | {r['pairs_undecided']}; taps applied all the same: {r['refused_but_applied']} |",
            f"| sum of `support_count` = rows | {r['sum_counts']} = {r['rows']}; ideas drifting: {r['ideas_drifting']} |",
            f"| `reconcile_tallies --dry-run` | {r['reconcile']} |",
            "",
            "| check | verdict |",
            "| --- | --- |",
            checks_table(r),
            "",
        ]
    if "redis" in results:
        r = results["redis"]
        o = r["outage"]
        closes = "; ".join(
            f"{c['t']} s: {c['code']} (retry in {c['retry_in']} s)"
            for c in r["socket_closes"]
        )
        out += [
            "### Redis stopped during live updates",
            "",
            f"A page subscribed to {drill_redis.WATCHED} ideas over `/ws/dukungan/` (a client "
            "that behaves like `static/js/live.js`), children tapping supports on them "
            "every ~0.5 s, a reader on `/usulan/`, `/usulan/<id>/`, `/` and `/healthz`. "
            f"Redis stopped at {o['stop']:.1f} s, started again, empty, at {o['ready']:.1f} s.",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| supports acknowledged | {r['supports_acknowledged']} "
            f"({r['supports_acknowledged_during']} while Redis was down); failed: {r['support_failure_count']} |",
            f"| pages | {', '.join(f'{k}: {v}' for k, v in sorted(r['pages'].items()))} "
            f"({r['pages_during']} while Redis was down) |",
            f"| `/healthz` while Redis was down | `{json.dumps(r['healthz_during'][0]) if r['healthz_during'] else '-'}` |",
            f"| live counts received before the outage | {r['live_counts_before']} |",
            f"| the page's socket | opened at {r['socket_opens']} s; closed at {closes} |",
            f"| live updates resumed | {r['resumed_after_restart']} s after Redis was back "
            f"(that support reached the page {r['resumed_tap_to_socket']} s after the tap) |",
            f"| counts on the page at the end = in the database | {dict(sorted(r['shown_at_end'].items()))} = {dict(sorted(r['stored_at_end'].items()))} |",
            f"| sum of `support_count` = rows | {r['sum_counts']} = {r['rows']} |",
            "",
            "| check | verdict |",
            "| --- | --- |",
            checks_table(r),
            "",
        ]
    if "backup" in results:
        r = results["backup"]
        u = r["under_load"]
        out += [
            "### Backup and restore",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| database | {r['tables']} tables, {r['rows']} rows, {r['supports']} supports |",
            f"| `deploy/backup.sh` (`pg_dump -Fc` + media tarball) | {r['quiet']['dump_kib']} KiB dump; "
            f"{r['quiet']['dump_seconds']} s in all; said: {r['backup_script']} |",
            f"| `pg_restore` into a new database | {r['quiet']['restore_seconds']} s |",
            f"| tables whose row count differs | {len(r['differing_tables'])} |",
            f"| md5 of every support row, original → restored | `{r['supports_md5']}` → `{r['restored_supports_md5']}` |",
            f"| restored: `reconcile_tallies --dry-run` | {r['reconcile']} |",
            f"| dump taken under load ({u['taps_acknowledged']} taps acknowledged meanwhile) | "
            f"restored {u['supports']} supports, sum of counts {u['sum_counts']}; {u['reconcile']} |",
            "",
            "| check | verdict |",
            "| --- | --- |",
            checks_table(r),
            "",
        ]
    out.append(END)
    return "\n".join(out)


def drill_env_sizes():
    from tests.perf import drill_env

    return (
        f"{drill_env.DRILL_IDEAS} ideas, {drill_env.DRILL_CHILDREN} children, "
        f"{drill_env.DRILL_SUPPORTS:,} supports (`tests/perf/generate_data.py`)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="postgres,redis,backup")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    wanted = [name.strip() for name in args.only.split(",") if name.strip()]
    results = {}
    with DrillEnvironment() as env:
        machine = versions(env)
        for name in wanted:
            log(f"--- {name} drill ---")
            results[name] = DRILLS[name].run(env)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out_dir = ROOT / ".bench" / "drills"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    (out_dir / f"{stamp}.json").write_text(json.dumps(results, indent=1, default=str))
    passed = all(r["passed"] for r in results.values())
    print()
    for name, r in results.items():
        print(f"{name:9} {'pass' if r['passed'] else 'FAIL'}")
    if not args.no_write and set(wanted) == set(DRILLS):
        replace_section(DOC, START, END, section(results, when, machine))
        print(
            f"figures written to {DOC.relative_to(ROOT)} and .bench/drills/{stamp}.json"
        )
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
