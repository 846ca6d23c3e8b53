"""Files the site offers for download: each document's blank template, its filled sample (.docx,
and .pdf when LibreOffice is installed), and every checklist as a printable .docx form."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, error
from generator.documents import render_document
from generator.documents.context import ChecklistData
from generator.documents.pdf import convert
from generator.documents.sellers import named
from generator.errors import PlaybookError
from generator.kinds.checklist import Checklist
from generator.kinds.document import Document
from generator.kinds.sample import Sample
from generator.model import Playbook
from generator.site.addresses import page_of
from generator.source import Source

FOLDER = "downloads"


@dataclass(frozen=True)
class Download:
    label: str  # a key of the site's labels
    path: str  # relative to docs/
    deal: str = ""  # the sample deal's name, where a document has several


@dataclass(frozen=True)
class Downloads:
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> content
    of: dict[str, list[Download]] = field(default_factory=dict)  # entity page -> its downloads
    inputs: dict[str, str] = field(default_factory=dict)  # rendered path -> digest of what made it
    problems: tuple[Diagnostic, ...] = ()  # documents the site could not fill (no site is built then)


def render_downloads(
    playbook: Playbook, source: Source, pdf: bool, previous: Downloads | None = None
) -> Downloads:
    """Everything the document and checklist pages link to, rendered from the model (the
    templates' bytes are the source's). A document whose inputs are those of ``previous``
    (serve's last generation) is not rendered again: rendering is deterministic, and on every save
    it was half of the regeneration."""
    documents = playbook.of(Document)
    if not documents:
        return Downloads()
    samples = playbook.of(Sample)
    checklists = playbook.of(Checklist)
    files: dict[str, bytes] = {}
    of: dict[str, list[Download]] = defaultdict(list)
    inputs: dict[str, str] = {}
    filled: dict[str, str] = {}  # a filled sample's .docx path -> its page, for the PDFs
    problems: list[Diagnostic] = []

    def rendered(
        path: str, template: bytes, document: Document, data: Any, checklist: ChecklistData | None = None
    ) -> bytes:
        seller = playbook.sellers.of(None if playbook.sellers.problem(data) else named(data))
        key = _digest(template, document, data, checklist, seller)
        inputs[path] = key
        if previous is not None and previous.inputs.get(path) == key:
            return previous.files[path]
        return render_document(template, document, data, seller, checklist=checklist)

    for document in documents.values():
        template = source.template_bytes.get(document.template)
        if template is None:
            continue
        page = page_of(document)
        blank = f"{FOLDER}/{document.template}"
        files[blank] = template
        of[page].append(Download("download_template", blank))
        try:
            for name in document.every_sample:
                sample = f"{FOLDER}/{document.id}-{name}.docx"
                files[sample] = rendered(sample, template, document, samples[name].data)
                # with more than one sample, each link says whose deal it is
                deal = samples[name].name if len(document.every_sample) > 1 else ""
                of[page].append(Download("download_sample", sample, deal))
                filled[sample] = page
            if document.is_checklist_form:
                for checklist in checklists.values():
                    path = f"{FOLDER}/{document.id}-{checklist.id}.docx"
                    files[path] = rendered(path, template, document, {}, checklist)
                    of[page_of(checklist)].append(Download("download_form", path))
        except PlaybookError as exc:
            message = f"the site's filled example of this document could not be made: {exc}"
            problems.append(error(document.path, (1, 1), message, "render"))
    if pdf and filled and shutil.which("soffice"):
        for sample, content in _pdfs(files, list(filled)).items():
            files[sample.removesuffix(".docx") + ".pdf"] = content
            links = of[filled[sample]]  # each PDF right after its .docx
            at = next(i for i, link in enumerate(links) if link.path == sample)
            links.insert(
                at + 1, Download("download_sample_pdf", sample.removesuffix(".docx") + ".pdf", links[at].deal)
            )
    return Downloads(files, dict(of), inputs, tuple(problems))


def _digest(template: bytes, *values: Any) -> str:
    """What a download is made of: the template and the records (frozen dataclasses, whose repr
    names every value)."""
    text = json.dumps(
        [v if isinstance(v, dict | list | str) else repr(v) for v in values], sort_keys=True, default=str
    )
    return hashlib.sha256(template + text.encode("utf-8")).hexdigest()


def _pdfs(files: dict[str, bytes], paths: list[str]) -> dict[str, bytes]:
    """The PDFs LibreOffice made of the given .docx files (those it could not make are left out)."""
    with tempfile.TemporaryDirectory(prefix="playbook-downloads-") as folder:
        written = {}
        for path in paths:
            target = Path(folder) / Path(path).name
            target.write_bytes(files[path])
            written[target] = path
        results = convert(list(written), Path(folder) / "profile")
        return {written[docx]: result for docx, result in results.items() if isinstance(result, bytes)}
