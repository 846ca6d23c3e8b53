"""Deal data is checked completely before anything is written: every required key, whatever keys
lie near it; what the template needs; one-line fields hold one line; what a document cannot hold
is said at its place in the deal file; any text that passes reaches the document as written."""

from __future__ import annotations

import copy
import io
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.documents.fields import Form, VatRates
from generator.documents.needs import Need, needs
from generator.documents.render import InvalidData, environment, render_document
from generator.kinds.document import KIND as DOCUMENT
from generator.load import load_deal
from generator.schemas import compiled
from generator.source import YamlFile
from generator.validate.schema import check_schema
from tests import docx_factory
from tests.conftest import DEAL, RU_PLAYBOOK, entity_of, seller_of

EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "60"))
SELLER = seller_of(RU_PLAYBOOK)
VAT = VatRates((Decimal(22), Decimal(10), Decimal(0)), Decimal(22))
CONTRACT = entity_of(
    DOCUMENT,
    "contract",
    {"name": "Договор", "kind": "contract", "template": "c.docx", "fields": docx_factory.CONTRACT_FIELDS},
)


def document(fields: dict[str, Any]) -> Any:
    return entity_of(
        DOCUMENT, "letter", {"name": "Письмо", "kind": "other", "template": "l.docx", "fields": fields}
    )


def messages(form: Form, data: Any) -> list[str]:
    return [finding.message for finding in form.check(data).findings]


def without(path: str, base: dict[str, Any] = DEAL) -> dict[str, Any]:
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[key]
    del target[last]
    return data


def needs_of(*paragraphs: str, fields: dict[str, Any] = docx_factory.CONTRACT_FIELDS) -> list[Need]:
    env = environment()
    return list(needs([env.parse(text) for text in paragraphs], document(fields).fields))


# --- required keys ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [n for n, spec in docx_factory.CONTRACT_FIELDS.items() if spec.get("required", True)]
)
def test_every_missing_required_field_is_reported_whatever_keys_lie_near_it(name: str) -> None:
    # keys a document does not declare may be other documents' fields: `numbers` beside `number`,
    # `act_date` beside `date` are no reason to keep quiet about the one missing
    data = {**without(name), f"{name}s": 1, f"act_{name}": 1, name[:-1]: 1}
    assert f"missing required key '{name}'" in messages(Form(CONTRACT, VAT), data)


def test_a_misspelt_key_in_a_standards_file_is_reported_missing_too_with_the_hint() -> None:
    text = "name: Закрытие\nsummary: s\ngoal: g\nowner: seller\nexit_critera:\n  - Договор подписан.\n"
    file = YamlFile("standards/stages/closing.yml", yaml.safe_load(text), text)
    found = [(d.line, d.message) for d in check_schema(file, compiled()["stage"])]
    assert (1, "missing required key 'exit_criteria' (is 'exit_critera' it, misspelt?)") in found
    assert any(line == 5 and message.startswith("unknown key 'exit_critera'") for line, message in found)


def test_a_misspelt_key_in_a_party_is_reported_missing_with_the_hint() -> None:
    data = copy.deepcopy(DEAL)
    data["buyer"]["adress"] = data["buyer"].pop("address")
    found = messages(Form(CONTRACT, VAT), data)
    assert "missing required key 'address' in buyer (is 'adress' it, misspelt?)" in found
    assert any(
        message.startswith("unknown key 'adress' in buyer (did you mean 'address'?)") for message in found
    )


# --- what a template needs ----------------------------------------------------------------------


def test_what_a_template_reads_through_without_asking_is_needed() -> None:
    assert [n.path for n in needs_of("{{ buyer.signatory.position|genitive }}")] == [
        ("buyer",),
        ("buyer", "signatory"),
        ("buyer", "signatory", "position"),
    ]


@pytest.mark.parametrize(
    "template",
    [
        "{% if buyer.bank %}{{ buyer.bank.bik }}{% endif %}",
        "{{ buyer.bank.bik if buyer.bank }}",
        "{{ buyer.bank and buyer.bank.bik }}",
        "{% if buyer.bank is none %}—{% else %}{{ buyer.bank.bik }}{% endif %}",
        "{% if not buyer.bank %}—{% else %}{{ buyer['bank']['bik'] }}{% endif %}",
        "{{ terms }}{{ terms|default('—') }}",  # an absent value prints as nothing
        "{% for row in items %}{{ row.name }}{% endfor %}",  # a row has every attribute
    ],
)
def test_what_a_template_asks_about_first_stays_optional(template: str) -> None:
    assert all(need.path[:2] != ("buyer", "bank") for need in needs_of(template))
    assert all(need.path != ("terms",) for need in needs_of(template))


def test_what_is_used_inside_a_condition_is_needed_when_the_condition_holds() -> None:
    fields = {
        "number": {"type": "string", "label": "№", "required": False},
        "date": {"type": "date", "label": "Д", "required": False},
    }
    [need] = needs_of("{% if number %}№ {{ number }} от {{ date|date }}{% endif %}", fields=fields)
    assert need == Need(("date",), given=(("number",),))
    form = Form(document(fields), VAT, (need,))
    assert messages(form, {}) == []
    assert messages(form, {"number": "П-1"}) == [
        "missing required key 'date': the template uses date where number is given"
    ]
    assert messages(form, {"number": "П-1", "date": "2026-11-27"}) == []


@pytest.mark.parametrize(
    "template",
    [
        '{% if buyer.kind == "individual" %}по закону{% else %}{{ penalty|percent }}{% endif %}',
        '{% if buyer.kind != "individual" %}{{ penalty|percent }}{% endif %}',
        '{% if not "individual" == buyer.kind %}{{ penalty|percent }}{% endif %}',
        '{% set consumer = buyer.kind == "individual" %}{{ "по закону" if consumer else penalty|percent }}',
        '{% set consumer = buyer.kind == "individual" %}{% if not consumer and terms %}{{ penalty|percent }}'
        "{% endif %}",
    ],
)
def test_what_only_a_company_buyers_wording_uses_is_not_asked_of_a_consumer(template: str) -> None:
    fields = {
        "buyer": {"type": "party", "label": "Покупатель"},
        "terms": {"type": "text", "label": "Условия", "required": False},
        "penalty": {"type": "percent", "label": "Неустойка", "required": False},
    }
    form = Form(document(fields), VAT, tuple(needs_of(template, fields=fields)))
    consumer = {
        "buyer": {"kind": "individual", "name": "Лебедева Ольга Игоревна", "address": "Москва", "phone": "1"}
    }
    company = {"buyer": DEAL["buyer"], "terms": "Доставка"}
    assert messages(form, consumer) == []
    assert [m for m in messages(form, company) if "penalty" in m] == [
        "missing required key 'penalty': the template uses penalty where "
        + ("terms is given and " if "terms" in template else "")
        + "buyer.kind is not 'individual'"
    ]
    assert messages(form, {**company, "penalty": 0.1}) == []


def test_a_set_name_stands_for_what_it_was_set_to() -> None:
    assert ("buyer", "signatory") in [n.path for n in needs_of("{% set s = buyer.signatory %}{{ s.name }}")]


def test_totals_need_the_items_and_nothing_deeper() -> None:
    fields = {"items": {"type": "items", "label": "Т", "required": False}}
    assert [n.path for n in needs_of("{{ totals.by_rate[0].rate|percent }}", fields=fields)] == [("items",)]


def test_a_deal_without_what_the_template_needs_is_refused_before_rendering() -> None:
    template = docx_factory.build(
        docx_factory.Spec(paragraphs=["в лице {{ buyer.signatory.name|genitive }}"])
    )
    letter = document({"buyer": {"type": "party", "label": "Покупатель"}})
    with pytest.raises(InvalidData) as refused:
        render_document(template, letter, {"buyer": without("buyer.signatory")["buyer"]}, SELLER)
    assert [f.message for f in refused.value.findings] == [
        "missing required key 'signatory' in buyer: the template uses buyer.signatory"
    ]


def test_a_missing_key_the_schema_reports_is_not_reported_twice() -> None:
    form = Form(CONTRACT, VAT, tuple(needs_of("{{ buyer.name }} {{ contact.name }}")))
    assert messages(form, without("contact")) == ["missing required key 'contact'"]


# --- one line, and what a document cannot hold --------------------------------------------------

LETTER = document(
    {
        "name": {"type": "string", "label": "Кому"},
        "terms": {"type": "text", "label": "Условия", "required": False},
    }
)
LETTER_TEMPLATE = docx_factory.build(docx_factory.Spec(paragraphs=["«{{ name }}»", "{{ terms }}"]))


def deal_file(tmp_path: Path, data: dict[str, Any]) -> YamlFile | list[Any]:
    path = tmp_path / "deal.yml"
    # double-quoted, so every character is written as itself or as an escape, never as a line break
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, width=10**6, default_style='"'), encoding="utf-8"
    )
    return load_deal(path)


def paragraphs(docx: bytes) -> list[str]:
    """Each paragraph's text exactly as Word stores it (no extractor's clean-up of spaces)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    found = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL):
        runs = re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>|<w:(br)/>", paragraph, flags=re.DOTALL)
        text = "".join("\n" if br else t for t, br in runs)
        found.append(
            text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        )
    return found


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(codec=None, exclude_categories=()), max_size=40))
def test_a_one_line_field_is_refused_at_its_place_or_reaches_the_document_as_written(
    tmp_path: Path, text: str
) -> None:
    read = deal_file(tmp_path, {"name": text})
    if isinstance(read, list):  # YAML itself cannot carry it (half a surrogate pair): said at its place
        assert read and all(d.line >= 1 and d.column >= 1 for d in read)
        return
    assert read.data == {"name": text}
    findings = Form(LETTER, VAT).check(read.data).findings
    if findings:
        for finding in findings:
            assert finding.at(read, "deal-data").line == 1
            assert finding.at(read, "deal-data").column == 9  # the value, after `"name": `
        return
    assert not re.search(
        "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]", text
    )
    assert paragraphs(render_document(LETTER_TEMPLATE, LETTER, read.data, SELLER))[0] == f"«{text}»"


@pytest.mark.parametrize(
    ("text", "character"),
    [
        ("ООО «Ромашка»\n", "U+000A (a line break) at character 14 of 14"),
        ("ООО\r«Ромашка»", "U+000D (a carriage return) at character 4 of 13"),
        ("ООО\t«Ромашка»", "U+0009 (a tab) at character 4 of 13"),
        ("ООО\u0085«Ромашка»", "U+0085 (a control character) at character 4 of 13"),
        ("ООО\u2028«Ромашка»", "U+2028 (line separator) at character 4 of 13"),
        ("ООО\u2029«Ромашка»", "U+2029 (paragraph separator) at character 4 of 13"),
        ("\u202eООО «Ромашка»", "U+202E (right-to-left override) at character 1 of 14"),
    ],
)
def test_a_one_line_field_refuses_every_kind_of_line_break_and_control(text: str, character: str) -> None:
    assert messages(Form(LETTER, VAT), {"name": text}) == [
        f"name: {text!r} must be one line of text; it holds {character}"
    ]


def test_text_of_several_lines_keeps_its_line_breaks_and_refuses_controls() -> None:
    form = Form(LETTER, VAT)
    assert messages(form, {"name": "Ромашка", "terms": "Первое.\nВторое.\tИтог."}) == []
    assert messages(form, {"name": "Ромашка", "terms": "Первое.\x0bВторое."}) == [
        "terms: 'Первое.\\x0bВторое.' must be text without control characters; it holds U+000B (a vertical tab) at character 8 of 15"
    ]
    docx = render_document(LETTER_TEMPLATE, LETTER, {"name": "Ромашка", "terms": "Первое.\nВторое."}, SELLER)
    assert paragraphs(docx)[1] == "Первое.\nВторое."


@pytest.mark.parametrize(
    ("character", "name"),
    [("\ufffe", "a noncharacter"), ("\uffff", "a noncharacter"), ("\ud800", "half of a surrogate pair")],
)
def test_what_xml_cannot_hold_is_said_at_its_place_whatever_the_field(character: str, name: str) -> None:
    data = copy.deepcopy(DEAL)
    data["buyer"]["inn"] = "770708389" + character  # a field with no rule about characters of its own
    data["terms"] = f"Оплата{character}"
    found = {(f.path, f.message) for f in Form(CONTRACT, VAT).check(data).findings}
    code = f"U+{ord(character):04X} ({name})"
    assert found == {
        (
            ("buyer", "inn"),
            f"buyer.inn: {data['buyer']['inn']!r} holds {code} at character 10 of 10, "
            "which a document cannot hold: remove it",
        ),
        (
            ("terms",),
            f"terms: {data['terms']!r} holds {code} at character 7 of 7, which a document cannot hold: remove it",
        ),
    }


def test_a_date_with_a_line_break_is_refused() -> None:
    assert messages(Form(CONTRACT, VAT), {**DEAL, "date": "2026-11-27\n"}) == [
        "date: '2026-11-27\\n' must be a date written YYYY-MM-DD, e.g. 2026-11-27"
    ]


@pytest.mark.parametrize("value", ["a@b.ru\n", "a@b.ru\u2028"])
def test_an_email_with_a_line_break_is_refused(value: str) -> None:
    data = {**DEAL, "contact": {**DEAL["contact"], "email": value}}
    assert [m for m in messages(Form(CONTRACT, VAT), data) if "one line" in m]


def test_requisites_are_ascii_digits() -> None:
    data = copy.deepcopy(DEAL)
    data["buyer"]["kpp"] = "٧٧٣٦٠١٠٠١"  # Arabic-Indic digits: \d would take them
    assert any(
        m.startswith("buyer.kpp: КПП must be 9 characters") for m in messages(Form(CONTRACT, VAT), data)
    )


def test_a_templates_escaped_braces_print_and_data_braces_stay_as_given() -> None:
    template = docx_factory.build(docx_factory.Spec(paragraphs=["{_{ «{{ name }}» }_}"]))
    docx = render_document(template, LETTER, {"name": "{_{ x }_} {_% y %_}"}, SELLER)
    assert paragraphs(docx)[0] == "{{ «{_{ x }_} {_% y %_}» }}"
