"""`playbook render` of the example's documents, read as legal and accounting read them: the
signatory's gender in the words, the advance in figures and words, a seller exempt from VAT
(a copy of the example on УСН, and the example's own service company) printing the basis
instead of VAT lines, and a deal naming a seller the playbook does not have."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests import docx_factory
from tests.conftest import write_yaml
from tests.e2e.conftest import copy_example, playbook
from tests.e2e.test_render_pdf import _require, pdf_text


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


def test_a_deal_of_the_groups_service_company_on_usn_is_invoiced_without_vat(tmp_path: Path) -> None:
    """The example's sample of its second seller (playbook.yml's sellers), as `make build` renders
    it, in the .docx and in the PDF: 9 800 + 6 400 + 4 350 + 2 × 1 890 less 10 % (3 402) = 23 952,00."""
    _require("soffice")
    root = copy_example(tmp_path / "example")
    result = playbook("render", "invoice", "--samples", "--pdf", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    invoice = read(root / "out/shafran-service-invoice.docx")
    printed = pdf_text(root / "out/shafran-service-invoice.pdf")
    for phrase in (
        "ООО «КухняПро Сервис», ИНН 7715472903, КПП 771501001",
        "Всего наименований 4, на сумму 23 952,00 ₽, НДС не облагается на основании п. 1 ст. 145 НК РФ",
        "Двадцать три тысячи девятьсот пятьдесят два рубля 00 копеек",
    ):
        assert phrase in invoice and phrase in printed, phrase
    assert "№\nНаименование товара, работ, услуг\nКол-во\nЕд.\nЦена\nСкидка\nСумма\nНДС\nВсего\n" in invoice
    # every line a service: the parties are Исполнитель and Заказчик, and nothing ships
    assert "Исполнитель:\nООО «КухняПро Сервис», ИНН 7715472903" in invoice
    assert "Заказчик:\nООО «Шафран», ИНН 7709582143" in invoice
    assert (
        "Оплата счёта означает согласие с условиями оказания услуг; в назначении платежа укажите" in printed
    )
    for goods_words in ("Поставщик", "Покупатель", "поставки", "отгружается", "Товар"):
        assert goods_words not in invoice, goods_words
    for vat_words in ("без НДС", "с НДС", "в том числе НДС", "НДС 0", "НДС 22"):
        assert vat_words not in invoice and vat_words not in printed, vat_words
    assert not re.search(r"(?<!\d)0,00 ₽", invoice + printed)  # no VAT of nothing
    company = read(root / "out/cafe-shafran-invoice.docx")  # the company's invoice keeps its VAT heads
    assert "Цена без НДС\nСкидка\nСумма без НДС\nНДС\nСумма с НДС\n" in company
    # and, goods and services to a company, its parties and shipping as before
    assert (
        "Поставщик\n(Исполнитель):\nООО «КухняПро»" in company
        and "Покупатель\n(Заказчик):\nООО «Шафран»" in company
    )
    assert (
        "Оплата счёта означает согласие с условиями поставки. Товар отгружается после поступления аванса"
        in company
    )


def test_a_deal_naming_no_seller_of_the_playbook_is_refused_at_its_line(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    sample = yaml.safe_load((root / "standards/samples/shafran-service.yml").read_text(encoding="utf-8"))
    write_yaml(root / "deal.yml", {**sample["data"], "seller": "kuhnyapro-servise"})
    result = playbook("render", "invoice", "--data", "deal.yml", "--out", "out", cwd=root)
    assert result.returncode == 1 and not (root / "out/deal-invoice.docx").exists()
    line = next(
        n
        for n, text in enumerate((root / "deal.yml").read_text().splitlines(), 1)
        if text.startswith("seller:")
    )
    assert (
        f"deal.yml:{line}:9: error: seller: 'kuhnyapro-servise' is not one of playbook.yml's sellers "
        "(did you mean 'kuhnyapro-service'?); sellers: kuhnyapro-service [deal-data]" in result.stderr
    )


def test_a_sample_naming_no_seller_of_the_playbook_fails_check(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    path = root / "standards/samples/shafran-service.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  seller: kuhnyapro-service", "  seller: kuhnyapro-servis"),
        encoding="utf-8",
    )
    result = playbook("check", cwd=root)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("  seller:"))
    assert (
        f"standards/samples/shafran-service.yml:{line}:11: error: seller: 'kuhnyapro-servis' is not one of "
        "playbook.yml's sellers (did you mean 'kuhnyapro-service'?); sellers: kuhnyapro-service "
        "(document 'invoice') [sample-data]" in result.stdout
    )


def test_a_sole_trader_seller_is_named_and_agreed_with_as_a_person(tmp_path: Path) -> None:
    """The preamble's participles agree with each party: «именуемое» with a company (общество),
    «именуемая … действующая» with a woman trading as a sole trader, whose requisites are hers."""
    root = copy_example(tmp_path / "example")
    playbook_file = root / "standards/playbook.yml"
    settings = yaml.safe_load(playbook_file.read_text(encoding="utf-8"))
    company = settings["company"]
    del company["kpp"]
    company.update(
        name="ИП Лаврова А. П.",
        full_name="Индивидуальный предприниматель Лаврова Анна Петровна",
        inn="501234567802",
        ogrn="326501200001232",
        signatory={
            "name": "Лаврова Анна Петровна",
            "position": "Индивидуальный предприниматель",
            "basis": "записи в ЕГРИП",
        },
    )
    write_yaml(playbook_file, settings)
    result = playbook(
        "render", "contract", "invoice", "act", "proposal", "--samples", "--out", "out", cwd=root
    )
    assert result.returncode == 0, result.stderr
    contract = read(root / "out/cafe-shafran-contract.docx")
    # the invoice, the act and the proposal name her by her requisites too: no КПП, an ОГРНИП
    for document in ("invoice", "act", "proposal"):
        text = read(root / f"out/cafe-shafran-{document}.docx")
        assert (
            "ИП Лаврова А. П., ИНН 501234567802," in text
            or "ИНН 501234567802, ОГРНИП 326501200001232" in text
        )
        assert "КПП" not in text.replace("КПП 770901001", ""), document  # the buyer's is there
    assert "ИНН 501234567802, ОГРНИП 326501200001232" in read(root / "out/cafe-shafran-proposal.docx")
    assert (
        "Индивидуальный предприниматель Лаврова Анна Петровна (ОГРНИП 326501200001232), именуемая в дальнейшем "
        "«Поставщик», действующая на основании записи в ЕГРИП, с одной стороны, и Общество с ограниченной "
        "ответственностью «Шафран», именуемое в дальнейшем «Покупатель», в лице Генерального директора Беловой "
        "Марины Сергеевны, действующей на основании Устава" in contract
    )
    assert "ИНН 501234567802\nОГРНИП 326501200001232\n" in contract and "ИНН/КПП 501234567802" not in contract
    assert "именуемое в дальнейшем «Поставщик»" not in contract


def test_a_number_of_days_takes_the_noun_s_form_the_number_asks(tmp_path: Path) -> None:
    """«в течение 1 рабочего дня», «Срок поставки — 21 рабочий день»: a term of one, two or
    twenty-one days reads as Russian says it, in the case its sentence asks."""
    root = copy_example(tmp_path / "example")
    sample = yaml.safe_load((root / "standards/samples/cafe-shafran.yml").read_text(encoding="utf-8"))
    for days, bank_days, name in ((1, 1, "one"), (21, 2, "many")):
        deal = {**sample["data"], "delivery_days": days, "payment_days": bank_days}
        write_yaml(root / f"deals/{name}.yml", deal)
    result = playbook("render", "contract", "proposal", "--data", "deals", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    one, many = read(root / "out/one-contract.docx"), read(root / "out/many-contract.docx")
    assert "в течение 1 рабочего дня с даты поступления аванса" in one
    assert "Срок поставки — 1 рабочий день" in one
    assert "в течение 1 банковского дня с даты выставления счёта" in one
    assert "в течение 21 рабочего дня с даты поступления аванса" in many
    assert "Срок поставки — 21 рабочий день" in many
    assert "в течение 2 банковских дней с даты выставления счёта" in many
    assert "Срок поставки: 21 рабочий день" in read(root / "out/many-proposal.docx")
