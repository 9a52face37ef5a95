"""Turn the load generator's JSON into the "Latest run" section of
docs/PERFORMANCE.md, with the targets judged PASS or MISS.

    python tests/perf/report.py --machine "..." --server "..." RESULT.json [MORE.json]

The first file is the deployed configuration, the one judged against the
targets; the others (the ASGI comparison) are shown beside it. Everything
outside the markers in docs/PERFORMANCE.md is left as it is."""

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "PERFORMANCE.md"
START, END = "<!-- latest-run:start -->", "<!-- latest-run:end -->"


def replace_section(doc, start, end, text, empty=""):
    """Put ``text`` (which carries the ``start`` and ``end`` markers) in
    place of the section between the markers of the file ``doc``, or at its
    end when it has none; everything else in the file stays as it is. Used by
    ``make bench``, ``make audit`` and ``make drills``."""
    content = doc.read_text() if doc.exists() else empty
    if start in content and end in content:
        head, rest = content.split(start, 1)
        _, tail = rest.split(end, 1)
        content = head + text + tail
    else:
        content = content.rstrip("\n") + "\n\n" + text + "\n"
    doc.write_text(content)


SUPPORTS_PER_SECOND = 400
LIST_P95_MS = 60
DETAIL_P95_MS = 40
SUPPORT_SHARE_OF_BASELINE = 0.40


def fmt(value, spec=".1f"):
    return "–" if value is None else format(value, spec)


def table(run):
    lines = [
        "| route | clients | requests | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| req/s ÷ baseline | p95 ÷ baseline | CPU ms/request: app + data "
        "| generator CPU | other work (cores) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: |",
    ]
    for r in run["results"]:
        ratio = fmt(r.get("rps_ratio"), ".2f")
        if r.get("rps_ratio_get") is not None:
            ratio += f" (÷ GET: {r['rps_ratio_get']:.2f})"
        lines.append(
            f"| {r['route']} | {r['clients']} | {r['requests']} | {r['rps']:.0f} "
            f"| {fmt(r['p50'])} | {fmt(r['p95'])} | {fmt(r['p99'])} "
            f"| {r['errors']} | {ratio} | {fmt(r.get('p95_ratio'), '.2f')} "
            f"| {fmt(r.get('server_cpu_ms'), '.2f')} + {fmt(r.get('db_cpu_ms'), '.2f')} "
            f"| {r['generator_cpu']:.0%} | {fmt(r.get('other_cores'), '.2f')} |"
        )
    return "\n".join(lines)


def by_key(run):
    return {r["key"]: r for r in run["results"]}


DISTURBED_CORES = 0.25


def disturbed(*rows):
    """A note when other work on the machine ran during these phases."""
    worst = max((r.get("other_cores") or 0.0) for r in rows)
    if worst <= DISTURBED_CORES:
        return ""
    return f" (disturbed: up to {worst:.2f} cores of other work meanwhile)"


def cpu_ms(row):
    if row.get("server_cpu_ms") is None or row.get("db_cpu_ms") is None:
        return None
    return row["server_cpu_ms"] + row["db_cpu_ms"]


def verdicts(run):
    """(target, measured, PASS/MISS, by how much) for the deployed run."""
    r = by_key(run)
    out = []

    def add(name, measured, ok, shortfall, rows=()):
        note = disturbed(*rows) if rows else ""
        out.append(
            (name, measured + note, "PASS" if ok else "MISS", "" if ok else shortfall)
        )

    if "support" in r:
        rps = r["support"]["rps"]
        add(
            f"≥ {SUPPORTS_PER_SECOND} supports/s sustained "
            f"({r['support']['clients']} clients)",
            f"{rps:.0f}/s",
            rps >= SUPPORTS_PER_SECOND,
            f"{SUPPORTS_PER_SECOND - rps:.0f}/s short "
            f"({(SUPPORTS_PER_SECOND - rps) / SUPPORTS_PER_SECOND:.0%} below)",
            [r["support"]],
        )
    for key, limit in (("list", LIST_P95_MS), ("detail", DETAIL_P95_MS)):
        if key in r:
            p95 = r[key]["p95"]
            add(
                f"{key} p95 ≤ {limit} ms at {r[key]['clients']} clients",
                f"{p95:.1f} ms",
                p95 <= limit,
                f"{p95 - limit:.1f} ms over ({p95 / limit:.1f}× the target)",
                [r[key]],
            )
    if "support" in r and "base_post_thr" in r:
        share = r["support"]["rps"] / r["base_post_thr"]["rps"]
        extra = ""
        if "base_get_thr" in r:
            extra = f"; ÷ baseline GET: {r['support']['rps'] / r['base_get_thr']['rps']:.0%}"
        support_cpu, base_cpu = cpu_ms(r["support"]), cpu_ms(r["base_post_thr"])
        if support_cpu and base_cpu:
            extra += (
                f"; in CPU per request {base_cpu:.1f} ÷ {support_cpu:.1f} ms = "
                f"{base_cpu / support_cpu:.0%}"
            )
        add(
            f"support throughput ≥ {SUPPORT_SHARE_OF_BASELINE:.0%} of the baseline "
            "POST's",
            f"{share:.0%} ({r['support']['rps']:.0f} ÷ "
            f"{r['base_post_thr']['rps']:.0f}{extra})",
            share >= SUPPORT_SHARE_OF_BASELINE,
            f"{(SUPPORT_SHARE_OF_BASELINE - share) * 100:.0f} percentage points short "
            f"(needs {SUPPORT_SHARE_OF_BASELINE * r['base_post_thr']['rps']:.0f}/s)",
            [r["support"], r["base_post_thr"]],
        )
    return out


def exactness_line(run):
    after = run["exactness"]["after"]
    state = "exact" if after["sum_of_counts"] == after["support_rows"] else "DRIFT"
    return (
        f"sum of support_count {after['sum_of_counts']} = support rows "
        f"{after['support_rows']}: **{state}**"
    )


def section(runs, machine, server, command, reconcile, date):
    deployed = runs[0]
    parts = [
        START,
        "## Latest run",
        "",
        f"- date: {date}",
        f"- command: `{command}`",
        f"- machine: {machine}",
        f"- deployed configuration: {server}",
        f"- data set: 10,000 published ideas, 20,000 children, "
        f"{deployed['exactness']['before']['support_rows']:,} supports at the start; "
        f"{deployed['children']} signed-in children in the load; each phase "
        f"{deployed['warmup']:.0f} s warm-up + {deployed['duration']:.0f} s measured",
        "",
        f"### {deployed['label']}",
        "",
        table(deployed),
        "",
        "| target | measured | verdict | by how much |",
        "| --- | --- | --- | --- |",
    ]
    for name, measured, verdict, shortfall in verdicts(deployed):
        parts.append(f"| {name} | {measured} | **{verdict}** | {shortfall} |")
    parts += ["", f"Exactness after the run: {exactness_line(deployed)}."]
    if reconcile:
        parts.append(f"`manage.py reconcile_tallies --dry-run`: {reconcile}")
    for run in runs[1:]:
        parts += [
            "",
            f"### Comparison: {run['label']}",
            "",
            table(run),
            "",
            f"Exactness after this run: {exactness_line(run)}.",
        ]
    parts += [END]
    return "\n".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results", nargs="+")
    parser.add_argument("--machine", default="")
    parser.add_argument("--server", default="")
    parser.add_argument("--command", default="make bench")
    parser.add_argument("--reconcile", default="")
    parser.add_argument("--date", default="")
    args = parser.parse_args()
    runs = [json.loads(Path(p).read_text()) for p in args.results]
    text = section(
        runs, args.machine, args.server, args.command, args.reconcile, args.date
    )
    replace_section(DOC, START, END, text, empty="# Performance\n\n")
    print()
    print("Targets (deployed configuration):")
    for name, measured, verdict, shortfall in verdicts(runs[0]):
        print(
            f"  {verdict:4}  {name}: {measured}"
            + (f" — {shortfall}" if shortfall else "")
        )
    print(f"Written to {DOC.relative_to(ROOT)} (section 'Latest run').")


if __name__ == "__main__":
    main()
