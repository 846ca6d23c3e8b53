"""The УПД and a private buyer's documents rendered from the example's samples, read as an
accountant and a lawyer read them: in the .docx (docx2python) and in the PDF LibreOffice makes
of it (pdftotext). Figures checked by hand: 12 × 1 149,90 less 15 % = 11 728,98, its VAT
22 % = 2 580,38; the consumer's 152 930,00 with VAT holds 152 930 × 22/122 = 27 577,54; the
advance 20 % = 30 586,00, the remainder 122 344,00 in five payments of 20 390,66 and a last of
20 390,70."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests import docx_factory
from tests.conftest import write_yaml
from tests.e2e.conftest import copy_example, playbook
from tests.e2e.test_render_pdf import _require, pdf_text

pytestmark = pytest.mark.slow
EXPECTED = Path(__file__).parent / "expected"


def read(path: Path) -> str:
    return re.sub(r"[ \u00a0]+", " ", docx_factory.text_of(path.read_bytes()))


def both(root: Path, name: str) -> tuple[str, str]:
    """The .docx's text, and the PDF's as laid out on the page: a line per printed line (a
    table's row reads across its columns), runs of spaces made one."""
    _require("pdftotext")
    pdf = root / f"out/{name}.pdf"
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    lines = (re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip() for line in layout.stdout.splitlines())
    return read(root / f"out/{name}.docx"), "\n".join(lines)


def prose(root: Path, name: str) -> tuple[str, str]:
    """The .docx's text, and the PDF's as one flow of words (lines joined by single spaces)."""
    return read(root / f"out/{name}.docx"), pdf_text(root / f"out/{name}.pdf")


def test_the_upd_in_status_1_and_2_has_every_column_requisite_and_signature(tmp_path: Path) -> None:
    _require("soffice")
    root = copy_example(tmp_path / "example")
    result = playbook("render", "upd", "--samples", "--pdf", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr

    company, company_pdf = both(root, "cafe-shafran-upd")
    assert "Статус: 1" in company
    for phrase in (
        "Счёт-фактура № 1571 от «08» декабря 2026 г.",
        "ИНН/КПП покупателя: 7709582143/770901001",
        "Грузоотправитель и его адрес: он же",
        "К платёжно-расчётному документу № 2318 от 24.11.2026",
        "Документ об отгрузке № п/п 1–14 № 1571 от 08.12.2026",
        "Валюта: наименование, код Российский рубль, 643",
        # column 1б … 13 of line 3, an imported dishwasher subject to traceability
        "1 196 500,00 196 500,00 22 % 43 230,00 239 730,00 380 ИТАЛИЯ 796 шт 1",
        "12 1 149,90 11 728,98 22 % 2 580,38 14 309,36 156 КИТАЙ",
        "Всего к оплате (9) 757 552,98 Х Х 166 661,66 924 214,64",
        "в том числе по ставке 22 % 757 552,98 22 % 166 661,66 924 214,64",
        "Соколов А. В. Кузнецова Е. П.",  # the head's and the chief accountant's signatures
        "Договор поставки № П-2026/187 от 20.11.2026 [8]",
        "Начальник склада ______________ Зайцев И. Н.",
        "Дата отгрузки, передачи (сдачи) [11] «08» декабря 2026 г.",
        "ООО «Шафран», ИНН/КПП 7709582143/770901001",
    ):
        assert phrase in company_pdf, phrase
    assert "Код вида товара" in company and "Регистрационный номер декларации на товары" in company
    for label in (
        "Руководитель организации или иное уполномоченное лицо",
        "Главный бухгалтер или иное уполномоченное лицо",
        "Основание передачи (сдачи) / получения (приёмки)",
    ):
        assert label in company, label
    assert "без акциза" in company and "10130010/120826/5052847/3" in company

    consumer, consumer_pdf = both(root, "lebedeva-kitchen-upd")
    for phrase in (
        "Статус: 2",
        "Покупатель: Лебедева Ольга Игоревна",
        "ИНН/КПП покупателя: —",
        "Всего к оплате (9) 125 352,46 Х Х 27 577,54 152 930,00",
        "Договор розничной купли-продажи № Р-2026/0932 от 24.11.2026",
        "Покупатель ______________ Лебедева О. И.",
    ):
        assert phrase in consumer_pdf, phrase
    # a transfer document only: no signatures of the счёт-фактура
    assert "Руководитель организации" not in consumer and "Главный бухгалтер" not in consumer_pdf


def test_a_private_buyers_contract_and_invoice_speak_consumer_law(tmp_path: Path) -> None:
    _require("soffice")
    root = copy_example(tmp_path / "example")
    result = playbook("render", "contract", "invoice", "--samples", "--pdf", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr

    contract, contract_pdf = prose(root, "lebedeva-kitchen-contract")
    for phrase in (
        "Договор розничной купли-продажи № Р-2026/0932",
        "и гражданка Лебедева Ольга Игоревна, именуемая в дальнейшем «Покупатель», с другой стороны",
        "составляет 152 930,00 ₽ (Сто пятьдесят две тысячи девятьсот тридцать рублей 00 копеек), "
        "в том числе НДС 27 577,54 ₽",
        "аванс в размере 20 % от общей стоимости Договора — 30 586,00 ₽",
        "ежемесячными платежами по 20 390,66 ₽ (Двадцать тысяч триста девяносто рублей 66 копеек), "
        "последний платёж — 20 390,70 ₽",
        "неустойку (пени) в размере 0,5 % суммы предварительной оплаты Товара за каждый день просрочки",
        "(п. 3 ст. 23.1 Закона РФ «О защите прав потребителей»)",
        "по своему выбору в суд по месту нахождения Продавца, по своему месту жительства или "
        "пребывания либо по месту заключения или исполнения Договора (п. 2 ст. 17 Закона РФ «О защите "
        "прав потребителей»)",
        "4.3. Договор заключён дистанционным способом",
        "(п. 1 ст. 26.1 Закона РФ «О защите прав потребителей», п. 2 ст. 497 ГК РФ)",
        "а после передачи — в течение 7 дней",
        "в течение 3 месяцев с момента передачи Товара (п. 4 ст. 26.1 того же Закона)",
        "за исключением своих расходов на доставку возвращённого Товара от Покупателя",
        "___________________ / Лебедева О. И. /",
        "именуемое в дальнейшем «Продавец»",
        "1.1. Продавец обязуется передать в собственность Покупателя бытовую технику и сопутствующие "
        "товары для личного, семейного, домашнего использования, не связанного с предпринимательской "
        "деятельностью",
        "3.4. Обязанность Продавца передать Товар исполнена в момент его вручения Покупателю по адресу "
        "доставки (ст. 458, 499 ГК РФ)",
        "Подпись Покупателя в передаточном документе не лишает его права предъявить требования в связи с "
        "недостатками Товара",
        "5.2. Гарантийный срок на Товар — 24 мес. с даты передачи Товара Покупателю (п. 2 ст. 19 Закона РФ "
        "«О защите прав потребителей»); требования в связи с недостатками Товара, обнаруженными в течение "
        "гарантийного срока, Покупатель вправе предъявить Продавцу (п. 1 ст. 19 того же Закона)",
        "в течение гарантийного срока (п. 1 ст. 18, п. 1 ст. 19 Закона РФ «О защите прав потребителей»)",
        "их безвозмездного устранения (п. 1 ст. 29 Закона РФ «О защите прав потребителей»)",
        "до дня передачи Товара или удовлетворения требования Покупателя о возврате предварительной оплаты",
        "со дня предъявления требования (п. 1 ст. 20 того же Закона)",
        "5.3. Продавец отвечает за недостатки Товара, если не докажет, что они возникли после передачи "
        "Товара вследствие нарушения Покупателем правил его использования",
        "(п. 6 ст. 18 Закона РФ «О защите прав потребителей»)",
        "6.1. За просрочку оплаты Продавец вправе потребовать уплаты процентов на неоплаченную в срок сумму "
        "в размере, определённом ст. 395 ГК РФ",
        "кроме случая, когда полученные платежи превышают половину его цены (п. 2 ст. 489 ГК РФ)",
        "Продавец: ООО «КухняПро»",
        # the specification a consumer reads: prices and sums with VAT, the VAT said once
        "Общая стоимость по Спецификации: 152 930,00 ₽ (Сто пятьдесят две тысячи девятьсот тридцать "
        "рублей 00 копеек), в том числе НДС 27 577,54 ₽.",
    ):
        assert phrase in contract_pdf, phrase
    specification = contract[contract.index("Спецификация\nтовара и услуг") :]
    assert "Цена с НДС\nСкидка\nСумма с НДС\n" in specification
    assert (
        "1\nВарочная панель индукционная Bosch PUE611BB5E, 60 см, 4 зоны\n1\nшт.\n42 990,00 ₽\n—\n42 990,00 ₽\n"
        in specification
    )
    assert "без НДС" not in contract and "НДС 22 %" not in contract and specification.count("НДС") == 3
    for b2b in (
        "Поставщик",
        "Арбитражный суд",
        "Претензионный порядок обязателен",
        "обучению персонала",
        "Услуги считаются принятыми",
        "подключении Товара специалистами",
        "неустойку в размере 0,1 %",
        "квалифицированной электронной подписью",
        "(-ая)",
    ):
        assert b2b not in contract, b2b
    assert contract.count("ИНН") == contract.count("ОГРН") == 1  # the seller's; the buyer has none

    invoice, invoice_pdf = prose(root, "lebedeva-kitchen-invoice")
    assert (
        "Покупатель: Лебедева Ольга Игоревна, 117342, г. Москва, ул. Обручева, д. 28, корп. 2, "
        "кв. 41, тел.: +7 (916) 224-18-37" in invoice_pdf
    )
    assert "Продавец: ООО «КухняПро», ИНН 7714823651" in invoice_pdf
    assert (
        "Товар передаётся после поступления аванса на расчётный счёт Продавца; в назначении платежа укажите "
        "номер и дату счёта." in invoice_pdf
    )
    for b2b in ("Поставщик", "Заказчик", "Исполнитель", "условиями поставки"):
        assert b2b not in invoice, b2b
    # the prices the consumer agreed in the specification, with VAT, and the VAT in the totals
    assert "Цена с НДС\nСкидка\nСумма с НДС\n1\nВарочная панель индукционная Bosch PUE611BB5E" in invoice
    assert "без НДС" not in invoice and "В том числе НДС 22 %:\n27 577,54 ₽" in invoice
    assert "Основание: Договор розничной купли-продажи № Р-2026/0932 от 24.11.2026" in invoice_pdf
    assert "К оплате по этому счёту — аванс 20 %: 30 586,00 ₽" in invoice_pdf
    assert "ИНН\n" not in invoice and "Лебедева Ольга Игоревна, ИНН" not in invoice

    # the company's contract reads word for word as it did before the consumer wording came
    company = re.sub(
        r"[^\S\n]+", " ", docx_factory.text_of((root / "out/cafe-shafran-contract.docx").read_bytes())
    )
    assert company.strip() == (EXPECTED / "cafe-shafran-contract.txt").read_text(encoding="utf-8").strip()


def test_a_consumer_sale_in_the_showroom_has_no_distance_refusal_and_a_passport_prints(
    tmp_path: Path,
) -> None:
    root = copy_example(tmp_path / "example")
    sample = yaml.safe_load((root / "standards/samples/lebedeva-kitchen.yml").read_text(encoding="utf-8"))
    deal = sample["data"]
    deal["distance_sale"] = False
    deal["buyer"]["passport"] = {
        "series": "4519",
        "number": "803214",
        "issued_by": "ГУ МВД России по г. Москве",
        "issued_on": "2019-06-14",
    }
    write_yaml(root / "deal.yml", deal)
    result = playbook("render", "contract", "upd", "--data", "deal.yml", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    contract = read(root / "out/deal-contract.docx")
    assert "дистанционным способом" not in contract
    assert (
        "гражданка Лебедева Ольга Игоревна (паспорт 4519 803214, выдан ГУ МВД России по г. Москве "
        "14.06.2019), именуемая" in contract
    )
    assert "Паспорт 4519 803214, выдан ГУ МВД России по г. Москве 14.06.2019" in contract


def test_a_company_buyers_upd_in_status_2_has_no_invoice_signatures(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    sample = yaml.safe_load((root / "standards/samples/cafe-shafran.yml").read_text(encoding="utf-8"))
    write_yaml(root / "deal.yml", {**sample["data"], "upd_status": 2})
    result = playbook("render", "upd", "--data", "deal.yml", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    upd = read(root / "out/deal-upd.docx")
    assert "Статус: 2" in upd and "Статус: 1" not in upd
    assert "Руководитель организации" not in upd and "Главный бухгалтер" not in upd
    assert "Товар (груз) передал / услуги, результаты работ, права сдал [10]" in upd


def test_the_act_speaks_to_a_consumer_and_to_a_buyer_of_services_only(tmp_path: Path) -> None:
    """A consumer's act reserves their claims instead of «претензий не имеет» (ст. 16 ЗоЗПП voids
    terms that limit them), between Продавец and Покупатель at prices with VAT; an act whose every
    line is a service says nothing of goods delivered; the company's act reads as before."""
    root = copy_example(tmp_path / "example")
    service = yaml.safe_load((root / "standards/samples/shafran-service.yml").read_text(encoding="utf-8"))
    write_yaml(
        root / "service.yml",
        {
            **service["data"],
            "act_number": "С-0418-А",
            "act_date": "2026-06-16",
            "contract_number": "С-2026/031",
            "contract_date": "2026-06-01",
        },
    )
    assert playbook("render", "act", "--samples", "--out", "out", cwd=root).returncode == 0
    result = playbook("render", "act", "--data", "service.yml", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr

    consumer = read(root / "out/lebedeva-kitchen-act.docx")
    for phrase in (
        "переданного товара и оказанных услуг (доставка, подключение)",
        "Продавец:\nООО «КухняПро», ИНН 7714823651",
        "Покупатель:\nЛебедева Ольга Игоревна, 117342, г. Москва",
        "Договор розничной купли-продажи № Р-2026/0932 от 24.11.2026",
        "Цена с НДС\nСкидка\nСумма с НДС\n",
        "Товар передан Покупателю в указанных количестве и комплектности. Услуги оказаны. Подписание Акта не "
        "лишает Покупателя права предъявить требования в связи с недостатками, обнаруженными позднее (п. 1 ст. 18, "
        "п. 1 ст. 29 Закона РФ «О защите прав потребителей»).",
        "Гарантийный срок на Товар исчисляется с даты его передачи Покупателю (п. 2 ст. 19",
        "Принял ___________________ / Лебедева О. И. /",
    ):
        assert phrase in consumer, phrase
    for b2b in ("претензий", "Исполнитель", "Заказчик", "Поставщик", "без НДС", "ИНН \n", "оборудование"):
        assert b2b not in consumer, b2b
    assert consumer.count("М. П.") == 1  # the seller's stamp; a person has none

    services = read(root / "out/service-act.docx")
    assert "выполненных работ, оказанных услуг" in services
    assert "Договор оказания услуг № С-2026/031 от 01.06.2026" in services
    assert "Исполнитель:\nООО «КухняПро Сервис»" in services and "Заказчик:\nООО «Шафран»" in services
    assert (
        "Вышеперечисленные работы (услуги) выполнены полностью и в срок. Заказчик претензий по объёму, качеству "
        "и срокам оказания услуг не имеет." in services
    )
    for goods in ("Товар", "Поставщик", "Покупатель", "оборудование"):
        assert goods not in services, goods

    company = read(root / "out/cafe-shafran-act.docx")
    assert "Исполнитель\n(Поставщик):" in company and "Заказчик\n(Покупатель):" in company
    assert (
        "Товар поставлен в полном объёме, в надлежащей комплектности и надлежащего качества. Вышеперечисленные"
        in (company)
    )
