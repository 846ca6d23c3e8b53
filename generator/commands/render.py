"""`playbook render`: fill documents from deal data — checked first, then rendered over all cores.

Documents are made only from standards that pass `check`: the documents are the model's. A deal
whose data breaks a document's fields gets no file: every problem is a diagnostic at its place in
the deal's file, and the exit code is 1. The other deals are still rendered. Existing files are
never replaced without ``force``. Written files are listed on standard output as they are written;
the findings and the summary follow, as `check` reports them (text on standard error, or one JSON
document on standard output).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from generator.diagnostics import Diagnostic, count, did_you_mean, error, findings
from generator.documents import pdf
from generator.documents.bulk import Job, Setup, render_all
from generator.documents.context import Seller
from generator.documents.fields import Form
from generator.documents.render import Template
from generator.documents.sellers import Sellers, named
from generator.errors import UsageError
from generator.kinds.checklist import Checklist
from generator.kinds.document import KIND as DOCUMENTS
from generator.kinds.document import Document
from generator.kinds.kind import YAML_SUFFIXES
from generator.kinds.sample import KIND as SAMPLES
from generator.kinds.sample import Sample
from generator.load import load_deal
from generator.model import Playbook
from generator.pipeline import read_standards
from generator.project import STANDARDS, Project, make_folder
from generator.report.diagnostics import REPORTERS, one_line
from generator.schemas import compiled
from generator.source import PathElement, YamlFile

BLANK = (
    "blank"  # the output prefix of a document filled with no data (a prefix only: no deal is read as blank)
)
FORMATS = ("text", "json")


@dataclass(frozen=True)
class RenderOptions:
    project: Project
    documents: tuple[str, ...]
    data: Path | None = None  # a deal's YAML file, or a folder of them
    samples: bool = False  # fill each document with its own sample deal instead
    out: Path | None = None  # None: the project's out/
    pdf: bool = False
    force: bool = False
    jobs: int | None = None  # processes; default: one per core
    checklists: tuple[str, ...] = ()  # for checklist forms: which checklists (default: all)
    format: str = "text"
    color: bool = False


@dataclass(frozen=True)
class Deal:
    """One deal to fill documents from: its output name, its data, and the documents."""

    name: str  # the output files' prefix
    documents: tuple[Document, ...]
    data: Sample | Path | None  # a sample deal of the standards, a deal file to read, or None: a blank form

    @property
    def path(self) -> str | None:
        """The file its data is in, where its findings are said; a blank form has none."""
        if isinstance(self.data, Sample):
            return self.data.path
        return None if self.data is None else str(self.data)


@dataclass(frozen=True)
class _Target:
    """One file to write for a deal: a document, filled with a checklist when it is a form for one."""

    document: Document
    output: Path
    checklist: Checklist | None = None


@dataclass
class RenderSummary:
    """How a render ended: what was written where, and the findings of how many deals."""

    out: Path
    deals: int = 0
    written: list[str] = field(default_factory=list)
    errors: int = 0
    failed_deals: int = 0
    standards_failed: bool = False

    def text(self) -> str:
        if self.standards_failed:
            return "fix the standards first (playbook check shows every problem)"
        done = f"{count(len(self.written), 'file')} written to {self.out}"
        if not self.errors:
            return done
        return f"{done}; {findings(self.errors, 0)} in {self.failed_deals} of {count(self.deals, 'deal')}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "out": str(self.out),
            "deals": self.deals,
            "errors": self.errors,
            "failed_deals": self.failed_deals,
            "standards_failed": self.standards_failed,  # nothing was rendered: the standards have errors
        }


def execute(options: RenderOptions) -> int:
    """0 when every document was written; 1 when the standards, a deal's data or a document failed."""
    out = options.out if options.out is not None else options.project.out
    summary = RenderSummary(out)
    standards = read_standards(options.project)
    playbook = standards.playbook
    if playbook is None:
        summary.standards_failed = True
        summary.errors = len(standards.errors)
        _report(options, standards.errors, summary)
        return 1
    documents = _documents(playbook, options)
    checklists = _checklists(playbook, options, documents)
    deals = _deals(playbook, options, documents)
    targets = [_targets(deal, out, checklists) for deal in deals]
    _refuse_collisions(deals, targets, options)
    _refuse_existing([t for ts in targets for t in ts], options)
    if options.pdf:
        pdf.soffice()  # fails now, before any work, when LibreOffice is missing
    make_folder(out)
    setup = Setup(
        documents={d.id: d for d in documents},
        templates={d.id: standards.source.template_bytes[d.template] for d in documents},
        sellers=playbook.sellers,
        force=options.force,
        pdf=options.pdf,
    )
    found: dict[int, list[Diagnostic]] = defaultdict(list)  # by deal
    total = sum(len(ts) for ts in targets)
    console = Console(stderr=True)
    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("render", total=total)
        forms = _forms(documents, setup)
        sources = {file.path: file for file in standards.source.files}
        jobs = _jobs(
            deals, targets, forms, setup.sellers, sources, found, lambda n: progress.advance(task, n)
        )
        for results in render_all(setup, jobs, total, options.jobs or os.cpu_count() or 1):
            progress.advance(task, len(results))
            for result in results:
                for path in result.written:
                    summary.written.append(str(path))
                    if options.format == "text":
                        print(one_line(str(path)), flush=True)
                found[result.deal].extend(result.diagnostics)
    summary.deals = len(deals)
    diagnostics = sorted(d for problems in found.values() for d in problems)
    summary.errors = len(diagnostics)
    summary.failed_deals = sum(1 for problems in found.values() if problems)
    _report(options, diagnostics, summary)
    return 1 if diagnostics else 0


def _report(options: RenderOptions, diagnostics: Sequence[Diagnostic], summary: RenderSummary) -> None:
    """As `check` reports: text for people (on standard error, beside the list of written files),
    or JSON for tools."""
    stream = sys.stderr if options.format == "text" else sys.stdout
    REPORTERS[options.format](stream, options.color).report(diagnostics, summary)


def _forms(documents: Sequence[Document], setup: Setup) -> dict[str | None, dict[str, Form]]:
    """Each document's fields, with what its template cannot do without, under each seller's VAT
    (by the seller's name; None: the company): checked before writing."""
    needs = {
        document.id: Template(setup.templates[document.id], setup.seller.formats).needs(document)
        for document in documents
    }
    sellers: dict[str | None, Seller] = {None: setup.seller}
    sellers.update(setup.sellers.others)
    return {
        name: {document.id: Form(document, seller.vat, needs[document.id]) for document in documents}
        for name, seller in sellers.items()
    }


def _jobs(
    deals: Sequence[Deal],
    targets: Sequence[Sequence[_Target]],
    forms: Mapping[str | None, Mapping[str, Form]],
    sellers: Sellers,
    sources: Mapping[str, YamlFile],
    found: dict[int, list[Diagnostic]],
    skipped: Callable[[int], None],
) -> Iterator[Job]:
    """The documents to render, deal by deal, read and checked only as the workers need them.
    A deal whose data has problems gets none of its documents: its findings are all reported."""
    for number, deal in enumerate(deals):
        read = _read(deal, sources, forms[None])
        if isinstance(read, list):
            found[number].extend(read)
            skipped(len(targets[number]))
            continue
        values, file, within = read
        problems: dict[Diagnostic, list[str]] = {}  # each problem once, with the documents it breaks
        checked = {}
        wrong_seller = sellers.problem(values)
        seller = None if wrong_seller else named(values)
        for document in deal.documents:
            result = forms[seller][document.id].check(values)
            checked[document.id] = result.values
            for finding in (wrong_seller, *result.findings) if wrong_seller else result.findings:
                problem = (
                    finding.at(file, "deal-data", within)
                    if file
                    else error(deal.path or document.path, (1, 1), finding.message, "deal-data")
                )
                problems.setdefault(problem, []).append(document.id)
        if problems:
            several = len(deal.documents) > 1
            for problem, ids in problems.items():
                note = f" ({', '.join(ids)})" if several else ""
                found[number].append(dataclasses.replace(problem, message=problem.message + note))
            skipped(len(targets[number]))
            continue
        for target in targets[number]:
            source = deal.path or target.document.path
            yield Job(
                target.document.id,
                checked[target.document.id],
                target.output,
                number,
                source,
                target.checklist,
                seller,
            )


def _read(
    deal: Deal, sources: Mapping[str, YamlFile], forms: Mapping[str, Form]
) -> tuple[Any, YamlFile | None, tuple[PathElement, ...]] | list[Diagnostic]:
    """A deal's values, its file (for positions) and where the values sit in it; or why not."""
    if isinstance(deal.data, Sample):
        return deal.data.data, sources.get(deal.data.path), ("data",)
    if deal.data is None:
        return {}, None, ()  # a blank form
    read = load_deal(deal.data)
    if isinstance(read, list):
        return read
    fields = {spec.name for form in forms.values() for spec in form.document.fields}
    if _is_sample(read.data, fields):
        return read.data["data"], read, ("data",)
    return read.data, read, ()


def _targets(deal: Deal, out: Path, checklists: Mapping[str, Checklist]) -> list[_Target]:
    """The files a deal gives: OUT/<deal>-<document>.docx, and a form per checklist
    (OUT/<deal>-<document>-<checklist>.docx) for a checklist form."""
    targets = []
    for document in deal.documents:
        if document.is_checklist_form:
            targets += [
                _Target(document, out / f"{deal.name}-{document.id}-{name}.docx", checklist)
                for name, checklist in checklists.items()
            ]
        else:
            targets.append(_Target(document, out / f"{deal.name}-{document.id}.docx"))
    return targets


def _checklists(
    playbook: Playbook, options: RenderOptions, documents: Sequence[Document]
) -> dict[str, Checklist]:
    """The checklists to fill checklist forms with: those asked for, or all."""
    if not any(d.is_checklist_form for d in documents):
        if options.checklists:
            raise UsageError("--checklist fills a checklist form, and none is being rendered")
        return {}
    known = playbook.of(Checklist)
    for name in options.checklists:
        if name not in known:
            raise UsageError(f"no checklist '{name}'{did_you_mean(name, known)}")
    return {name: known[name] for name in options.checklists or sorted(known)}


def _documents(playbook: Playbook, options: RenderOptions) -> list[Document]:
    """The documents asked for (all, unless named)."""
    known = playbook.of(Document)
    wanted = options.documents or tuple(known)
    if not wanted:
        raise UsageError(f"the project declares no documents in {STANDARDS}/{DOCUMENTS.folder}/")
    for name in wanted:
        if name not in known:
            raise UsageError(
                f"no document '{name}'{did_you_mean(name, known)}; documents: {', '.join(known) or 'none'}"
            )
    return [known[name] for name in wanted]


def _deals(playbook: Playbook, options: RenderOptions, documents: list[Document]) -> list[Deal]:
    """Each deal (a data file, or a document's sample) with the documents to fill from it. With
    --samples, a document without a sample is filled with no data: a blank form."""
    if options.samples:
        samples = playbook.of(Sample)
        by_sample: dict[str | None, list[Document]] = {}  # None: no sample
        for document in documents:
            for name in document.every_sample or (None,):
                by_sample.setdefault(name, []).append(document)
        return [
            Deal(name, tuple(fills), samples[name]) if name is not None else Deal(BLANK, tuple(fills), None)
            for name, fills in by_sample.items()
        ]
    if options.data is None:
        raise UsageError("say where the deal data is: --data FILE or FOLDER (or --samples)")
    return [Deal(path.stem, tuple(documents), path) for path in _data_files(options.data)]


def _is_sample(data: Any, fields: set[str]) -> bool:
    """A sample deal's file (name, data, and the other keys of its schema) works as a deal's data
    too; unless a document being rendered has a field named `data`: then the file is a deal's data
    like any other, and no key of it is taken for something else."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("data"), dict)
        and "name" in data
        and set(data) <= set(compiled()[SAMPLES.name].schema["properties"])
        and "data" not in fields
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


def _refuse_collisions(
    deals: Sequence[Deal], targets: Sequence[Sequence[_Target]], options: RenderOptions
) -> None:
    """Before any work: two files never go to one name (a.yml and a.yaml; deal a-b's c and deal
    a's b-c), whatever --force says, and not on a file system that ignores case either."""
    first: dict[str, tuple[Deal, _Target]] = {}
    clashes = []
    for deal, deal_targets in zip(deals, targets, strict=True):
        for target in deal_targets:
            key = unicodedata.normalize("NFC", str(target.output)).casefold()
            if key in first:
                clashes.append((first[key], (deal, target)))
            else:
                first[key] = (deal, target)
    if clashes:
        (deal, target), (other, clash) = clashes[0]
        more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
        raise UsageError(
            one_line(  # file names may hold line breaks: this is one line whatever they hold
                f"{target.output} would be written twice, for {_what(deal, target)} and for "
                f"{_what(other, clash)}{more}: rename one of them"
            )
        )


def _what(deal: Deal, target: _Target) -> str:
    source = deal.path or "a blank form"
    return f"{target.document.id} from {source}" + (f" ({target.checklist.id})" if target.checklist else "")


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
