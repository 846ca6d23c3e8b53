"""Every rendered document converts to PDF with LibreOffice, and the PDF shows its totals.

LibreOffice and poppler's pdftotext are part of the test environment (`make test` installs them
with .ci/system-packages): a missing one fails the test, never skips it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.documents import Form, context
from generator.documents.money import format_number
from generator.documents.sellers import named
from generator.kinds.checklist import Checklist
from generator.kinds.document import Document
from generator.kinds.sample import Sample
from tests.conftest import REPO, standards_of
from tests.e2e.test_render_cli import playbook

pytestmark = pytest.mark.slow


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed (make test installs it: .ci/system-packages)")


def pdf_text(path: Path) -> str:
    """The PDF's text with whitespace (no-break spaces, line ends) made single spaces."""
    _require("pdftotext")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_the_test_contract_converts_and_shows_its_totals(documents_project: Path) -> None:
    _require("soffice")
    result = playbook("render", "--samples", "--pdf", "--out", "out", cwd=documents_project)
    assert (result.returncode, result.stdout.split()) == (
        0,
        ["out/deal-contract.docx", "out/deal-contract.pdf"],
    )
    text = pdf_text(documents_project / "out/deal-contract.pdf")
    assert (
        "Всего к оплате: 408 919,35 ₽ (Четыреста восемь тысяч девятьсот девятнадцать рублей 35 копеек)"
        in text
    )


def test_every_example_document_converts_and_shows_its_totals(tmp_path: Path) -> None:
    _require("soffice")
    root = tmp_path / "example"
    for name in ("standards", "templates"):
        shutil.copytree(REPO / name, root / name)
    model = standards_of(root).playbook
    assert model is not None
    documents = list(model.of(Document).values())
    assert documents, "the example declares documents"
    result = playbook("render", "--samples", "--pdf", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    samples = {sample.id: sample.data for sample in model.of(Sample).values()}
    checklists = sorted(model.of(Checklist))
    for document in documents:
        for deal in document.every_sample or ("blank",):
            if document.is_checklist_form:
                for checklist in checklists:
                    assert (root / "out" / f"{deal}-{document.id}-{checklist}.pdf").is_file()
                continue
            pdf = root / "out" / f"{deal}-{document.id}.pdf"
            assert pdf.is_file(), f"{pdf.name} was not written"
            text = pdf_text(pdf)
            if not document.items_fields:
                continue
            data = samples.get(deal, {})
            seller = model.sellers.of(named(data))  # the deal's own seller, or the company
            values = Form(document, seller.vat).check(data).values
            totals = context.build(document, values, seller)["totals"]
            # the figure: a form's columns (the УПД's) print amounts without the currency's sign
            gross = _spaces(format_number(totals.gross, 2))
            assert gross in text, f"{pdf.name} does not show its total {gross}"
