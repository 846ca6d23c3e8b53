"""Rendering: the text a reader sees in the .docx (docx2python: body, tables, headers, footers)
holds every value given and every value computed, exactly; the sandbox holds; bytes repeat."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx2python import docx2python

from generator.documents.render import (
    InvalidData,
    RenderError,
    Template,
    TemplateError,
    read_package,
    render_document,
    write_new,
)
from generator.kinds.checklist import KIND as CHECKLIST
from generator.kinds.document import KIND as DOCUMENT
from tests import docx_factory
from tests.conftest import DEAL, RU_PLAYBOOK, entity_of, seller_of

NBSP = "\u00a0"
SETTINGS = seller_of(RU_PLAYBOOK)
CONTRACT = entity_of(
    DOCUMENT,
    "contract",
    {
        "name": "Договор поставки",
        "kind": "contract",
        "template": "c.docx",
        "fields": docx_factory.CONTRACT_FIELDS,
    },
)


def render_contract(data: dict[str, object] = DEAL, spec: docx_factory.Spec = docx_factory.CONTRACT) -> bytes:
    return render_document(docx_factory.build(spec), CONTRACT, data, SETTINGS)


def test_invalid_data_renders_nothing_and_says_why() -> None:
    with pytest.raises(InvalidData) as raised:
        render_contract({**DEAL, "date": "2026-02-30", "delivery_days": 0.5})
    assert [f.message for f in raised.value.findings] == [
        "date: 2026-02-30 is not a real date",
        "delivery_days: must be a whole number, not a number",
    ]


def test_every_given_value_appears_exactly() -> None:
    text = docx_factory.text_of(render_contract())
    buyer = DEAL["buyer"]
    assert isinstance(buyer, dict)
    given = [
        DEAL["number"],
        buyer["name"],
        buyer["full_name"],
        buyer["inn"],
        buyer["kpp"],
        buyer["ogrn"],
        buyer["address"],
        *buyer["bank"].values(),
        "Орлова Екатерина Дмитриевна, Менеджер по закупкам",
        "до склада покупателя",
        DEAL["terms"],
        *(item["name"] for item in DEAL["items"]),  # type: ignore[attr-defined]
    ]
    missing = [value for value in given if str(value) not in text]
    assert missing == []
    assert "{{" not in text and "{%" not in text and "}}" not in text


def test_computed_values_are_what_an_accountant_writes() -> None:
    text = docx_factory.text_of(render_contract())
    expected = [
        "г. Москва «27» ноября 2026 г. (27.11.2026, 27.11.2026)",
        "в лице Генерального директора Соколова Андрея Викторовича, действующего на основании Устава",
        "в лице Генерального директора Беловой Марины Сергеевны, действующей на основании Устава",
        f"Итого без НДС: 336{NBSP}228,97{NBSP}₽",
        f"В том числе НДС 22{NBSP}%: 72{NBSP}540,38{NBSP}₽. В том числе НДС 10{NBSP}%: 150,00{NBSP}₽.",
        f"Всего к оплате: 408{NBSP}919,35{NBSP}₽ (Четыреста восемь тысяч девятьсот девятнадцать рублей "
        "35 копеек), позиций: 4",
        f"Предоплата 30{NBSP}%, срок поставки 10 дней, доставка: до склада покупателя, монтаж: включён",
        "Поставщик ____________ Соколов А. В.   Покупатель ____________ Белова М. С.",
        "ООО «КухняПро» — договор № П-2026/187",  # the header
        "Покупатель: ООО «Рога & Копыта» <Юг>",  # the footer
    ]
    assert [line for line in expected if line not in text] == []


def test_item_rows_repeat_with_their_amounts() -> None:
    with docx2python(io.BytesIO(render_contract())) as extracted:
        rows = [
            [" ".join(cell) for cell in row] for table in extracted.body for row in table if len(row) == 8
        ]
    assert rows[1:] == [
        ["1", "Пароконвектомат Abat ПКА 6-1/1ПП2", "1", "шт.", f"318{NBSP}000,00{NBSP}₽", f"0{NBSP}%",
         f"НДС 22{NBSP}%", f"387{NBSP}960,00{NBSP}₽"],
        ["2", "Гастроёмкость GN 1/1-65 мм", "12", "шт.", f"1{NBSP}149,90{NBSP}₽", f"15{NBSP}%",
         f"НДС 22{NBSP}%", f"14{NBSP}309,36{NBSP}₽"],
        ["3", "Доставка по Москве", "1", "усл.", f"5{NBSP}000,00{NBSP}₽", f"0{NBSP}%", "Без НДС",
         f"5{NBSP}000,00{NBSP}₽"],
        ["4", "Нож поварской", "1,5", "шт.", f"999,99{NBSP}₽", f"0{NBSP}%", f"НДС 10{NBSP}%",
         f"1{NBSP}649,99{NBSP}₽"],
    ]  # fmt: skip


def test_xml_special_characters_survive_intact() -> None:
    content = render_contract()
    assert "ООО «Рога & Копыта» <Юг>" in docx_factory.text_of(content)
    document_xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "ООО «Рога &amp; Копыта» &lt;Юг&gt;" in document_xml


def test_a_tag_split_across_runs_by_word_still_renders() -> None:
    spec = docx_factory.Spec(split_runs=["Покупатель: {{ buyer.name }}, ИНН {{ buyer.inn }}"])
    assert "Покупатель: ООО «Рога & Копыта» <Юг>, ИНН 7707083893" in docx_factory.text_of(
        render_contract(spec=spec)
    )


def test_line_breaks_in_text_become_line_breaks() -> None:
    data = {**DEAL, "terms": "Аванс 30 %\nОстаток — в рассрочку"}
    content = render_contract(data)
    document_xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "Аванс 30 %</w:t><w:br/><w:t" in document_xml


def test_the_same_data_gives_the_same_bytes() -> None:
    first, second = render_contract(), render_contract()
    assert first == second
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert "<dc:title>Договор поставки</dc:title>" in core and "1980-01-01T00:00:00Z" in core


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ buyer._values }}",
        "{{ 'x' * 100000000 }}",
        "{{ 9 ** 9999999 }}",
        "{% for row in items %}{{ items.append(row) }}{% endfor %}",
    ],
)
def test_a_template_cannot_reach_python_internals(attack: str) -> None:
    spec = docx_factory.Spec(paragraphs=[f"Покупатель {{{{ buyer.name }}}} {attack}"])
    with pytest.raises(RenderError, match=r"unsafe|not allowed|may not"):
        render_contract(spec=spec)


def test_a_name_the_data_lacks_is_an_error_naming_the_paragraph() -> None:
    spec = docx_factory.Spec(paragraphs=["Склад: {{ buyer.warehouse }}"])
    with pytest.raises(RenderError, match=r"body: .*'warehouse'.* in «Склад: \{\{ buyer.warehouse \}\}»"):
        render_contract(spec=spec)


def test_not_a_docx_and_a_zip_bomb_are_refused() -> None:
    with pytest.raises(TemplateError, match=r"not a \.docx file"):
        read_package(b"{\\rtf1 an RTF file renamed}")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 60_000_000)
    with pytest.raises(TemplateError, match="over the limit"):
        read_package(bomb.getvalue())


def test_a_template_is_compiled_once_for_many_documents() -> None:
    template = Template(docx_factory.build(docx_factory.Spec(paragraphs=["{{ number }}"])))
    from generator.documents.context import build
    from generator.documents.render import properties

    outputs = {
        number: template.render(build(CONTRACT, {"number": number}, SETTINGS), properties(CONTRACT, SETTINGS))
        for number in ("1", "2")
    }
    assert [docx_factory.text_of(outputs[n]).strip() for n in ("1", "2")] == ["1", "2"]


def test_write_new_never_replaces_without_force(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    write_new(target, b"first")
    with pytest.raises(FileExistsError):
        write_new(target, b"second")
    assert target.read_bytes() == b"first"
    write_new(target, b"third", force=True)
    assert target.read_bytes() == b"third"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]  # no temporary file left behind


def test_a_checklist_form_shows_any_checklist_with_boxes() -> None:
    form = entity_of(
        DOCUMENT,
        "checklist",
        {
            "name": "Чек-лист",
            "kind": "checklist",
            "template": "checklist.docx",
            "fields": docx_factory.CHECKLIST_FORM_FIELDS,
        },
    )
    checklist = entity_of(
        CHECKLIST,
        "closing",
        {
            "name": "Перед закрытием",
            "description": "Проходит **менеджер** до подписания.",
            "items": [
                {"text": "Цена согласована", "hint": "См. [регламент скидок](https://example.ru)"},
                {"text": "Клиент проверен по ИНН", "required": False},
            ],
        },
    )
    template = docx_factory.build(docx_factory.CHECKLIST_FORM)
    blank = docx_factory.text_of(render_document(template, form, {}, SETTINGS, checklist))
    assert blank.split("\n") == [
        "Перед закрытием",
        "Проходит менеджер до подписания.",
        *("☐", "№", "Что сделать", "Обязательно"),
        *("☐", "1", "Цена согласована (См. регламент скидок)", "да"),
        *("☐", "2", "Клиент проверен по ИНН", "по ситуации"),
        "Менеджер: ________",
    ]
    filled = render_document(
        template, form, {"manager": {"name": "Орлова Екатерина Дмитриевна"}}, SETTINGS, checklist
    )
    assert "Менеджер: Орлова Е. Д." in docx_factory.text_of(filled)
