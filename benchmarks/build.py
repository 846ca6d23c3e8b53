"""Benchmark: `playbook build` on generated standards of 100 and 1,000 entities.

Prints, in one run: our generation (load, validate, model, write the Markdown), the MkDocs build
of the generated pages alone (the floor), the whole `playbook build` as a user runs it, and the
regeneration `serve` does after one file changed, and the preview end to end: `playbook serve`
running on the example and on the largest size, one stage file saved, the time until the server
answers that stage's page with the new text (the best of ``--previews`` saves). Generation and
its floor are each the best of ``--repeat`` runs, as check.py measures, so that one slow run of
either does not decide the ratio. Targets: whole build at 1,000 entities <= 12x its time at 100;
generation <= 5% of the MkDocs build at 1,000; regeneration < 1 s; preview <= 0.5 s on the
example, <= 1.5 s at 1,000 entities.

    .venv/bin/python benchmarks/build.py [--sizes 100,1000] [--repeat 3] [--previews 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run
from benchmarks.generate import generate as generate_standards
from generator.project import Project
from generator.site.generate import generate

REPO = Path(__file__).resolve().parent.parent
PLAYBOOK = Path(sys.executable).parent / "playbook"
MKDOCS = Path(sys.executable).parent / "mkdocs"
TARGET_GROWTH = 12  # the whole build at the largest size against the smallest
TARGET_SHARE = 0.05  # our generation against the MkDocs build, at the largest size
TARGET_REGENERATION = 1.0  # seconds, after one changed file
TARGET_PREVIEW = {"example": 0.5, "generated": 1.5}  # seconds from a save to the served page
EXAMPLE_STAGE = "closing"  # the example's stage whose file the preview saves


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except OSError:  # not listening yet
        return ""


def preview(root: Path, stage: str, saves: int) -> float:
    """Seconds from saving standards/stages/STAGE.yml under `playbook serve` until the server
    answers the stage's page with the saved text: the best of ``saves`` saves."""
    port = _port()
    url = f"http://127.0.0.1:{port}/stages/{stage}/"
    with tempfile.TemporaryFile() as log:  # a file: a pipe left unread would stall the server
        server = subprocess.Popen(
            [str(PLAYBOOK), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + 600
            while "</html>" not in _served(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"playbook serve did not serve {url}: {log.read().decode()[-2000:]}")
                time.sleep(0.2)
            path = root / "standards" / "stages" / f"{stage}.yml"
            took = []
            for save in range(saves):
                time.sleep(1)  # the server idle again, as when a person saves
                word = f"Проверено{save}"
                text = path.read_text(encoding="utf-8").replace("\nsummary: ", f"\nsummary: {word}. ", 1)
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                while word not in _served(url):  # the server holds a request while it rebuilds
                    time.sleep(0.005)
                took.append(time.perf_counter() - start)
            return min(took)
        finally:
            server.terminate()
            server.wait(timeout=60)


def preview_example(saves: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("standards", "templates"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        return preview(root, EXAMPLE_STAGE, saves)


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def measure(size: int, repeat: int, previews: int = 0) -> dict[str, float]:
    """The figures at one size; with ``previews``, also the preview's."""
    with tempfile.TemporaryDirectory() as folder:
        root = generate_standards(Path(folder), size)
        (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
        whole = timed([str(PLAYBOOK), "build"], root)  # also leaves build/ for the two parts below
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            generation = generate(Project(root))
            runs.append(time.perf_counter() - start)
            assert generation.ok
        ours = min(runs)
        mkdocs = min(
            timed(
                [str(MKDOCS), "build", "--strict", "-q", "-f", "build/mkdocs.yml", "-d", str(root / "floor")],
                root,
            )
            for _ in range(repeat)
        )
        stage = root / "standards" / "stages" / "stage-0.yml"
        stage.write_text(
            stage.read_text(encoding="utf-8").replace("name: Этап 0", "name: Этап ноль"), encoding="utf-8"
        )
        start = time.perf_counter()
        again = generate(Project(root))
        regeneration = time.perf_counter() - start
        assert again.ok and "stages/stage-0.md" in again.changed
        return {
            "pages": len(generation.site.pages) if generation.site else 0,
            "ours": ours,
            "mkdocs": mkdocs,
            "whole": whole,
            "regeneration": regeneration,
            **({"preview": preview(root, "stage-0", previews)} if previews else {}),
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--previews", type=int, default=5, help="saves timed in each preview (0: none)")
    parser.add_argument("--json", action="store_true", help="end with the table rows as JSON (for run.py)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = {}
    print(
        f"{'entities':>9} {'pages':>6} {'generation':>11} {'mkdocs':>8} {'share':>6} {'build':>8} {'regen':>7}"
    )
    for size in sizes:
        row = rows[size] = measure(size, args.repeat, args.previews if size == sizes[-1] else 0)
        share = row["ours"] / row["mkdocs"]
        print(
            f"{size:>9} {row['pages']:>6.0f} {row['ours']:>10.2f}s {row['mkdocs']:>7.2f}s {share:>6.1%} {row['whole']:>7.2f}s {row['regeneration']:>6.2f}s"
        )
    if len(sizes) >= 2:
        small, large = rows[sizes[0]], rows[sizes[-1]]
        growth = large["whole"] / small["whole"]
        share = large["ours"] / large["mkdocs"]
        verdict = (
            growth <= TARGET_GROWTH and share <= TARGET_SHARE and large["regeneration"] < TARGET_REGENERATION
        )
        print(
            f"build growth {sizes[0]} -> {sizes[-1]}: {growth:.1f}x (target <= 12x); generation share at {sizes[-1]}: {share:.1%} (target <= 5%); "
            f"regeneration {large['regeneration']:.2f}s (target < 1 s): {'PASS' if verdict else 'FAIL'}"
        )
    example = preview_example(args.previews) if args.previews else None
    if example is not None:
        generated = rows[sizes[-1]]["preview"]
        verdict = example <= TARGET_PREVIEW["example"] and generated <= TARGET_PREVIEW["generated"]
        print(
            f"preview, save -> served page: example {example:.2f}s (target <= {TARGET_PREVIEW['example']} s), "
            f"{sizes[-1]} entities {generated:.2f}s (target <= {TARGET_PREVIEW['generated']} s): {'PASS' if verdict else 'FAIL'}"
        )
    if args.json:
        lines = table(sizes, rows) + preview_rows(example, sizes[-1], rows[sizes[-1]].get("preview"))
        print(
            json.dumps({"rows": lines, "measurements": rows, "preview_example": example}, ensure_ascii=False)
        )


def preview_rows(example: float | None, size: int, generated: float | None) -> list[dict[str, object]]:
    """The preview's lines of run.py's table, one per project it was timed on."""
    timed = [
        ("the example", example, TARGET_PREVIEW["example"]),
        (f"{size:,} entities", generated, TARGET_PREVIEW["generated"]),
    ]
    return [
        run.row(
            f"serve preview, save → updated page served, {what}",
            seconds,
            None,
            "s",
            None,
            f"≤ {target} s",
            seconds <= target,
        )
        for what, seconds, target in timed
        if seconds is not None
    ]


def table(sizes: list[int], rows: dict[int, dict[str, float]]) -> list[dict[str, object]]:
    """The lines of run.py's table: each size against MkDocs alone, then the three targets."""
    lines = [
        run.row(
            f"build, {size:,} entities ({rows[size]['pages']:,.0f} pages)",
            rows[size]["whole"],
            rows[size]["mkdocs"],
            "s",
            rows[size]["whole"] / rows[size]["mkdocs"],
            "—",
            None,
        )
        for size in sizes
    ]
    if len(sizes) < 2:
        return lines
    small, large = sizes[0], sizes[-1]
    growth = rows[large]["whole"] / rows[small]["whole"]
    share = rows[large]["ours"] / rows[large]["mkdocs"]
    regeneration = rows[large]["regeneration"]
    return [
        *lines,
        run.row(
            f"build growth {small:,} → {large:,} entities (floor: the build at {small:,})",
            rows[large]["whole"],
            rows[small]["whole"],
            "s",
            growth,
            f"≤ {TARGET_GROWTH}× for {large // small}× the entities",
            growth <= TARGET_GROWTH,
        ),
        run.row(
            f"build, {large:,} entities: our generation vs the MkDocs build",
            rows[large]["ours"],
            rows[large]["mkdocs"],
            "s",
            share,
            f"ours ÷ floor ≤ {TARGET_SHARE:.0%}",
            share <= TARGET_SHARE,
            ratio_unit="%",
        ),
        run.row(
            f"serve regeneration, 1 file changed, {large:,} entities",
            regeneration,
            None,
            "s",
            None,
            f"< {TARGET_REGENERATION:.0f} s",
            regeneration < TARGET_REGENERATION,
        ),
    ]


if __name__ == "__main__":
    main()
