"""`playbook render`: fill documents from deal data — checked first, then rendered over all cores.

A deal whose data breaks a document's fields gets no file: every problem is listed with its
place in the data file, and the exit code is 1. The other deals are still rendered. Existing
files are never replaced without ``force``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from generator.diagnostics import Diagnostic, Severity, did_you_mean
from generator.documents import pdf
from generator.documents.bulk import Job, Result, Setup, render_all
from generator.documents.context import Settings
from generator.documents.fields import Document, Form
from generator.errors import UsageError
from generator.kinds import BY_NAME, YAML_SUFFIXES
from generator.load import TEMPLATES_DIR, DataFile, PathElement, Source, SourceFile, load, load_data
from generator.validate import validate


@dataclass(frozen=True)
class RenderOptions:
    root: Path
    documents: tuple[str, ...]
    data: Path | None = None  # a deal's YAML file, or a folder of them
    samples: bool = False  # fill each document with its own sample deal instead
    out: Path = Path("out")
    pdf: bool = False
    force: bool = False
    jobs: int | None = None  # processes; default: one per core


@dataclass(frozen=True)
class _Deal:
    """One deal's data, wherever it came from, with a way to point into its file."""

    name: str  # the output files' prefix
    path: str
    values: Any
    file: DataFile | SourceFile
    prefix: tuple[PathElement, ...]  # where the values sit inside the file

    def where(self, path: Sequence[PathElement], key: bool) -> str:
        line, column = self.file.position([*self.prefix, *path], key=key)
        return f"{self.path}:{line}:{column}"


def execute(options: RenderOptions) -> int:
    """0 when every document was written; 1 when a deal's data or a document failed."""
    source = load(options.root)
    diagnostics = validate(source)
    documents = _documents(source, options, diagnostics)
    if isinstance(documents, int):
        return documents
    playbook = source.playbook
    settings = Settings.from_playbook(playbook.data if playbook else {})
    deals, failed = _deals(source, options, documents)
    jobs: list[Job] = []
    problems: dict[str, list[str]] = {}  # a line to print -> the documents it concerns
    bad_deals = []
    for deal, fills in deals:
        deal_jobs = []
        valid = True
        for document in fills:
            checked = Form(document, settings.vat).check(deal.values)
            valid = valid and not checked.problems
            for problem in checked.problems:
                line = f"{deal.where(problem.path, problem.key)}: {problem.message}"
                problems.setdefault(line, []).append(document.id)
            output = options.out / f"{deal.name}-{document.id}.docx"
            deal_jobs.append(Job(document.id, checked.values, output, f"{deal.path}: {document.id}"))
        if valid:
            jobs += deal_jobs  # a deal gets all its documents, or none
        else:
            bad_deals.append(deal.path)
    for line, ids in problems.items():
        _err(f"{line} ({', '.join(ids)})" if len(documents) > 1 else line)
    _refuse_existing(jobs, options)
    if options.pdf:
        pdf.soffice()  # fails now, before any work, when LibreOffice is missing
    results = _render(source, documents, settings, jobs, options) if jobs else []
    failures = [*failed, *(f"{deal}: invalid data, nothing written" for deal in bad_deals)]
    failures += [f"{r.label}: {r.error}" for r in results if r.error]
    for result in results:
        for path in result.written:
            print(path)
    _summary(results, failures, options)
    return 1 if failures else 0


def _documents(source: Source, options: RenderOptions, diagnostics: list[Diagnostic]) -> list[Document] | int:
    """The documents asked for, or exit code 1 after listing what is wrong with their standards."""
    known = source.ids.get("document", {})
    files = {f.id: f for f in source.of_kind(BY_NAME["document"])}
    wanted = options.documents or tuple(sorted(known))
    if not wanted:
        raise UsageError("the project declares no documents in standards/documents/")
    for name in wanted:
        if name not in known:
            raise UsageError(
                f"no document '{name}'{did_you_mean(name, known)}; documents: {', '.join(sorted(known)) or 'none'}"
            )
    broken = [
        d
        for d in diagnostics
        if d.severity is Severity.ERROR
        and d.code != "sample-data"
        and (
            d.path in {known[n] for n in wanted}
            or d.path.endswith("playbook.yml")
            or d.path in {f"{TEMPLATES_DIR}/{files[n].data.get('template')}" for n in wanted if n in files}
        )
    ]
    if broken:
        for d in broken:
            _err(f"{d.path}:{d.line}:{d.column}: {d.message} [{d.code}]")
        _err("fix the standards first (playbook check shows every problem)")
        return 1
    return [Document.from_yaml(name, files[name].data) for name in wanted]


def _deals(
    source: Source, options: RenderOptions, documents: list[Document]
) -> tuple[list[tuple[_Deal, list[Document]]], list[str]]:
    """Each deal with the documents to fill from it, and the data files that could not be read."""
    if options.samples:
        samples = {f.id: f for f in source.of_kind(BY_NAME["sample"])}
        by_sample: dict[str, list[Document]] = {}
        for document in documents:
            if document.sample not in samples:
                raise UsageError(f"document '{document.id}' names no sample deal (its 'sample' key)")
            by_sample.setdefault(document.sample, []).append(document)
        return [
            (_Deal(name, samples[name].path, samples[name].data.get("data"), samples[name], ("data",)), fills)
            for name, fills in by_sample.items()
        ], []
    if options.data is None:
        raise UsageError("say where the deal data is: --data FILE or FOLDER (or --samples)")
    deals, failed = [], []
    for path in _data_files(options.data):
        read = load_data(path)
        if isinstance(read, list):
            for d in read:
                _err(f"{d.path}:{d.line}:{d.column}: {d.message}")
            failed.append(f"{path}: cannot be read")
            continue
        values: Any = read.data
        prefix: tuple[PathElement, ...] = ()
        if _is_sample(read.data):
            values, prefix = read.data["data"], ("data",)
        deals.append((_Deal(path.stem, str(path), values, read, prefix), documents))
    return deals, failed


def _is_sample(data: Any) -> bool:
    """A sample deal's file (name, description, data) works as a deal's data too."""
    return (
        isinstance(data, dict)
        and "data" in data
        and "name" in data
        and set(data) <= {"name", "description", "data"}
    )


def _data_files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
        if not found:
            raise UsageError(f"no .yml files in {path}")
        return found
    if not path.is_file():
        raise UsageError(f"no such file or folder: {path}")
    return [path]


def _refuse_existing(jobs: Sequence[Job], options: RenderOptions) -> None:
    if options.force:
        return
    outputs = [job.output for job in jobs]
    if options.pdf:
        outputs += [job.output.with_suffix(".pdf") for job in jobs]
    existing = [path for path in outputs if path.exists()]
    if existing:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise UsageError(f"{existing[0]}{more} already exist: use --force to replace them")


def _render(
    source: Source, documents: list[Document], settings: Settings, jobs: list[Job], options: RenderOptions
) -> list[Result]:
    options.out.mkdir(parents=True, exist_ok=True)
    setup = Setup(
        documents={d.id: d for d in documents},
        templates={d.id: source.template_bytes[d.template] for d in documents},
        settings=settings,
        force=options.force,
        pdf=options.pdf,
    )
    workers = options.jobs or os.cpu_count() or 1
    console = Console(stderr=True)
    with Progress(
        TextColumn("rendering"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("render", total=len(jobs))
        return render_all(setup, jobs, workers, lambda batch: progress.advance(task, len(batch)))


def _summary(results: Sequence[Result], failures: Sequence[str], options: RenderOptions) -> None:
    written = sum(len(r.written) for r in results)
    _err(f"{written} file{'' if written == 1 else 's'} written to {options.out}")
    if failures:
        _err(f"{len(failures)} failed:")
        for failure in failures:
            _err(f"  {failure}")


def _err(text: str) -> None:
    print(text, file=sys.stderr)
