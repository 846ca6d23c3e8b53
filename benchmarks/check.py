"""Benchmark: `playbook check`'s work against merely parsing the same YAML with libyaml.

For generated standards of 100, 1,000 and 10,000 entities, prints the best-of-N time of
(a) reading every file and `yaml.load(..., Loader=CSafeLoader)` — the floor — and
(b) `read_standards` (load + validate) and the summary, all `playbook check` does after start-up,
their ratio, and the peak memory of a real `playbook check` process. Target: ratio <= 1.5 and
under 500 MB at 10,000 entities.

    .venv/bin/python benchmarks/check.py [--sizes 100,1000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run
from benchmarks.generate import generate
from generator.pipeline import read_standards
from generator.project import Project

TARGET_RATIO = 1.5
TARGET_MEMORY_MB = 500


def parse_floor(root: Path) -> int:
    count = 0
    for path in sorted((root / "standards").rglob("*.yml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
        count += 1
    return count


def check_work(root: Path) -> int:
    standards = read_standards(Project(root))
    if standards.summary.failed(strict=True):
        raise SystemExit(f"generated standards are not clean: {standards.diagnostics[:3]}")
    return standards.source.file_count


def best(function: Callable[[Path], int], root: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(root)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory_mb(root: Path) -> float:
    """Peak resident memory of a real `playbook check --strict` process on ``root``."""
    code = (
        "import resource, sys\n"
        "from generator.cli import main\n"
        "try:\n    main()\n"
        "except SystemExit as exit:\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "    if exit.code: raise\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "check", "--strict", "-C", str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with the table rows as JSON (for run.py)")
    args = parser.parse_args()
    rows = []
    print(f"{'entities':>9} {'files':>6} {'parse (s)':>10} {'check (s)':>10} {'ratio':>6} {'peak MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            root = generate(Path(folder), size)
            files = check_work(root)  # also warms the caches and compiles the schemas once
            parse_floor(root)
            floor = best(parse_floor, root, args.repeat)
            ours = best(check_work, root, args.repeat)
            memory = peak_memory_mb(root)
        ratio = ours / floor
        rows.append(
            {
                "entities": size,
                "files": files,
                "parse_s": floor,
                "check_s": ours,
                "ratio": ratio,
                "peak_mb": memory,
            }
        )
        print(f"{size:>9} {files:>6} {floor:>10.3f} {ours:>10.3f} {ratio:>6.2f} {memory:>8.0f}")
    last = rows[-1]
    verdict = "PASS" if last["ratio"] <= TARGET_RATIO and last["peak_mb"] < TARGET_MEMORY_MB else "FAIL"
    print(
        f"target at {last['entities']} entities: ratio <= {TARGET_RATIO}, memory < {TARGET_MEMORY_MB} MB: {verdict}"
    )
    if args.json:
        table = [
            run.row(
                f"check, {r['entities']:,} entities ({r['files']:,} files)",
                r["check_s"],
                r["parse_s"],
                "s",
                r["ratio"],
                f"ours ÷ floor ≤ {TARGET_RATIO}" if r is last else "—",
                r["ratio"] <= TARGET_RATIO if r is last else None,
            )
            for r in rows
        ]
        table.append(
            run.row(
                f"check, {last['entities']:,} entities: peak memory",
                last["peak_mb"],
                None,
                "MB",
                None,
                f"< {TARGET_MEMORY_MB} MB",
                last["peak_mb"] < TARGET_MEMORY_MB,
            )
        )
        print(json.dumps({"rows": table, "measurements": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
