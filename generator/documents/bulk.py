"""Render many documents over all cores: each worker compiles each template once.

What makes this fast is not only the processes: the naive loop opens and parses the .docx,
patches its XML and compiles its Jinja for every document; a worker here does that once per
template and then only renders and zips.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.documents import context, pdf
from generator.documents.context import Settings
from generator.documents.fields import Document
from generator.documents.render import Template, properties, write_new
from generator.errors import PlaybookError


@dataclass(frozen=True)
class Job:
    """One document to write: which, filled with what (already checked values), and where."""

    document: str
    values: Mapping[str, Any]
    output: Path
    label: str  # how the summary names it, e.g. "deals/cafe.yml: contract"


@dataclass(frozen=True)
class Result:
    label: str
    written: tuple[Path, ...]
    error: str | None = None


@dataclass(frozen=True)
class Setup:
    """What every worker loads once: the documents, their templates' bytes, the playbook's settings."""

    documents: Mapping[str, Document]
    templates: Mapping[str, bytes]  # by document id
    settings: Settings
    force: bool = False
    pdf: bool = False


class _Worker:
    def __init__(self, setup: Setup, profiles: Path) -> None:
        self.setup = setup
        self.profile = profiles / str(os.getpid())  # LibreOffice's own, for this process alone
        self.compiled: dict[str, Template] = {}

    def template(self, document: str) -> Template:
        if document not in self.compiled:
            self.compiled[document] = Template(self.setup.templates[document], self.setup.settings.currency)
        return self.compiled[document]

    def run(self, jobs: Sequence[Job]) -> list[Result]:
        results = [self._render(job) for job in jobs]
        if not self.setup.pdf:
            return results
        converted = pdf.convert(
            [job.output for job, result in zip(jobs, results, strict=True) if not result.error], self.profile
        )
        final = []
        for job, result in zip(jobs, results, strict=True):
            outcome = converted.get(job.output)
            if isinstance(outcome, bytes):
                target = job.output.with_suffix(".pdf")
                try:
                    write_new(target, outcome, self.setup.force)
                    result = Result(job.label, (*result.written, target))
                except FileExistsError:
                    result = Result(job.label, result.written, f"{target} exists (use --force to replace it)")
            elif isinstance(outcome, str):
                result = Result(job.label, result.written, f"PDF: {outcome}")
            final.append(result)
        return final

    def _render(self, job: Job) -> Result:
        document = self.setup.documents[job.document]
        try:
            template = self.template(job.document)
            filled = context.build(document, job.values, self.setup.settings)
            content = template.render(filled, properties(document, self.setup.settings))
            write_new(job.output, content, self.setup.force)
        except PlaybookError as exc:
            return Result(job.label, (), str(exc))
        except FileExistsError:
            return Result(job.label, (), f"{job.output} exists (use --force to replace it)")
        except OSError as exc:
            return Result(job.label, (), f"cannot write {job.output}: {exc.strerror}")
        return Result(job.label, (job.output,))


_worker: _Worker | None = None  # each process's own, set up once by the pool's initializer


def _start(setup: Setup, profiles: Path) -> None:
    global _worker
    _worker = _Worker(setup, profiles)


def _run(jobs: Sequence[Job]) -> list[Result]:
    assert _worker is not None
    return _worker.run(jobs)


def render_all(
    setup: Setup, jobs: Sequence[Job], workers: int, done: Callable[[Sequence[Result]], None] = lambda _: None
) -> list[Result]:
    """Render ``jobs`` with ``workers`` processes (one: in this process), calling ``done`` as
    each batch finishes; results come back in the order of ``jobs``."""
    workers = max(1, min(workers, len(jobs)))
    batches = list(_batches(jobs, workers))
    with tempfile.TemporaryDirectory(prefix="playbook-lo-") as profiles:
        if workers == 1:
            worker = _Worker(setup, Path(profiles))
            results: list[list[Result]] = []
            for batch in batches:
                results.append(worker.run(batch))
                done(results[-1])
            return [r for batch_results in results for r in batch_results]
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_start, initargs=(setup, Path(profiles))
        ) as pool:
            futures: dict[Future[list[Result]], int] = {
                pool.submit(_run, b): i for i, b in enumerate(batches)
            }
            by_batch: dict[int, list[Result]] = {}
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    by_batch[futures[future]] = future.result()
                    done(by_batch[futures[future]])
            return [r for i in range(len(batches)) for r in by_batch[i]]


def _batches(jobs: Sequence[Job], workers: int) -> Iterator[Sequence[Job]]:
    """Batches small enough to balance the workers and move the progress bar, large enough that
    sending them costs little; with PDFs, each batch is also one LibreOffice start-up."""
    size = max(1, min(50, len(jobs) // (workers * 8) or 1))
    for start in range(0, len(jobs), size):
        yield jobs[start : start + size]
