"""A tag Word split across differently formatted runs: the rendered document keeps the formatting
of the text around it (read back with python-docx: each run's text and whether it is bold or
italic), and a template whose runs look alike renders as docxtpl always rendered it."""

from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.documents.render import render_document
from generator.kinds.document import KIND as DOCUMENT
from tests import docx_factory
from tests.conftest import DEAL, RU_PLAYBOOK, entity_of, seller_of

SELLER = seller_of(RU_PLAYBOOK)
CONTRACT = entity_of(
    DOCUMENT,
    "contract",
    {"name": "Договор", "kind": "contract", "template": "c.docx", "fields": docx_factory.CONTRACT_FIELDS},
)
BUYER = "ООО «Рога & Копыта» <Юг>"


def rendered_runs(*runs: tuple[str, str]) -> list[tuple[str, bool, bool]]:
    """The runs of the paragraph a template of ``runs`` renders to: text, bold, italic."""
    template = docx_factory.build(docx_factory.Spec(formatted=[runs]))
    content = render_document(template, CONTRACT, DEAL, SELLER)
    paragraph = docx.Document(io.BytesIO(content)).paragraphs[-1]
    return [(run.text, bool(run.bold), bool(run.italic)) for run in paragraph.runs]


def test_the_text_after_a_tag_keeps_its_own_formatting() -> None:
    assert rendered_runs(("Покупатель: {{ buyer.", ""), ("name }} — по доверенности", "b")) == [
        (f"Покупатель: {BUYER}", False, False),
        (" — по доверенности", True, False),
    ]


def test_the_value_takes_the_formatting_of_the_run_the_tag_begins_in() -> None:
    assert rendered_runs(
        ("Покупатель: ", ""), ("{{ buyer", "b"), (".name }}", ""), (", ИНН ", "i"), ("{{ buyer.inn }}", "")
    ) == [
        ("Покупатель: ", False, False),
        (BUYER, True, False),
        (", ИНН ", False, True),
        ("7707083893", False, False),
    ]


def test_several_split_tags_in_one_paragraph_each_keep_their_surroundings() -> None:
    assert rendered_runs(
        ("ИНН {{ buyer", "i"),
        (".inn }}, КПП {{ buyer.", "b"),
        ("kpp }}", "bi"),
        (" — проверено", ""),
    ) == [
        ("ИНН 7707083893", False, True),
        (", КПП 773601001", True, False),
        (" — проверено", False, False),
    ]


def test_a_block_tag_split_across_formats_leaves_the_text_after_it_as_it_was() -> None:
    assert rendered_runs(
        ("{% if installation %}Монтаж вкл", ""), ("ючён{% endif %} в ", "b"), ("цену", "i")
    ) == [
        ("Монтаж вкл", False, False),
        ("ючён в ", True, False),
        ("цену", False, True),
    ]


def test_a_tag_split_across_runs_that_look_alike_is_joined_as_before() -> None:
    assert rendered_runs(("Покупатель: {{ buy", "b"), ("er.name }}, ", "b"), ("подписант", "")) == [
        (f"Покупатель: {BUYER}, ", True, False),
        ("подписант", False, False),
    ]


def test_runs_that_differ_only_in_spelling_language_are_joined_as_before() -> None:
    """Word marks the language a run was typed in (and its revision ids): not formatting."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, language in (("Покупатель: {{ buyer.", "ru-RU"), ("name }}, ИНН", "en-US")):
        run = paragraph.add_run(text)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        run._r.get_or_add_rPr().append(lang)
    template = io.BytesIO()
    document.save(template)
    content = render_document(template.getvalue(), CONTRACT, DEAL, SELLER)
    runs = docx.Document(io.BytesIO(content)).paragraphs[-1].runs
    assert [run.text for run in runs] == [f"Покупатель: {BUYER}, ИНН"]
