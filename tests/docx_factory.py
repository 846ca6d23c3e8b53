"""Small .docx templates built with python-docx, so tests do not depend on the example's templates.

`python -m tests.docx_factory` rewrites the templates of the data-driven cases in tests/cases.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx2python import docx2python


@dataclass
class Spec:
    """What goes into a template: paragraphs, one table (a header row, then rows), header, footer."""

    paragraphs: Sequence[str] = ()
    table: Sequence[Sequence[str]] = ()
    after: Sequence[str] = ()  # paragraphs after the table
    header: str = ""
    footer: str = ""
    split_runs: Sequence[str] = field(default_factory=tuple)  # paragraphs whose text Word split into runs
    # paragraphs made of runs of their own formatting: (text, "b" bold, "i" italic, "bi" both, "" neither)
    formatted: Sequence[Sequence[tuple[str, str]]] = ()


def build(spec: Spec) -> bytes:
    document = docx.Document()
    for text in spec.paragraphs:
        document.add_paragraph(text)
    for text in spec.split_runs:
        paragraph = document.add_paragraph()
        for piece in _pieces(text):  # as Word stores a tag it spell-checked or reformatted
            paragraph.add_run(piece)
    for runs in spec.formatted:
        paragraph = document.add_paragraph()
        for text, looks in runs:
            run = paragraph.add_run(text)
            run.bold = "b" in looks or None
            run.italic = "i" in looks or None
    if spec.table:
        table = document.add_table(rows=0, cols=max(len(row) for row in spec.table))
        for row in spec.table:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=False):
                cell.text = text
    for text in spec.after:
        document.add_paragraph(text)
    if spec.header:
        document.sections[0].header.paragraphs[0].text = spec.header
    if spec.footer:
        document.sections[0].footer.paragraphs[0].text = spec.footer
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def text_of(content: bytes) -> str:
    """What a reader sees in a .docx, as docx2python extracts it: headers, body (tables
    included, a line per paragraph or cell), footers."""
    with docx2python(io.BytesIO(content)) as extracted:
        return "\n".join(_flatten([extracted.header, extracted.body, extracted.footer]))


def _flatten(nested: Any) -> Iterator[str]:
    if isinstance(nested, str):
        yield nested
    else:
        for item in nested:
            yield from _flatten(item)


def _pieces(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(0, len(text), 3)]


ITEMS_TABLE: list[list[str]] = [
    ["№", "Наименование", "Кол-во", "Ед.", "Цена", "Скидка", "НДС", "Сумма"],
    ["{%tr for row in items %}"],
    [
        "{{ row.number }}",
        "{{ row.name }}",
        "{{ row.quantity }}",
        "{{ row.unit }}",
        "{{ row.price|money }}",
        "{{ row.discount_percent|percent }}",
        "{{ row.vat_rate|vat_label }}",
        "{{ row.gross|money }}",
    ],
    ["{%tr endfor %}"],
]

# A contract-like template using every field type, helper and filter.
CONTRACT = Spec(
    paragraphs=[
        "Договор поставки № {{ number }}",
        "г. Москва {{ date|date_words }} ({{ date|date }}, {{ date }})",
        "{{ seller.full_name }}, именуемое «Поставщик», в лице {{ seller.signatory.position|genitive }} "
        "{{ seller.signatory.name|genitive }}, действующего на основании {{ seller.signatory.basis }}, и "
        "{{ buyer.full_name }}, именуемое «Покупатель», в лице {{ buyer.signatory.position|genitive }} "
        "{{ buyer.signatory.name|genitive(buyer.signatory.gender) }}, "
        '{{ buyer.signatory|agree("действующего", "действующей") }} на основании '
        "{{ buyer.signatory.basis }}",
        "Покупатель: {{ buyer.name }}, ИНН {{ buyer.inn }}, КПП {{ buyer.kpp }}, ОГРН {{ buyer.ogrn }}, {{ buyer.address }}",
        "Банк: {{ buyer.bank.name }}, БИК {{ buyer.bank.bik }}, р/с {{ buyer.bank.account }}, "
        "к/с {{ buyer.bank.correspondent_account }}",
        "Контакт: {{ contact.name }}, {{ contact.position }}",
    ],
    table=ITEMS_TABLE,
    after=[
        "Итого без НДС: {{ totals.net|money }}",
        "{% for rate in totals.by_rate %}В том числе {{ rate.rate|vat_label }}: {{ rate.vat|money }}. {% endfor %}",
        "Всего к оплате: {{ totals.gross|money }} ({{ totals.gross|money_words }}), позиций: {{ totals.count }}",
        "Предоплата {{ prepayment|percent }}, срок поставки {{ delivery_days }} дней, доставка: {{ delivery }}, "
        "монтаж: {% if installation %}включён{% else %}не включён{% endif %}",
        "Условия: {{ terms }}",
        "Поставщик ____________ {{ seller.signatory.name|initials }}   Покупатель ____________ "
        "{{ buyer.signatory.name|initials }}",
    ],
    header="{{ seller.name }} — договор № {{ number }}",
    footer="Покупатель: {{ buyer.name }}",
)

CONTRACT_FIELDS = {
    "number": {"type": "string", "label": "Номер договора"},
    "date": {"type": "date", "label": "Дата"},
    "buyer": {"type": "party", "label": "Покупатель"},
    "contact": {"type": "person", "label": "Контактное лицо"},
    "items": {"type": "items", "label": "Товары"},
    "prepayment": {"type": "percent", "label": "Предоплата"},
    "delivery_days": {"type": "integer", "label": "Срок поставки, дней"},
    "delivery": {"type": "enum", "label": "Доставка", "values": ["самовывоз", "до склада покупателя"]},
    "installation": {"type": "boolean", "label": "Монтаж"},
    "terms": {"type": "text", "label": "Условия", "required": False},
}


CASES = Path(__file__).parent / "cases" / "negative"
CASE_TEMPLATES = {
    "template-syntax/files/templates/documents/offer.docx": Spec(
        paragraphs=["Покупатель: {{ buyer.name }", "Дата: {{ date|date_words }}"],
        header="{% if date %}Дата: {{ date|date_words }}",
        footer="{{ buyer.name }} {{ buyer.inn | }}",
    ),
    "template-quotes/files/templates/documents/offer.docx": Spec(
        paragraphs=["Покупатель: {{ buyer.name|default(«нет») }}", "Дата: {{ date|default(“—”) }}"],
    ),
    "template-name/files/templates/documents/offer.docx": Spec(
        paragraphs=[
            "Покупатель: {{ byer.name }}, ИНН {{ buyer.in }}, банк {{ buyer.bank.bick }}",
            "Дата: {{ date|date_word }}",
        ],
        table=[
            ["{%tr for row in items %}"],
            ["{{ row.prise }}", "{{ row.gross|money }}"],
            ["{%tr endfor %}"],
        ],
        after=["{% for r in totals.by_rate %}{{ r.vta }}{% endfor %} {{ totals.gros }}"],
    ),
    "template-unused-field/files/templates/documents/offer.docx": Spec(
        paragraphs=["Покупатель: {{ buyer.name }}"],
    ),
    "template-formatting/files/templates/documents/offer.docx": Spec(
        paragraphs=["Дата: {{ date|date_words }}"],
        formatted=[
            [("Покупатель: {{ buyer.", ""), ("name }} — по доверенности", "b")],
            [("Итого: {% if buyer %}", "i"), ("есть{% endif %}", "")],
        ],
    ),
    "sample-data/files/templates/documents/offer.docx": Spec(
        paragraphs=["Покупатель: {{ buyer.name }}, {{ date|date_words }}"],
        table=ITEMS_TABLE,
    ),
}


def write_case_templates() -> None:
    for rel, spec in CASE_TEMPLATES.items():
        path = CASES / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build(spec))


if __name__ == "__main__":
    write_case_templates()


# A checklist form: any checklist of standards/checklists/, with ☐ boxes.
CHECKLIST_FORM = Spec(
    paragraphs=[
        "{{ checklist.name }}",
        "{% if checklist.description %}{{ checklist.description }}{% endif %}",
    ],
    table=[
        ["☐", "№", "Что сделать", "Обязательно"],
        ["{%tr for item in checklist.items %}"],
        [
            "☐",
            "{{ loop.index }}",
            "{{ item.text }}{% if item.hint %} ({{ item.hint }}){% endif %}",
            "{% if item.required %}да{% else %}по ситуации{% endif %}",
        ],
        ["{%tr endfor %}"],
    ],
    after=["Менеджер: {% if manager %}{{ manager.name|initials }}{% else %}________{% endif %}"],
)
CHECKLIST_FORM_FIELDS = {"manager": {"type": "person", "label": "Менеджер", "required": False}}
