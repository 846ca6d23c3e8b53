"""`make bench`: every benchmark in benchmarks/, one table, written to benchmarks/RESULTS.md.

Runs each benchmark script — every script here that can be run, today check.py, build.py and
render.py — in its own process with ``--json``;
each measures our time and its floor in the same run and ends its output with one JSON line of
rows (see :func:`row`). Prints one table — workload, our time, the floor, the ratio, the target,
pass/fail — and writes it to benchmarks/RESULTS.md with the machine it was measured on, the
date, and each script's own detailed output. Exit code 1 when a target is missed or a script
failed.

    .venv/bin/python benchmarks/run.py [--only check,build] [--results PATH]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

HERE = Path(__file__).resolve().parent
# the pipeline's order; a new script runs after them
ORDER = ("check", "build", "render", "site_weight", "search", "analyze")
RESULTS = HERE / "RESULTS.md"
HEADER = ("workload", "ours", "floor", "ratio", "target", "result")


def row(
    workload: str,
    ours: float,
    floor: float | None,
    unit: Literal["s", "MB", "KB", "%"],
    ratio: float | None,
    target: str,
    passed: bool | None,
    ratio_unit: Literal["×", "%"] = "×",
) -> dict[str, Any]:
    """One line of the table, as a benchmark script prints it with ``--json``. ``floor`` is what
    the same work costs at the least, measured in the same run; ``target`` says what ``ratio`` (or,
    without one, ``ours``) must be; ``passed`` is None for a line that only informs."""
    return {
        "workload": workload,
        "ours": ours,
        "floor": floor,
        "unit": unit,
        "ratio": ratio,
        "ratio_unit": ratio_unit,
        "target": target,
        "passed": passed,
    }


@dataclass(frozen=True)
class Outcome:
    script: str
    rows: list[dict[str, Any]]
    output: str  # the script's own human output
    seconds: float
    error: str | None = None


def scripts() -> list[str]:
    """Every benchmark script in benchmarks/: a module that runs as a program, except this one."""
    found = [
        path.stem
        for path in HERE.glob("*.py")
        if path.stem != "run" and 'if __name__ == "__main__":' in path.read_text(encoding="utf-8")
    ]
    return sorted(found, key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))


def run_script(name: str) -> Outcome:
    """Runs benchmarks/NAME.py --json; its last output line holds the rows."""
    start = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), "--json"], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    lines = finished.stdout.rstrip("\n").splitlines()
    human = "\n".join(lines[:-1])
    if finished.returncode != 0 or not lines:
        said = (finished.stderr.strip().splitlines() or [f"exit code {finished.returncode}"])[-1]
        return Outcome(name, [], finished.stdout, seconds, f"{name}.py failed: {said}")
    try:
        rows = json.loads(lines[-1])["rows"]
    except (ValueError, KeyError, TypeError):
        return Outcome(name, [], finished.stdout, seconds, f"{name}.py printed no rows as its last line")
    return Outcome(name, rows, human, seconds)


def _number(value: float, unit: str) -> str:
    if unit in ("MB", "KB"):
        return f"{value:,.0f} {unit}"
    if unit == "%":
        return f"{value:.1f} %"
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def cells(line: dict[str, Any]) -> tuple[str, ...]:
    unit = line["unit"]
    floor = "—" if line["floor"] is None else _number(line["floor"], unit)
    if line["ratio"] is None:
        ratio = "—"
    elif line["ratio_unit"] == "%":
        ratio = f"{line['ratio'] * 100:.1f} %"
    else:
        ratio = f"{line['ratio']:.2f}×"
    result = {True: "pass", False: "FAIL", None: "—"}[line["passed"]]
    return (line["workload"], _number(line["ours"], unit), floor, ratio, line["target"], result)


def table(outcomes: list[Outcome]) -> list[tuple[str, ...]]:
    lines = [cells(line) for outcome in outcomes for line in outcome.rows]
    lines += [(outcome.error, "—", "—", "—", "—", "FAIL") for outcome in outcomes if outcome.error]
    return lines


def markdown(lines: list[tuple[str, ...]]) -> str:
    right = {1, 2, 3}  # numbers align right
    rows = [
        "| " + " | ".join(HEADER) + " |",
        "| " + " | ".join("---:" if i in right else "---" for i in range(len(HEADER))) + " |",
    ]
    rows += ["| " + " | ".join(line) + " |" for line in lines]
    return "\n".join(rows)


def plain(lines: list[tuple[str, ...]]) -> str:
    widths = [max(len(line[i]) for line in [HEADER, *lines]) for i in range(len(HEADER))]

    def format_line(line: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in {1, 2, 3} else cell.ljust(widths[i]) for i, cell in enumerate(line)
        ).rstrip()

    return "\n".join([format_line(HEADER), "  ".join("-" * w for w in widths), *map(format_line, lines)])


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass  # not Linux: what platform says
    system = platform.platform()
    try:
        fields = dict(
            line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line
        )
        system = f"{fields.get('PRETTY_NAME', '').strip(chr(34))}, kernel {platform.release()}"
    except OSError:
        pass
    cores = os.cpu_count() or 1
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return [
        ("CPU", f"{cpu} ({platform.machine()})"),
        ("cores", f"{usable} usable of {cores}" if usable != cores else str(cores)),
        ("memory", memory),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("OS", system),
        ("commit", _commit()),
    ]


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=HERE, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def results_file(
    lines: list[tuple[str, ...]], outcomes: list[Outcome], when: datetime.datetime, load: str
) -> str:
    parts = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`benchmarks/run.py`) on {when:%Y-%m-%d %H:%M} UTC. Every floor was",
        "measured in the same run as our time, on this machine:",
        "",
        *(f"* {name}: {value}" for name, value in machine()),
        f"* load average (1 min) at the start and the end: {load}",
        "",
        markdown(lines),
        "",
        "Floors: `check` — reading and parsing the same files with libyaml (`yaml.CSafeLoader`);",
        "`build` — `mkdocs build` of the generated pages alone (for the growth line: the whole build",
        "at 100 entities); `render` — the naive loop (a new `DocxTemplate` per deal, one process).",
        "",
        "## Each benchmark's own output",
    ]
    for outcome in outcomes:
        parts += ["", f"`benchmarks/{outcome.script}.py` ({outcome.seconds:.0f} s):", "", "```"]
        parts += [outcome.output.rstrip() or "(no output)", "```"]
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="which benchmarks, comma-separated (default: every one)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the Markdown")
    args = parser.parse_args()
    when = datetime.datetime.now(datetime.UTC)
    # other work on the machine slows ours and the floors alike, but it is worth knowing
    started_load = os.getloadavg()[0]
    outcomes = []
    for name in args.only.split(",") if args.only else scripts():
        print(f"benchmarks/{name}.py …", file=sys.stderr, flush=True)
        outcome = run_script(name)
        print(f"benchmarks/{name}.py: {outcome.seconds:.0f} s", file=sys.stderr, flush=True)
        outcomes.append(outcome)
    lines = table(outcomes)
    print(plain(lines))
    load = f"{started_load:.2f}, {os.getloadavg()[0]:.2f}"
    args.results.write_text(results_file(lines, outcomes, when, load), encoding="utf-8")
    print(f"\nwritten to {args.results}", file=sys.stderr)
    return 1 if any(line[-1] == "FAIL" for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
