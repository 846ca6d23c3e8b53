"""`playbook render`: fill documents from deal data — checked first, then rendered over all cores.

A deal whose data breaks a document's fields gets no file: every problem is listed with its
place in the data file, and the exit code is 1. The other deals are still rendered. Existing
files are never replaced without ``force``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from generator.diagnostics import Diagnostic, Severity, did_you_mean
from generator.documents import pdf
from generator.documents.bulk import Job, Setup, render_all
from generator.documents.context import CHECKLIST_KIND, Settings
from generator.documents.fields import Document, Form
from generator.errors import UsageError
from generator.kinds import BY_NAME, YAML_SUFFIXES
from generator.load import TEMPLATES_DIR, DataFile, PathElement, Source, SourceFile, load, load_data
from generator.schemas import compiled
from generator.validate import validate

BLANK = "blank"  # the output prefix of a document filled with no data


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
    checklists: tuple[str, ...] = ()  # for checklist forms: which checklists (default: all)


@dataclass(frozen=True)
class _Source:
    """Where one deal's data is: its output name, file, and the documents to fill from it."""

    name: str  # the output files' prefix
    path: Path
    documents: tuple[Document, ...]
    sample: SourceFile | None = None  # a sample deal from the standards, already read


@dataclass(frozen=True)
class _Target:
    """One file to write for a deal: a document, filled with a checklist when it is a form for one."""

    document: Document
    output: Path
    checklist: Mapping[str, Any] | None = None


@dataclass
class _Run:
    """What rendering has done so far: the summary is made of this."""

    written: int = 0
    failures: list[str] = field(default_factory=list)


def execute(options: RenderOptions) -> int:
    """0 when every document was written; 1 when a deal's data or a document failed."""
    source = load(options.root)
    documents = _documents(source, options, validate(source))
    if isinstance(documents, int):
        return documents
    playbook = source.playbook
    settings = Settings.from_playbook(playbook.data if playbook else {})
    deals = _sources(source, options, documents)
    checklists = _checklists(source, options, documents)
    targets = {deal.path: _targets(deal, options, checklists) for deal in deals}
    _refuse_existing([t for ts in targets.values() for t in ts], options)
    if options.pdf:
        pdf.soffice()  # fails now, before any work, when LibreOffice is missing
    options.out.mkdir(parents=True, exist_ok=True)
    run = _Run()
    setup = Setup(
        documents={d.id: d for d in documents},
        templates={d.id: source.template_bytes[d.template] for d in documents},
        settings=settings,
        force=options.force,
        pdf=options.pdf,
    )
    total = sum(len(ts) for ts in targets.values())
    console = Console(stderr=True)
    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("render", total=total)
        jobs = _jobs(deals, targets, settings, run, lambda n: progress.advance(task, n))
        for results in render_all(setup, jobs, total, options.jobs or os.cpu_count() or 1):
            progress.advance(task, len(results))
            for result in results:
                for path in result.written:
                    print(path)
                run.written += len(result.written)
                if result.error:
                    run.failures.append(f"{result.label}: {result.error}")
    _summary(run, options)
    return 1 if run.failures else 0


def _jobs(
    deals: Sequence[_Source],
    targets: Mapping[Path, Sequence[_Target]],
    settings: Settings,
    run: _Run,
    skipped: Callable[[int], None],
) -> Iterator[Job]:
    """The documents to render, deal by deal, read and checked only as the workers need them.
    A deal whose data has problems gets none of its documents: they are listed instead."""
    forms = {d.id: Form(d, settings.vat) for deal in deals for d in deal.documents}
    for deal in deals:
        read = _read(deal)
        if isinstance(read, str):
            run.failures.append(read)
            skipped(len(targets[deal.path]))
            continue
        values, file, prefix = read
        problems: dict[str, list[str]] = {}
        checked = {}
        for document in deal.documents:
            result = forms[document.id].check(values)
            checked[document.id] = result.values
            for problem in result.problems:
                line, column = file.position([*prefix, *problem.path], key=problem.key) if file else (1, 1)
                problems.setdefault(f"{deal.path}:{line}:{column}: {problem.message}", []).append(document.id)
        if problems:
            for text, ids in problems.items():
                _err(f"{text} ({', '.join(ids)})" if len(deal.documents) > 1 else text)
            run.failures.append(f"{deal.path}: invalid data, nothing written")
            skipped(len(targets[deal.path]))
            continue
        for target in targets[deal.path]:
            document = target.document
            label = f"{deal.path}: {target.output.stem.removeprefix(deal.name + '-')}"
            yield Job(document.id, checked[document.id], target.output, label, target.checklist)


def _read(deal: _Source) -> tuple[Any, DataFile | SourceFile | None, tuple[PathElement, ...]] | str:
    """A deal's values, its file (for positions) and where the values sit in it; or why not."""
    if deal.name == BLANK:
        return {}, None, ()
    if deal.sample is not None:
        return deal.sample.data.get("data"), deal.sample, ("data",)
    read = load_data(deal.path)
    if isinstance(read, list):
        for d in read:
            _err(f"{d.path}:{d.line}:{d.column}: {d.message}")
        return f"{deal.path}: cannot be read"
    if _is_sample(read.data):
        return read.data["data"], read, ("data",)
    return read.data, read, ()


def _targets(deal: _Source, options: RenderOptions, checklists: Mapping[str, Any]) -> list[_Target]:
    """The files a deal gives: OUT/<deal>-<document>.docx, and a form per checklist
    (OUT/<deal>-<document>-<checklist>.docx) for a document of kind checklist."""
    targets = []
    for document in deal.documents:
        if document.kind == CHECKLIST_KIND:
            targets += [
                _Target(document, options.out / f"{deal.name}-{document.id}-{name}.docx", data)
                for name, data in checklists.items()
            ]
        else:
            targets.append(_Target(document, options.out / f"{deal.name}-{document.id}.docx"))
    return targets


def _checklists(source: Source, options: RenderOptions, documents: Sequence[Document]) -> dict[str, Any]:
    """The checklists to fill checklist forms with: those asked for, or all."""
    if not any(d.kind == CHECKLIST_KIND for d in documents):
        if options.checklists:
            raise UsageError("--checklist fills a document of kind checklist, and none is being rendered")
        return {}
    known = {f.id: f.data for f in source.of_kind(BY_NAME["checklist"])}
    for name in options.checklists:
        if name not in known:
            raise UsageError(f"no checklist '{name}'{did_you_mean(name, known)}")
    return {name: known[name] for name in options.checklists or sorted(known)}


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


def _sources(source: Source, options: RenderOptions, documents: list[Document]) -> list[_Source]:
    """Each deal (a data file, or a document's sample) with the documents to fill from it. With
    --samples, a document without a sample is filled with no data: a blank form."""
    if options.samples:
        samples = {f.id: f for f in source.of_kind(BY_NAME["sample"])}
        by_sample: dict[str | None, list[Document]] = {}
        for document in documents:
            if document.sample is not None and document.sample not in samples:
                raise UsageError(
                    f"the sample deal '{document.sample}' of document '{document.id}' cannot be read"
                )
            by_sample.setdefault(document.sample, []).append(document)
        return [
            _Source(name, Path(samples[name].path), tuple(fills), samples[name])
            if name is not None
            else _Source(BLANK, Path(BLANK), tuple(fills))
            for name, fills in by_sample.items()
        ]
    if options.data is None:
        raise UsageError("say where the deal data is: --data FILE or FOLDER (or --samples)")
    return [_Source(path.stem, path, tuple(documents)) for path in _data_files(options.data)]


def _is_sample(data: Any) -> bool:
    """A sample deal's file (name, data, and the other keys of its schema) works as a deal's data too."""
    return (
        isinstance(data, dict)
        and "data" in data
        and "name" in data
        and set(data) <= set(compiled()["sample"].schema["properties"])
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


def _refuse_existing(targets: Sequence[_Target], options: RenderOptions) -> None:
    """Before any work: an existing file is never replaced without --force."""
    if options.force:
        return
    suffixes = (".docx", ".pdf") if options.pdf else (".docx",)
    existing = [
        path
        for target in targets
        for path in (target.output.with_suffix(s) for s in suffixes)
        if path.exists()
    ]
    if existing:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise UsageError(
            f"{existing[0]}{more} already exist{'s' if not more else ''}: use --force to replace them"
        )


def _summary(run: _Run, options: RenderOptions) -> None:
    _err(f"{run.written} file{'' if run.written == 1 else 's'} written to {options.out}")
    if run.failures:
        _err(f"{len(run.failures)} failed:")
        for failure in run.failures:
            _err(f"  {failure}")


def _err(text: str) -> None:
    print(text, file=sys.stderr)
