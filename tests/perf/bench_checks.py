"""How long the automatic checks take for one idea (issue 13 item 1: the word
lists became data that staff maintain; checking a text must not get slower).

    PYTHONPATH=. .venv/bin/python tests/perf/bench_checks.py [--rounds N]

Steady state, as on a server: the staff entries are in the cache (none, then
50 added words), the lists compiled. Prints the median and the best CPU time
(``time.process_time``, which other processes on a busy machine disturb less
than wall time) of each call; the figures of a run are in
docs/PERFORMANCE.md ("The automatic checks").
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402

from proposals import checks  # noqa: E402
from proposals.checks import wordlists  # noqa: E402

IDEA = {
    "title": "Taman bacaan di dekat balai desa",
    "problem": (
        "Halo kak, nama saya Andi Pratama dari SDN 05 Ledo kelas 5B. Jalan ke "
        "sekolah rusak parah dan licin kalau hujan. Rumah saya di Jl. Merdeka "
        "No. 12 RT 02/RW 03, wa 0812-3456-7890."
    ),
    "description": (
        "Di desa kami banyak anjing liar dan babi ternak. Kami ingin ada taman "
        "bermain dan perpustakaan. Om itu sering pegang2 aku, aku takut. Tolong "
        "jangan bilang siapa siapa."
    ),
    "benefit": (
        "Lapangan sepak bola di Kecamatan Bengkayang perlu diperbaiki, tendangan "
        "bebas sering keluar. Anggaran Rp 50.000.000 cukup untuk 30 anak."
    ),
}

CALLS = {
    "check_fields (an idea: 4 fields, 560 characters)": (
        lambda: checks.check_fields(IDEA),
        50,
    ),
    "check_text (one field, 190 characters)": (
        lambda: checks.check_text(IDEA["problem"]),
        100,
    ),
    "check_public_name ('Kak Rio')": (lambda: checks.check_public_name("Kak Rio"), 500),
}


def cpu_ms(call, n):
    start = time.process_time()
    for _ in range(n):
        call()
    return (time.process_time() - start) / n * 1000


def run(label, staff, rounds):
    wordlists.forget()
    cache.set(wordlists.CACHE_KEY, staff, None)
    print(f"{label}:")
    for name, (call, n) in CALLS.items():
        call()  # compile the lists outside the measurement
        times = [cpu_ms(call, n) for _ in range(rounds)]
        print(
            f"  {name}: median {statistics.median(times):.3f} ms, "
            f"best {min(times):.3f} ms"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    run("Shipped lists only", wordlists.NO_STAFF_WORDS, rounds)
    fifty = wordlists.StaffWords.of(
        ("profanity", f"katakasar{chr(97 + i // 26)}{chr(97 + i % 26)}", "add")
        for i in range(50)
    )
    run("With 50 staff entries", fifty, rounds)


if __name__ == "__main__":
    main()
