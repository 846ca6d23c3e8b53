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

from generator.documents import Document as DocumentForm
from generator.documents import Settings, render_document
from generator.documents.pdf import convert
from generator.errors import PlaybookError
from generator.kinds import BY_NAME
from generator.load import Source
from generator.model import Playbook

FOLDER = "downloads"


@dataclass(frozen=True)
class Download:
    label: str  # a key of the site's labels
    path: str  # relative to docs/


@dataclass(frozen=True)
class Downloads:
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> content
    of: dict[str, list[Download]] = field(default_factory=dict)  # entity page -> its downloads
    inputs: dict[str, str] = field(default_factory=dict)  # rendered path -> digest of what made it


def render_downloads(
    source: Source, playbook: Playbook, pdf: bool, previous: Downloads | None = None
) -> Downloads:
    """Everything the document and checklist pages link to, rendered from the validated source.
    A document whose inputs are those of ``previous`` (serve's last generation) is not rendered
    again: rendering is deterministic, and on every save it was half of the regeneration."""
    if source.playbook is None or not playbook.documents:
        return Downloads()
    settings = Settings.from_playbook(source.playbook.data)
    document_files = {f.id: f for f in source.of_kind(BY_NAME["document"])}
    checklists = {f.id: f.data for f in source.of_kind(BY_NAME["checklist"])}
    files: dict[str, bytes] = {}
    of: dict[str, list[Download]] = defaultdict(list)
    inputs: dict[str, str] = {}
    samples: dict[str, str] = {}  # .docx path -> page, for the PDFs

    def rendered(path: str, template: bytes, form: DocumentForm, data: Any, checklist: Any = None) -> bytes:
        key = _digest(template, form, data, checklist, source.playbook.data if source.playbook else None)
        inputs[path] = key
        if previous is not None and previous.inputs.get(path) == key:
            return previous.files[path]
        return render_document(template, form, data, settings, checklist=checklist)

    for document in playbook.documents.values():
        template = source.template_bytes.get(document.template)
        if template is None:
            continue
        page = f"documents/{document.id}.md"
        blank = f"{FOLDER}/{document.template}"
        files[blank] = template
        of[page].append(Download("download_template", blank))
        form = DocumentForm.from_yaml(document.id, document_files[document.id].data)
        try:
            if document.sample:
                sample = f"{FOLDER}/{document.id}-{document.sample}.docx"
                files[sample] = rendered(sample, template, form, playbook.samples[document.sample].data)
                of[page].append(Download("download_sample", sample))
                samples[sample] = page
            if document.kind == "checklist":
                for checklist_id, checklist in checklists.items():
                    path = f"{FOLDER}/{document.id}-{checklist_id}.docx"
                    files[path] = rendered(path, template, form, {}, checklist)
                    of[f"checklists/{checklist_id}.md"].append(Download("download_form", path))
        except PlaybookError as exc:
            raise PlaybookError(f"{document.path}: cannot render the site's download: {exc}") from None
    if pdf and samples and shutil.which("soffice"):
        for sample, content in _pdfs(files, list(samples)).items():
            files[sample.removesuffix(".docx") + ".pdf"] = content
            of[samples[sample]].append(Download("download_sample_pdf", sample.removesuffix(".docx") + ".pdf"))
    return Downloads(files, dict(of), inputs)


def _digest(template: bytes, *values: Any) -> str:
    text = json.dumps(
        [repr(v) if isinstance(v, DocumentForm) else v for v in values], sort_keys=True, default=str
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
