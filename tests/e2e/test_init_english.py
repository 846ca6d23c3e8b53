"""`playbook init --language en`: a UK company's standards in English that check, build and render
an order form in pounds with UK VAT — figures checked by hand, and not one Cyrillic letter."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx2python import docx2python

from tests.e2e.conftest import playbook
from tests.e2e.pagetext import text_of

pytestmark = pytest.mark.slow

CYRILLIC = re.compile("[\u0400-\u04ff\u0500-\u052f]")
# The sample deal by hand: 8,450.00 + 12 × 18.50 less 10 % (199.80) + 350.00 at 20 %, and
# 2 × 24.99 (49.98) at 0 %; VAT per line rounded: 1,690.00 + 39.96 + 70.00.
FIGURES = (
    "No. SO-2026-0142 of 27 November 2026",
    "Net total £9,049.78",
    "VAT 20% on £8,999.80 £1,799.96",
    "VAT 0% on £49.98 £0.00",
    "Total due £10,849.74",
    "Total due in words: Ten thousand, eight hundred and forty-nine pounds sterling, seventy-four pence.",
    "Delivery by 11 December 2026",
    "Payment due by 27 December 2026",
    "VAT number: GB123456789",
    "VAT number: GB987654321",
    "Company number: 01234567",
    "20-20-15 / 55555555",
    "GB33 BUKB 2020 1555 5555 55",
    "BUKBGB22",
)
LINE = "2 Gastronorm pan GN 1/1, 65 mm 12 pc 18.50 10% 199.80 VAT 20% 39.96 239.76"


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed (make test installs it: .ci/system-packages)")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_an_english_playbook_checks_builds_and_renders_a_uk_order_form(tmp_path: Path) -> None:
    _require("soffice")
    _require("pdftotext")
    target = tmp_path / "acme"
    created = playbook("init", str(target), "--language", "en", cwd=tmp_path)
    assert created.returncode == 0, created.stderr

    check = playbook("check", "--strict", cwd=target)
    assert (check.returncode, check.stdout) == (0, "11 files checked: no problems found\n")
    build = playbook("build", cwd=target)
    assert build.returncode == 0, build.stderr
    assert text_of(target / "site/index.html")[0] == "Sales standards"

    render = playbook("render", "--samples", "--out", "out", cwd=target)
    assert (render.returncode, render.stdout.split()) == (0, ["out/example-deal-order-form.docx"])
    docx = target / "out/example-deal-order-form.docx"
    with docx2python(docx) as read:
        docx_text = _flat(read.text)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    pdf = docx.with_suffix(".pdf")
    assert pdf.is_file()
    # -layout: a table row reads across, as on the page ("Net total £9,049.78")
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    pdf_text = _flat(layout.stdout)

    for text in (docx_text, pdf_text):
        for figure in FIGURES:
            assert figure in text
        assert CYRILLIC.findall(text) == []
    assert LINE in docx_text


def test_the_english_scaffold_holds_no_russian(tmp_path: Path) -> None:
    target = tmp_path / "acme"
    assert playbook("init", str(target), "--language", "en", cwd=tmp_path).returncode == 0
    russian = {
        str(path.relative_to(target))
        for path in target.rglob("*")
        if path.is_file()
        and path.suffix in (".yml", ".md")
        and "schemas" not in path.parts
        and CYRILLIC.search(path.read_text(encoding="utf-8"))
    }
    assert russian == set()
