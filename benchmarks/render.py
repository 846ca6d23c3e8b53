"""Benchmark: `playbook render` of many deals against the naive docxtpl loop, in the same run.

Generates deals (default 1,000, each with 20 line items) from the contract's sample deal, writes
them as YAML files, then measures on the same files
(a) the naive loop, one process: for each deal read its YAML, check and compute its values,
    open a new ``DocxTemplate(path)``, render and save — what a script would do; and
(b) `playbook render contract --data DEALS/ --jobs N`, the real command in a subprocess,
and prints documents per second for each, their ratio, and the peak memory of the largest
process of each, at two sizes so that memory can be seen flat in the number of deals.
Target: (b) >= 3x (a) on a 2-core machine.

    .venv/bin/python benchmarks/render.py [--deals 1000] [--items 20] [--jobs N]
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run
from generator.documents import Form, context
from generator.documents.render import environment
from generator.kinds.document import Document
from generator.kinds.sample import Sample
from generator.pipeline import read_standards
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent
DOCUMENT = "contract"
TARGET_RATIO = 3.0
TARGET_MEMORY_GROWTH = 1.1  # flat: 4x the deals, at most 10% more memory
PLAYBOOK = Path(sys.executable).parent / "playbook"
UNITS = ("шт.", "компл.", "м", "усл.", "ч")


def deals(sample: dict[str, Any], count: int, items: int, folder: Path) -> list[Path]:
    """``count`` deal files like the sample, each with its own number and ``items`` line items."""
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        data = copy.deepcopy(sample)
        for key, value in data.items():
            if isinstance(value, str) and "number" in key:
                data[key] = f"{value}-{n}"
        data["items"] = [
            {
                "name": f"Позиция {i + 1} сделки {n}: пароконвектомат, 6 уровней GN 1/1",
                "quantity": 1 + (n + i) % 7,
                "unit": UNITS[i % len(UNITS)],
                "price": float(Decimal(1000 + 137 * i + n) + Decimal("0.99")),
                "vat_rate": (22, 10, 0, "без НДС")[(n + i) % 4],
                "discount_percent": (0, 5, 15)[i % 3],
            }
            for i in range(items)
        ]
        path = folder / f"deal-{n:05d}.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def naive(root: Path, paths: list[Path], out: Path) -> None:
    """(a): a new DocxTemplate per document, one process (the same checks and computation)."""
    from docxtpl import DocxTemplate

    project = Project(root)
    playbook = read_standards(project).playbook
    assert playbook is not None
    seller = playbook.seller
    document = playbook.of(Document)[DOCUMENT]
    form = Form(document, seller.vat)
    env = environment(seller.formats)
    template = project.document_templates / document.template
    out.mkdir(parents=True)
    for path in paths:
        checked = form.check(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert not checked.findings, checked.findings[:3]
        docx = DocxTemplate(template)
        docx.render(context.build(document, checked.values, seller), jinja_env=env, autoescape=True)
        output = io.BytesIO()
        docx.save(output)
        (out / f"{path.stem}-{DOCUMENT}.docx").write_bytes(output.getvalue())


def measured(command: list[str]) -> tuple[float, int]:
    """Wall time of ``command`` and the peak resident memory (MB) of its largest process."""
    probe = (
        "import resource, subprocess, sys; "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
    )
    start = time.perf_counter()
    finished = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if finished.returncode:
        raise SystemExit(f"{' '.join(command[:3])}… failed:\n{finished.stderr[-2000:]}")
    return elapsed, int(finished.stdout.split()[-1]) // 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deals", type=int, default=1000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="end with the table rows as JSON (for run.py)")
    parser.add_argument("--naive", nargs=3, metavar=("ROOT", "DEALS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive:
        root, folder, out = (Path(p) for p in args.naive)
        naive(root, sorted(folder.glob("*.yml")), out)
        return 0
    if not (REPO / "templates/documents/contract.docx").is_file():
        print("templates/documents/contract.docx does not exist yet: nothing to measure", file=sys.stderr)
        return 2
    example = read_standards(Project(REPO)).playbook
    assert example is not None
    sample = example.of(Sample)[example.of(Document)[DOCUMENT].sample].data
    print(
        f"{args.deals:,} deals of {args.items} line items, contract.docx, {os.cpu_count()} cores, --jobs {args.jobs}"
    )
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as temporary:
        work = Path(temporary)
        root = work / "project"
        for name in ("standards", "templates"):
            shutil.copytree(REPO / name, root / name)
        rows = []
        for count in sorted({max(1, args.deals // 4), args.deals}):
            folder = work / f"deals-{count}"
            paths = deals(sample, count, args.items, folder)
            naive_time, naive_memory = measured(
                [sys.executable, __file__, "--naive", str(root), str(folder), str(work / f"naive-{count}")]
            )
            ours_time, ours_memory = measured(
                [
                    str(PLAYBOOK),
                    "render",
                    DOCUMENT,
                    "-C",
                    str(root),
                    "--data",
                    str(folder),
                    "--out",
                    str(work / f"ours-{count}"),
                    "--jobs",
                    str(args.jobs),
                ]
            )
            rows.append((len(paths), naive_time, naive_memory, ours_time, ours_memory))
        print(
            f"{'deals':>6} | {'naive docs/s':>12} | {'naive MB':>8} | {'render docs/s':>13} | {'render MB':>9} | ratio"
        )
        for count, naive_time, naive_memory, ours_time, ours_memory in rows:
            ratio = naive_time / ours_time
            print(
                f"{count:>6} | {count / naive_time:>12.1f} | {naive_memory:>8} | {count / ours_time:>13.1f} | "
                f"{ours_memory:>9} | {ratio:.2f}x"
            )
    ratio = rows[-1][1] / rows[-1][3]
    verdict = "meets" if ratio >= TARGET_RATIO else "misses"
    print(
        f"`playbook render` is {ratio:.2f}x the naive loop at {rows[-1][0]:,} deals: {verdict} the {TARGET_RATIO}x target"
    )
    if args.json:
        print(
            json.dumps({"rows": table(rows, args.items, args.jobs), "measurements": rows}, ensure_ascii=False)
        )
    return 0


def table(rows: list[tuple[int, float, int, float, int]], items: int, jobs: int) -> list[dict[str, object]]:
    """The lines of run.py's table: our time against the naive loop's at each size (the target
    at the largest), and our peak memory at the largest size against the smallest."""
    lines = [
        run.row(
            f"render contract, {count:,} deals of {items} items, --jobs {jobs} (floor: naive loop)",
            ours_time,
            naive_time,
            "s",
            naive_time / ours_time,
            f"floor ÷ ours ≥ {TARGET_RATIO:.0f}" if count == rows[-1][0] else "—",
            naive_time / ours_time >= TARGET_RATIO if count == rows[-1][0] else None,
        )
        for count, naive_time, _, ours_time, _ in rows
    ]
    if len(rows) >= 2:
        (small, _, _, _, small_memory), (large, _, _, _, large_memory) = rows[0], rows[-1]
        growth = large_memory / small_memory
        lines.append(
            run.row(
                f"render peak memory, {small:,} → {large:,} deals (floor: at {small:,})",
                large_memory,
                small_memory,
                "MB",
                growth,
                f"≤ {TARGET_MEMORY_GROWTH}× (flat)",
                growth <= TARGET_MEMORY_GROWTH,
            )
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
