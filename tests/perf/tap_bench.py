"""The support tap in-process, two ways of reading the idea in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/musrenbang_tapbench \\
        .venv/bin/python tests/perf/tap_bench.py [--taps 1000] [--rounds 3]

Not a test and not part of ``make bench``: it answers one question of issue 13
(item 4), whether the tap's check query is worth writing out in SQL. The
variants are in ``tap_variants.py``. It creates a throwaway database (``test_`` + the name in DATABASE_URL, dropped at
the end), migrates it, makes an open cycle without a support limit, 400
children with consent and 200 public ideas, then, round after round (the
order of the variants alternating), runs the same seeded sequence of taps
with each variant, the supports emptied before every run:

- ``function``: ``voting.actions.toggle_support`` called directly;
- ``request``: ``POST /usulan/<id>/dukung/`` (JSON) through Django's test
  client, signed in: the view, the rate limit, the session (local-memory
  cache, in-memory channel layer: no Redis), the tap.

Each run reports the CPU per tap of this process plus the PostgreSQL backend
serving it (from /proc), and the wall time. The figures go into
docs/PERFORMANCE.md ("The tap's check query: SQL or the ORM")."""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")


def backend_cpu(pid):
    """User + system CPU seconds of a local process (a PostgreSQL backend)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--children", type=int, default=400)
    parser.add_argument("--ideas", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database (a throwaway copy is made)."
        )
    setup_test_environment()
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database ready in {time.perf_counter() - started:.0f} s", flush=True)
        run(args, connection, Client)
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
        )


def run(args, connection, Client):
    from django.core.cache import cache

    from portal.accounts import roles
    from proposals.models import Proposal
    from proposals.setup import ensure_moderation_setup
    from tests import factories
    from tests.perf import tap_variants
    from voting import actions
    from voting.models import Support

    ensure_moderation_setup()
    cycle = factories.make_cycle()
    moderator = factories.make_staff(roles.MODERATOR)
    started = time.perf_counter()
    children = factories.make_children(args.children)
    ideas = [
        factories.public_idea(cycle, moderator, proposer=children[n % len(children)]).pk
        for n in range(args.ideas)
    ]
    print(f"data ready in {time.perf_counter() - started:.0f} s", flush=True)
    clients = []
    for child in children:
        client = Client()
        client.force_login(child)
        clients.append(client)
    draw = random.Random(13)
    sequence = [
        (draw.randrange(len(children)), draw.choice(ideas)) for _n in range(args.taps)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def reset():
        Support.objects.all().delete()
        Proposal.objects.update(support_count=0)
        cache.clear()  # the rate limit's counters (sessions stay in the database)

    def tap_function(index, pk):
        actions.toggle_support(children[index], pk)

    def tap_request(index, pk):
        response = clients[index].post(
            f"/usulan/{pk}/dukung/", HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 200, (response.status_code, response.content)

    levels = {"function": tap_function, "request": tap_request}
    variants = tap_variants.VARIANTS
    results = {(level, name): [] for level in levels for name in variants}
    original = actions.checked_idea
    try:
        for round_number in range(args.rounds + 1):  # round 0 warms up
            order = list(variants) if round_number % 2 else list(reversed(variants))
            for level, tap in levels.items():
                for name in order:
                    actions.checked_idea = variants[name]
                    reset()
                    cpu, pg, wall = (
                        time.process_time(),
                        backend_cpu(backend),
                        time.perf_counter(),
                    )
                    for index, pk in sequence:
                        tap(index, pk)
                    cpu = time.process_time() - cpu
                    pg = backend_cpu(backend) - pg
                    wall = time.perf_counter() - wall
                    per_tap = [1000 * x / args.taps for x in (cpu, pg, cpu + pg, wall)]
                    if round_number:
                        results[(level, name)].append(per_tap)
                    print(
                        f"round {round_number} {level:8} {name:8} "
                        "app {:.2f} + db {:.2f} = {:.2f} ms CPU, wall {:.2f} ms".format(
                            *per_tap
                        ),
                        flush=True,
                    )
    finally:
        actions.checked_idea = original
    print("\nmedian of the rounds, ms per tap (app CPU + database CPU = CPU; wall)")
    for level in levels:
        base = None
        for name in variants:
            runs = results[(level, name)]
            med = [statistics.median(r[i] for r in runs) for i in range(4)]
            base = base or med
            print(
                f"{level:8} {name:8} {med[0]:.2f} + {med[1]:.2f} = {med[2]:.2f} CPU "
                f"({100 * (med[2] / base[2] - 1):+.1f} %), wall {med[3]:.2f} "
                f"({100 * (med[3] / base[3] - 1):+.1f} %)"
            )


if __name__ == "__main__":
    main()
