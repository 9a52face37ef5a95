"""Fault drill: back the database up and restore it into a new one.

    python tests/perf/drill_backup.py        # or: make drills

The commands are the ones docs/DEPLOY.md prescribes for production:

    pg_dump -Fc -h HOST -U postgres -f musrenbang.dump musrenbang
    createdb -h HOST -U postgres musrenbang_restored
    pg_restore -h HOST -U postgres --no-owner --exit-on-error \\
        -d musrenbang_restored musrenbang.dump

The drill takes a dump while children keep tapping "dukung" (pg_dump
reads one consistent snapshot, so a backup needs no downtime), then runs
the nightly job itself (deploy/backup.sh: the dump and a tarball of both
media folders) on the quiet database; each dump is restored into a new
database and compared with what it was taken from: the exact number of
rows of every table, a checksum of every support row (child, idea, time),
the sum of the counters against the rows, and ``manage.py
reconcile_tallies --dry-run`` run against the restored database.
"""

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.drill_env import DrillEnvironment, log  # noqa: E402

SUPPORT_CHECKSUM = (
    "SELECT md5(coalesce(string_agg(child_id || ':' || proposal_id || ':' || "
    "created_at::text, ',' ORDER BY child_id, proposal_id), '')) FROM voting_support"
)


def snapshot(env, database):
    """Rows of every table, the supports' checksum, counters against rows."""
    with env.postgres.connect(database) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        rows = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
            for t in tables
        }
        checksum = conn.execute(SUPPORT_CHECKSUM).fetchone()[0]
        total = conn.execute(
            "SELECT coalesce(sum(support_count), 0) FROM proposals_proposal"
        ).fetchone()[0]
    return {
        "tables": rows,
        "supports_md5": checksum,
        "sum_counts": int(total),
        "supports": rows["voting_support"],
    }


def run_tool(env, *args):
    result = subprocess.run(
        [env.postgres.tool(args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}:\n{result.stderr}")
    return result


def backup_script(env, folder):
    """deploy/backup.sh, the nightly job of docs/DEPLOY.md, as its systemd
    unit runs it: the database dump and a tarball of the uploaded files."""
    for name in ("media", "private_media"):
        (env.dir / name).mkdir(exist_ok=True)
        (env.dir / name / f"drill-{name}.txt").write_text(f"a file in {name}\n")
    script_env = env.app_env(
        BACKUP_DIR=str(folder / "nightly"),
        KEEP_DAYS="14",
        PATH=f"{env.postgres.bindir}:{os.environ.get('PATH', '')}",
    )
    result = subprocess.run(
        ["bash", str(env_root() / "deploy" / "backup.sh")],
        env=script_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"deploy/backup.sh:\n{result.stdout}{result.stderr}")
    dump = next((folder / "nightly").glob("musrenbang-*.dump"))
    media = next((folder / "nightly").glob("media-*.tar.gz"))
    listing = subprocess.run(
        ["tar", "-tzf", str(media)], capture_output=True, text=True, check=True
    ).stdout
    return (
        dump,
        result.stdout.strip(),
        all(f"drill-{name}.txt" in listing for name in ("media", "private_media")),
    )


def dump_and_restore(env, label, dump_path, restored, dump=True):
    host = ["-h", "127.0.0.1", "-p", str(env.postgres.port), "-U", "postgres"]
    started = time.monotonic()
    if dump:
        run_tool(env, "pg_dump", "-Fc", *host, "-f", str(dump_path), env.database)
    dumped = time.monotonic()
    run_tool(env, "createdb", *host, restored)
    run_tool(
        env,
        "pg_restore",
        *host,
        "--no-owner",
        "--exit-on-error",
        "-d",
        restored,
        str(dump_path),
    )
    finished = time.monotonic()
    log(
        f"{label}: pg_dump {dumped - started:.1f} s "
        f"({dump_path.stat().st_size / 1024:.0f} KiB), "
        f"pg_restore {finished - dumped:.1f} s"
    )
    return {
        "dump_seconds": round(dumped - started, 2),
        "restore_seconds": round(finished - dumped, 2),
        "dump_kib": round(dump_path.stat().st_size / 1024),
    }


async def tapping(env, stop, acks):
    from tests.perf import load

    target = load.Target(env.http_port)
    conn = load.Connection(env.http_port)
    ideas = env.dataset["ideas"]
    n = 0
    while not stop.is_set():
        child = env.children[n % len(env.children)]
        n += 1
        status, _, _ = await conn.request(
            target.post(f"/usulan/{ideas[(n * 7) % len(ideas)]}/dukung/", child)
        )
        acks.append(status)
        await asyncio.sleep(0.05)
    conn.close()


async def dump_under_load(env, dump_path, restored):
    stop, acks = asyncio.Event(), []
    task = asyncio.ensure_future(tapping(env, stop, acks))
    await asyncio.sleep(1.0)
    timing = await asyncio.to_thread(
        dump_and_restore, env, "under load", dump_path, restored
    )
    stop.set()
    await task
    return timing, sum(1 for s in acks if s == 200), len(acks)


def restored_reconcile(env, database):
    result = subprocess.run(
        [sys.executable, "manage.py", "reconcile_tallies", "--dry-run"],
        cwd=env_root(),
        env=env.app_env(DATABASE_URL=env.postgres.url(database)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return (result.stdout.strip().splitlines() or [result.stderr])[-1]


def env_root():
    return Path(__file__).resolve().parents[2]


def run(env):
    folder = env.dir / "backup"
    folder.mkdir(exist_ok=True)

    # 1. under load: the restored copy must be one consistent moment.
    busy_timing, taps_ok, taps = asyncio.run(
        dump_under_load(env, folder / "busy.dump", "musrenbang_restored_busy")
    )
    busy = snapshot(env, "musrenbang_restored_busy")
    busy_reconcile = restored_reconcile(env, "musrenbang_restored_busy")

    # 2. quiet: the restored copy must equal the original, row for row.
    original = snapshot(env, env.database)
    started = time.monotonic()
    dump_path, script_said, media_ok = backup_script(env, folder)
    script_seconds = time.monotonic() - started
    log(f"deploy/backup.sh: {script_said} ({script_seconds:.1f} s)")
    quiet_timing = dump_and_restore(
        env, "quiet", dump_path, "musrenbang_restored", dump=False
    )
    quiet_timing["dump_seconds"] = round(script_seconds, 2)
    restored = snapshot(env, "musrenbang_restored")
    reconcile = restored_reconcile(env, "musrenbang_restored")
    differing = {
        t: (n, restored["tables"].get(t))
        for t, n in original["tables"].items()
        if restored["tables"].get(t) != n
    }
    checks = {
        "deploy/backup.sh kept the database and both media folders": media_ok,
        "every table has the same rows after restore": not differing
        and set(original["tables"]) == set(restored["tables"]),
        "supports checksum equal": original["supports_md5"] == restored["supports_md5"],
        "restored counts equal rows": restored["sum_counts"] == restored["supports"]
        and "No drift" in reconcile,
        "backup under load is consistent": busy["sum_counts"] == busy["supports"]
        and "No drift" in busy_reconcile
        and taps_ok > 0,
    }
    result = {
        "tables": len(original["tables"]),
        "rows": sum(original["tables"].values()),
        "supports": original["supports"],
        "supports_md5": original["supports_md5"],
        "restored_supports_md5": restored["supports_md5"],
        "differing_tables": differing,
        "quiet": quiet_timing,
        "backup_script": script_said,
        "under_load": {
            **busy_timing,
            "taps_during": taps,
            "taps_acknowledged": taps_ok,
            "supports": busy["supports"],
            "sum_counts": busy["sum_counts"],
            "reconcile": busy_reconcile,
        },
        "reconcile": reconcile,
        "checks": checks,
        "passed": all(checks.values()),
    }
    print_result(result)
    return result


def print_result(r):
    print()
    print("Backup and restore drill")
    print(
        f"  quiet database: {r['tables']} tables, {r['rows']} rows, "
        f"{r['supports']} supports; dump {r['quiet']['dump_kib']} KiB in "
        f"{r['quiet']['dump_seconds']} s, restore {r['quiet']['restore_seconds']} s"
    )
    print(
        f"  supports md5 {r['supports_md5']} → restored {r['restored_supports_md5']}; "
        f"tables differing: {r['differing_tables'] or 'none'}"
    )
    print(f"  deploy/backup.sh said: {r['backup_script']}")
    print(f"  restored database: reconcile_tallies --dry-run: {r['reconcile']}")
    u = r["under_load"]
    print(
        f"  under load ({u['taps_acknowledged']} of {u['taps_during']} taps "
        f"acknowledged meanwhile): restored {u['supports']} supports, "
        f"sum of counts {u['sum_counts']}; {u['reconcile']}"
    )
    for name, ok in r["checks"].items():
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}")


def main():
    with DrillEnvironment() as env:
        result = run(env)
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
