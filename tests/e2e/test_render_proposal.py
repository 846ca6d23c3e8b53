"""`playbook render proposal` of the example's deals, read as the buyer and a lawyer read them: a
private buyer's proposal at prices with VAT, the VAT said once (ст. 10 ЗоЗПП); a deal of services
only, with no shipment; and the company's proposal word for word as it was."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests import docx_factory
from tests.conftest import write_yaml
from tests.e2e.conftest import copy_example, playbook

EXPECTED = Path(__file__).parent / "expected"


def read(path: Path) -> str:
    return re.sub(r"[^\S\n]+", " ", docx_factory.text_of(path.read_bytes()))


def test_a_private_buyers_proposal_is_at_prices_with_vat_and_the_companys_reads_as_before(
    tmp_path: Path,
) -> None:
    """42 990 + 38 990 + 44 990 + 15 990 + 1 490 + 4 490 + 3 990 = 152 930,00 with VAT, of which
    22/122 is 27 577,54; the advance 20 % is 30 586,00, the rest in 6 instalments."""
    root = copy_example(tmp_path / "example")
    result = playbook("render", "proposal", "--samples", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    consumer = read(root / "out/lebedeva-kitchen-proposal.docx")
    assert "Лебедева Ольга Игоревна\n117342, г. Москва, ул. Обручева, д. 28, корп. 2, кв. 41\n" in consumer
    assert "\nУважаемая Ольга Игоревна!\n" in consumer
    assert "\nЦена с НДС\nСкидка\nСумма с НДС\n1\n" in consumer
    assert (
        "\nВарочная панель индукционная Bosch PUE611BB5E, 60 см, 4 зоны\n1\nшт.\n42 990,00 ₽\n—\n42 990,00 ₽\n"
        in consumer
    )
    assert "\nИтого:\n152 930,00 ₽\n" in consumer
    assert (
        "Итого к оплате: Сто пятьдесят две тысячи девятьсот тридцать рублей 00 копеек, "
        "в том числе НДС 27 577,54 ₽." in consumer
    )
    assert "Оплата: аванс 20 % по счёту — 30 586,00 ₽, остаток 122 344,00 ₽ — в рассрочку." in consumer
    assert "Срок передачи товара: 7 рабочих дней с даты поступления аванса." in consumer
    assert "Гарантия: 24 мес. на товар со дня его передачи вам." in consumer
    # VAT is said once, in the total; no price without it, no buyer's requisites, no leasing
    assert consumer.count("в том числе НДС") == 1 and "без НДС" not in consumer
    assert "Лебедева Ольга Игоревна, ИНН" not in consumer and consumer.count("КПП") == 1  # the seller's
    assert "лизинг" not in consumer and "Уважаемые коллеги" not in consumer
    company = read(root / "out/cafe-shafran-proposal.docx")
    assert company.strip() == (EXPECTED / "cafe-shafran-proposal.txt").read_text(encoding="utf-8").strip()


def test_a_proposal_of_services_only_has_their_term_and_no_shipment(tmp_path: Path) -> None:
    """The service company's deal on УСН (every line `kind: service`) offered to the café."""
    root = copy_example(tmp_path / "example")
    sample = yaml.safe_load((root / "standards/samples/shafran-service.yml").read_text(encoding="utf-8"))
    deal = {
        **sample["data"],
        "proposal_number": "КП-2026-0611",
        "proposal_date": "2026-06-10",
        "valid_until": "2026-06-24",
        "offer": "Плановое обслуживание пароконвектомата и посудомоечной машины.",
        "delivery_days": 5,
        "prepayment_percent": 0,
        "warranty_months": 3,
        "manager": {"name": "Орлова Екатерина Дмитриевна"},
    }
    write_yaml(root / "deal.yml", deal)
    result = playbook("render", "proposal", "--data", "deal.yml", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    services = read(root / "out/deal-proposal.docx")
    assert "\nКоммерческое предложение\nна оказание услуг\nУважаемые коллеги!\n" in services
    assert "Срок оказания услуг: 5 рабочих дней с даты заключения договора.\n" in services  # no advance
    assert "\nЦена\nСкидка\nСумма\nНДС\nВсего\n1\n" in services  # no «без НДС» from a seller without VAT
    assert "\nИтого:\n23 952,00 ₽\nБез налога (НДС):\n—\nВсего:\n23 952,00 ₽\n" in services
    assert "Оплата: после оказания услуг." in services
    assert "Гарантия: 3 мес. на выполненные работы с даты подписания акта." in services
    assert (
        "Итого к оплате: Двадцать три тысячи девятьсот пятьдесят два рубля 00 копеек, НДС не облагается"
        in services
    )
    letter = services.split("Исх. №", 1)[1]  # below the letterhead, which says what the seller does
    for shipping in ("поставк", "Доставка", "лизинг", "оборудование", "Монтаж", "НДС 22"):
        assert shipping not in letter


def test_a_private_buyers_proposal_from_a_seller_without_vat_says_the_exemption_once(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    sample = yaml.safe_load((root / "standards/samples/lebedeva-kitchen.yml").read_text(encoding="utf-8"))
    write_yaml(root / "deal.yml", {**sample["data"], "seller": "kuhnyapro-service"})
    result = playbook("render", "proposal", "--data", "deal.yml", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    consumer = read(root / "out/deal-proposal.docx")
    assert "\nЦена\nСкидка\nСумма\n1\n" in consumer
    assert (
        "Итого к оплате: Сто пятьдесят две тысячи девятьсот тридцать рублей 00 копеек, "
        "НДС не облагается на основании п. 1 ст. 145 НК РФ." in consumer
    )
    assert consumer.count("НДС") == 1
