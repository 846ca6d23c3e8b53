"""Render many documents over all cores: each worker compiles each template once.

What makes this fast is not only the processes: the naive loop opens and parses the .docx,
patches its XML and compiles its Jinja for every document; a worker here does that once per
template and then only renders and zips.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, error
from generator.documents import context, pdf
from generator.documents.context import ChecklistData, Seller
from generator.documents.document import Declaration
from generator.documents.render import Template, properties, write_new
from generator.documents.sellers import Sellers
from generator.errors import PlaybookError


@dataclass(frozen=True)
class Job:
    """One document to write: which, filled with what (already checked values), and where."""

    document: str
    values: Mapping[str, Any]
    output: Path
    deal: int  # which deal of the run it is for (its number, not its name: no name is special)
    source: str  # the file its data came from (the document's own, for a blank form): where failures are said
    checklist: ChecklistData | None = None  # for a checklist form: the checklist it is filled with
    seller: str | None = None  # the deal's seller, one of playbook.yml's sellers; None: the company

    def failed(self, message: str) -> Diagnostic:
        """Rendering this document failed: said at its data, naming the file it was to be."""
        return error(self.source, (1, 1), f"{self.output.name}: {message}", "render")


@dataclass(frozen=True)
class Result:
    deal: int  # the job's deal
    written: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class Setup:
    """What every worker loads once: the documents, their templates' bytes, the sellers."""

    documents: Mapping[str, Declaration]
    templates: Mapping[str, bytes]  # by document id
    sellers: Sellers
    force: bool = False
    pdf: bool = False

    @property
    def seller(self) -> Seller:
        """The company, whose currency and language every document is written in."""
        return self.sellers.company


class _Worker:
    def __init__(self, setup: Setup, profiles: Path) -> None:
        self.setup = setup
        self.profile = profiles / str(os.getpid())  # LibreOffice's own, for this process alone
        self.compiled: dict[str, Template] = {}

    def template(self, document: str) -> Template:
        if document not in self.compiled:
            self.compiled[document] = Template(self.setup.templates[document], self.setup.seller.formats)
        return self.compiled[document]

    def run(self, jobs: Sequence[Job]) -> list[Result]:
        results = [self._render(job) for job in jobs]
        if not self.setup.pdf:
            return results
        converted = pdf.convert(
            [job.output for job, result in zip(jobs, results, strict=True) if result.written], self.profile
        )
        final = []
        for job, result in zip(jobs, results, strict=True):
            outcome = converted.get(job.output)
            target = job.output.with_suffix(".pdf")
            if isinstance(outcome, bytes):
                problem = _write(target, outcome, self.setup.force)
                written = (*result.written, target) if problem is None else result.written
                result = Result(job.deal, written, (problem,) if problem else ())
            elif isinstance(outcome, str):
                result = Result(job.deal, result.written, (error(str(target), (1, 1), outcome, "pdf"),))
            final.append(result)
        return final

    def _render(self, job: Job) -> Result:
        document = self.setup.documents[job.document]
        try:
            template = self.template(job.document)
            seller = self.setup.sellers.of(job.seller)
            filled = context.build(document, job.values, seller, job.checklist)
            content = template.render(filled, properties(document, seller))
        except PlaybookError as exc:
            return Result(job.deal, (), (job.failed(str(exc)),))
        problem = _write(job.output, content, self.setup.force)
        return Result(job.deal, (), (problem,)) if problem else Result(job.deal, (job.output,))


def _write(path: Path, content: bytes, force: bool) -> Diagnostic | None:
    """Writes a file whole; what went wrong, if anything."""
    try:
        write_new(path, content, force)
    except FileExistsError:
        return error(str(path), (1, 1), "the file exists: use --force to replace it", "output")
    except OSError as exc:
        return error(str(path), (1, 1), f"cannot write the file: {exc.strerror}", "output")
    return None


_worker: _Worker | None = None  # each process's own, set up once by the pool's initializer


def _start(setup: Setup, profiles: Path) -> None:
    global _worker
    _worker = _Worker(setup, profiles)


def _run(jobs: Sequence[Job]) -> list[Result]:
    assert _worker is not None
    return _worker.run(jobs)


def render_all(setup: Setup, jobs: Iterable[Job], total: int, workers: int) -> Iterator[list[Result]]:
    """Render ``jobs`` (about ``total`` of them, read lazily) with ``workers`` processes — one:
    in this process — yielding each batch's results as it finishes. Only a few batches are in
    flight at a time, so memory stays flat however many deals there are."""
    workers = max(1, min(workers, total))
    size = max(1, min(50, total // (workers * 8)))  # balances the workers, moves the progress bar
    batches = _batches(jobs, size)
    with tempfile.TemporaryDirectory(prefix="playbook-lo-") as profiles:
        if workers == 1:
            worker = _Worker(setup, Path(profiles))
            for batch in batches:
                yield worker.run(batch)
            return
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_start, initargs=(setup, Path(profiles))
        ) as pool:
            pending: set[Future[list[Result]]] = set()
            for batch in batches:
                pending.add(pool.submit(_run, batch))
                if len(pending) >= 2 * workers:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in finished)
            for future in as_completed(pending):
                yield future.result()


def _batches(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    batch: list[Job] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
