"""Benchmark: `playbook analyze` on 100,000 and 1,000,000 deals against DuckDB merely reading
the same deals CSV (``SELECT count(*) FROM read_csv(...)``), measured in the same run.

The deals and their stage history are the seeded example's (generator/analysis/sample.py),
repeated with new ids until there are as many deals as asked, written as UTF-8 CSV with ';' (so
the floor reads the very file we read); the leads and complaints are the example's own. The
command is the real one in a subprocess — every example KPI, the funnel and the audit — with
JSON output to /dev/null; its peak memory is the subprocess's maximum resident set. Beside the
floor, two more figures tell where the rest goes: the time DuckDB takes to hold the same file as
a table of text columns (what any analysis that asks it many questions must pay first), and the
time of `analyze` given the leads alone (Python's start, the imports, reading and validating the
standards: what a run costs before it reads a deal).
Targets at 1,000,000 deals: at most 3x the floor, peak memory under 2 GB.

    .venv/bin/python benchmarks/analyze.py [--deals 100000,1000000] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run
from generator.analysis import sample
from generator.pipeline import read_standards
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent
PLAYBOOK = Path(sys.executable).parent / "playbook"
TARGET_RATIO = 3.0
TARGET_MEMORY_MB = 2000


def write_exports(exports: sample.Exports, deals: int, folder: Path) -> dict[str, Path]:
    """The example's deals and history repeated to ``deals`` deals, each copy with new ids."""
    header, rows = exports.deals[0], exports.deals[1:]
    history_header, history = exports.history[0], exports.history[1:]
    copies = -(-deals // len(rows))
    paths = {name: folder / f"{name}.csv" for name in ("deal", "deal_history", "lead")}
    with (
        paths["deal"].open("w", encoding="utf-8") as out,
        paths["deal_history"].open("w", encoding="utf-8") as past,
    ):
        out.write(sample.csv_text([header], ";"))
        past.write(sample.csv_text([history_header], ";"))
        written = 0
        for copy in range(copies):
            shift = copy * 1_000_000
            chunk = [[str(int(r[0]) + shift), *r[1:]] for r in rows[: deals - written]]
            written += len(chunk)
            out.write(sample.csv_text(chunk, ";"))
            past.write(sample.csv_text([[str(int(r[0]) + shift), *r[1:]] for r in history], ";"))
    paths["lead"].write_text(sample.csv_text(exports.leads, ";"), encoding="utf-8")
    paths["complaint"] = folder / "complaints.xls"
    paths["complaint"].write_text(sample.html_table(exports.complaints), encoding="utf-8")
    return paths


def floor(path: Path) -> float:
    """DuckDB reading the CSV and counting its rows: the least any analysis of it costs."""
    connection = duckdb.connect()
    start = time.perf_counter()
    connection.execute(
        "SELECT count(*) FROM read_csv(?, delim = ';', header = true, all_varchar = true)", [str(path)]
    ).fetchone()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def held(path: Path) -> float:
    """DuckDB reading the CSV into a table of its columns as text: what holding the records for
    many queries costs at the least (told beside the floor, to show where the time goes)."""
    connection = duckdb.connect()
    start = time.perf_counter()
    connection.execute(
        "CREATE TABLE deals AS SELECT * FROM read_csv(?, delim = ';', header = true, all_varchar = true)",
        [str(path)],
    )
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def ours(paths: dict[str, Path]) -> tuple[float, float, int]:
    """Wall time, peak resident memory (MB) and exit code of `playbook analyze`."""
    command = [str(PLAYBOOK), "analyze", "-C", str(REPO), "--period", "2026-11", "--format", "json"]
    command += [f"--data={name}={path}" for name, path in paths.items()]
    probe = (
        "import resource, subprocess, sys; "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
    )
    start = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if finished.returncode not in (0, 1):
        raise SystemExit(f"playbook analyze failed ({finished.returncode}): {finished.stderr}")
    return elapsed, int(finished.stdout.split()[-1]) / 1024, finished.returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deals", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of rows for run.py")
    arguments = parser.parse_args()
    playbook = read_standards(Project(REPO)).playbook
    assert playbook is not None, "the example standards pass"
    exports = sample.generate(playbook)
    lines = []
    for deals in (int(n) for n in arguments.deals.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-analyze-") as scratch:
            paths = write_exports(exports, deals, Path(scratch))
            size = paths["deal"].stat().st_size / 1e6
            least = min(floor(paths["deal"]) for _ in range(3))
            table = min(held(paths["deal"]) for _ in range(3))
            elapsed, memory, code = ours(paths)
            ratio = elapsed / least
            start = min(ours({"lead": paths["lead"]})[0] for _ in range(3))
            print(
                f"{deals:,} deals ({size:.0f} MB CSV, history {paths['deal_history'].stat().st_size / 1e6:.0f} MB): "
                f"analyze {elapsed:.2f} s (exit {code}), DuckDB count(*) {least:.2f} s, {ratio:.1f}x, peak {memory:.0f} MB; "
                f"DuckDB holding it as a text table {table:.2f} s ({table / least:.1f}x the floor); "
                f"analyze of the leads alone {start:.2f} s"
            )
            judged = deals >= 1_000_000
            lines.append(
                run.row(
                    f"analyze, {deals:,} deals (floor: DuckDB count(*) of the CSV)",
                    elapsed,
                    least,
                    "s",
                    ratio,
                    f"≤ {TARGET_RATIO:g}×" if judged else "",
                    ratio <= TARGET_RATIO if judged else None,
                )
            )
            lines.append(
                run.row(
                    f"DuckDB holding {deals:,} deals as a text table (floor: its count(*))",
                    table,
                    least,
                    "s",
                    table / least,
                    "",
                    None,
                )
            )
            lines.append(
                run.row(
                    f"analyze of {deals:,} deals less its start (analyze of the leads alone: {start:.2f} s)",
                    elapsed - start,
                    least,
                    "s",
                    (elapsed - start) / least,
                    "",
                    None,
                )
            )
            lines.append(
                run.row(
                    f"analyze peak memory, {deals:,} deals",
                    memory,
                    None,
                    "MB",
                    None,
                    f"< {TARGET_MEMORY_MB:,} MB",
                    memory < TARGET_MEMORY_MB,
                )
            )
    if arguments.json:  # run.py's protocol: the rows on the last line; a missed target is a row's verdict
        print(json.dumps({"rows": lines}, ensure_ascii=False))
        return 0
    return 0 if all(line["passed"] is not False for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
