"""`playbook render` of the example's documents, read as legal and accounting read them: the
signatory's gender in the words, the advance in figures and words, and a seller exempt from VAT
(a copy of the example on УСН) printing the basis instead of VAT lines."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests import docx_factory
from tests.conftest import write_yaml
from tests.e2e.conftest import copy_example, playbook


def read(path: Path) -> str:
    return re.sub(r"[ \u00a0]+", " ", docx_factory.text_of(path.read_bytes()))


def test_the_example_contract_and_invoice_say_what_legal_signs(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    result = playbook("render", "contract", "invoice", "--samples", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    contract = read(root / "out/cafe-shafran-contract.docx")
    assert (
        "в лице Генерального директора Беловой Марины Сергеевны, действующей на основании Устава" in contract
    )
    assert (
        "2.3. Покупатель оплачивает аванс в размере 30 % от общей стоимости Договора — 277 264,39 ₽ "
        "(Двести семьдесят семь тысяч двести шестьдесят четыре рубля 39 копеек)" in contract
    )
    invoice = read(root / "out/cafe-shafran-invoice.docx")
    assert "К оплате по этому счёту — аванс 30 %: 277 264,39 ₽" in invoice
    assert "(-ая)" not in contract + invoice


def test_a_seller_on_usn_prints_that_vat_is_not_charged(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    playbook_file = root / "standards/playbook.yml"
    settings = yaml.safe_load(playbook_file.read_text(encoding="utf-8"))
    settings["company"]["vat"] = {"regime": "simplified", "exemption": "п. 1 ст. 145 НК РФ"}
    write_yaml(playbook_file, settings)
    sample = yaml.safe_load((root / "standards/samples/cafe-shafran.yml").read_text(encoding="utf-8"))
    deal = sample["data"]
    for item in deal["items"]:
        item.pop("vat_rate", None)
    write_yaml(root / "deal.yml", deal)
    result = playbook("render", "invoice", "--data", "deal.yml", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    invoice = read(root / "out/deal-invoice.docx")
    assert "на сумму 757 552,98 ₽, НДС не облагается на основании п. 1 ст. 145 НК РФ" in invoice
    assert "Без налога (НДС):\n—" in invoice
    assert "НДС 22" not in invoice and "\n0,00 ₽" not in invoice  # no VAT line, no VAT of nothing


def test_a_payment_due_before_its_invoice_is_refused_at_its_line(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    sample = yaml.safe_load((root / "standards/samples/cafe-shafran.yml").read_text(encoding="utf-8"))
    write_yaml(root / "deal.yml", {**sample["data"], "payment_due": "2026-11-19"})
    result = playbook("render", "invoice", "--data", "deal.yml", "--out", "out", cwd=root)
    assert result.returncode == 1
    line = next(
        n for n, text in enumerate((root / "deal.yml").read_text().splitlines(), 1) if "payment_due" in text
    )
    assert (
        f"deal.yml:{line}:14: error: payment_due: 2026-11-19 must be on or after invoice_date (Дата счёта), "
        "2026-11-20 [deal-data]" in result.stderr
    )
