"""Each quiz for a company's LMS and for paper, written by `playbook build` beside the quiz page
as downloads (so a trainer takes them from the same site the sellers use, always made from the
standards of that build, generated questions included):

* Moodle GIFT (``.gift.txt``): question text in Markdown, GIFT's special characters escaped;
* an IMS QTI 2.1 content package (``.qti.zip``): an item per question, a test, imsmanifest.xml;
* a printable exam (``.docx``): the questions with boxes to tick, then the answer key on a page
  of its own.

QTI and the exam carry plain text (the Markdown rendered, then its text): QTI's item body is a
restricted XHTML, and paper has no links.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import lxml.html
import markdown
from docx import Document as new_docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from lxml import etree

from generator.kinds.quiz import MULTIPLE, ORDER, SHORT, SINGLE, TRUE_FALSE, Question, Quiz
from generator.model import Playbook
from generator.site.addresses import page_of
from generator.site.downloads import FOLDER, Download
from generator.site.quizzes import LastMade, Pools

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
_TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")


@dataclass(frozen=True)
class Exports:
    files: dict[str, bytes] = field(default_factory=dict)  # docs-relative path -> content
    of: dict[str, list[Download]] = field(default_factory=dict)  # quiz page -> its downloads


# a quiz whose questions and words did not change is not exported again (the exam's .docx alone
# took a second)
_MADE: LastMade[dict[str, tuple[str, bytes]]] = LastMade()


def quiz_exports(playbook: Playbook, pools: Pools, labels: Mapping[str, Any]) -> Exports:
    """The GIFT file, the QTI package and the printable exam of every quiz."""
    files: dict[str, bytes] = {}
    of: dict[str, list[Download]] = {}
    for quiz in playbook.of(Quiz).values():
        questions = pools.of(quiz)
        made = _MADE.of(quiz, (quiz, questions, labels), partial(_made, quiz, questions, labels))
        files.update({path: content for path, (_, content) in made.items()})
        of[page_of(quiz)] = [Download(label, path) for path, (label, _) in made.items()]
    return Exports(files, of)


def _made(
    quiz: Quiz, questions: Sequence[Question], labels: Mapping[str, Any]
) -> dict[str, tuple[str, bytes]]:
    stem = f"{FOLDER}/quizzes/{quiz.id}"
    return {
        f"{stem}.gift.txt": ("download_gift", gift(questions, labels).encode("utf-8")),
        f"{stem}.qti.zip": ("download_qti", qti_package(quiz, questions, labels)),
        f"{stem}-exam.docx": ("download_exam", exam(quiz, questions, labels)),
    }


# --- GIFT -----------------------------------------------------------------------------------


def gift_text(text: str) -> str:
    """Text as GIFT reads it back: its special characters and the backslash escaped, and a line
    break written as ``\\n`` (a blank line would end the question)."""
    return _GIFT_SPECIAL.sub(r"\\\1", text.strip()).replace("\r\n", "\n").replace("\n", r"\n")


def gift(questions: Sequence[Question], labels: Mapping[str, Any]) -> str:
    """The questions in Moodle's GIFT format, one after another, a blank line between them."""
    return "".join(_gift_question(q) + "\n\n" for q in questions)


def _gift_question(q: Question) -> str:
    head = f"::{gift_text(q.id)}::[markdown]{gift_text(q.text)}"
    if q.type == SINGLE:
        answers = " ".join(_answer("=" if c.correct else "~", c.text) for c in q.choices)
    elif q.type == MULTIPLE:
        right = sum(c.correct for c in q.choices)
        share = f"{100 / right:.5f}".rstrip("0").rstrip(".")
        answers = " ".join(_answer("~", c.text, share if c.correct else "-100") for c in q.choices)
    elif q.type == TRUE_FALSE:
        answers = "TRUE" if q.answer else "FALSE"
    elif q.type == ORDER:  # GIFT has no ordering: each step is matched with its place
        answers = " ".join(f"={gift_text(step)} -> {n}" for n, step in enumerate(q.order, 1))
    else:
        answers = " ".join(_answer("=", text) for text in q.accept)
    feedback = f" ####{gift_text(q.explanation)}" if q.explanation else ""
    return f"{head}{{{answers}{feedback}}}"


def _answer(mark: str, text: str, weight: str = "") -> str:
    """An answer of a GIFT question: a text that starts with ``%`` (which GIFT has no escape for)
    gets its weight written out, so the ``%`` is read as text."""
    written = gift_text(text)
    if not weight and written.startswith("%"):
        weight = "100" if mark == "=" else "0"
    return f"{mark}%{weight}%{written}" if weight else f"{mark}{written}"


# --- QTI 2.1 --------------------------------------------------------------------------------


_MARKDOWN = markdown.Markdown()  # one renderer: making one per text was most of the exports' time


@lru_cache(maxsize=65536)  # choices repeat across questions (the generators' distractors)
def plain(text: str) -> str:
    """What Markdown text says, without its markup."""
    if not text.strip():
        return ""
    html = _MARKDOWN.reset().convert(text)
    return " ".join("".join(map(str, lxml.html.fromstring(html).itertext())).split())


def qti_package(quiz: Quiz, questions: Sequence[Question], labels: Mapping[str, Any]) -> bytes:
    """An IMS content package: an assessmentItem per question, the assessmentTest that takes them
    all, and imsmanifest.xml listing both; deterministic (fixed dates in the zip)."""
    items = {f"items/{_identifier(q.id)}.xml": _item(q, labels) for q in questions}
    return _zipped(
        {"imsmanifest.xml": _manifest(quiz, list(items)), "test.xml": _test(quiz, list(items)), **items}
    )


def _zipped(files: Mapping[str, bytes]) -> bytes:
    """A zip of the files in their order, every entry dated the same: the same files give the
    same bytes on every build (a changed download is a changed quiz)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for path, content in files.items():
            info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, content)
    return buffer.getvalue()


def _identifier(text: str) -> str:
    """A QTI identifier (an XML NCName that starts with a letter) from an id in kebab-case."""
    return f"q-{text}"


def _element(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    made = etree.SubElement(parent, f"{{{QTI}}}{tag}", {k.rstrip("_"): v for k, v in attributes.items()})
    made.text = text
    return made


def _root(tag: str, namespace: str, schema: str, **attributes: str) -> etree._Element:
    return etree.Element(
        f"{{{namespace}}}{tag}",
        {f"{{{_XSI}}}schemaLocation": f"{namespace} {schema}", **attributes},
        nsmap={None: namespace, "xsi": _XSI},  # type: ignore[dict-item]  # None: the default namespace
    )


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(q: Question, labels: Mapping[str, Any]) -> bytes:
    item = _root(
        "assessmentItem",
        QTI,
        "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
        identifier=_identifier(q.id),
        title=plain(q.text)[:200] or q.id,
        adaptive="false",
        timeDependent="false",
    )
    choices = _choices_of(q, labels)
    right = _right(q, choices)
    kind = {MULTIPLE: "multiple", ORDER: "ordered"}.get(q.type, "single")
    declared = _element(
        item,
        "responseDeclaration",
        identifier="RESPONSE",
        cardinality=kind,
        baseType="string" if q.type == SHORT else "identifier",
    )
    correct = _element(declared, "correctResponse")
    for value in right:
        _element(correct, "value", value)
    if q.type == SHORT:  # every accepted wording scores
        mapping = _element(declared, "mapping", defaultValue="0")
        for text in dict.fromkeys(plain(a) for a in q.accept):
            _element(mapping, "mapEntry", mapKey=text, mappedValue="1", caseSensitive="false")
    outcome = _element(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _element(_element(outcome, "defaultValue"), "value", "0")
    body = _element(item, "itemBody")
    if q.type == SHORT:
        prompt = _element(body, "p", plain(q.text) + " ")
        _element(prompt, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength="40")
    else:
        interaction = _element(
            body,
            "orderInteraction" if q.type == ORDER else "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle="true",
            **({} if q.type == ORDER else {"maxChoices": "0" if q.type == MULTIPLE else "1"}),
        )
        _element(interaction, "prompt", plain(q.text))
        for identifier, text in choices:
            _element(interaction, "simpleChoice", text, identifier=identifier)
    if q.explanation:  # shown beside the item where the LMS shows it; paper has the key
        _element(_element(body, "rubricBlock", view="tutor"), "p", plain(q.explanation))
    template = "map_response" if q.type == SHORT else "match_correct"
    _element(item, "responseProcessing", template=f"{_TEMPLATES}{template}")
    return _xml(item)


def _choices_of(q: Question, labels: Mapping[str, Any]) -> list[tuple[str, str]]:
    if q.type == TRUE_FALSE:
        return [("TRUE", labels["quiz"]["true"]), ("FALSE", labels["quiz"]["false"])]
    texts = q.order if q.type == ORDER else tuple(c.text for c in q.choices)
    return [(f"C{n}", plain(text)) for n, text in enumerate(texts, 1)]


def _right(q: Question, choices: list[tuple[str, str]]) -> list[str]:
    if q.type == TRUE_FALSE:
        return ["TRUE" if q.answer else "FALSE"]
    if q.type == ORDER:
        return [identifier for identifier, _ in choices]
    if q.type == SHORT:
        return [plain(q.accept[0])]
    return [identifier for (identifier, _), c in zip(choices, q.choices, strict=True) if c.correct]


def _test(quiz: Quiz, items: list[str]) -> bytes:
    test = _root(
        "assessmentTest",
        QTI,
        "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
        identifier=_identifier(quiz.id),
        title=plain(quiz.name),
    )
    part = _element(
        test, "testPart", identifier="part", navigationMode="nonlinear", submissionMode="simultaneous"
    )
    section = _element(
        part, "assessmentSection", identifier="section", title=plain(quiz.name), visible="true"
    )
    if quiz.ask:
        _element(section, "selection", select=str(min(quiz.ask, len(items))))
    _element(section, "ordering", shuffle="true")
    for path in items:
        identifier = path.removeprefix("items/").removesuffix(".xml")
        _element(section, "assessmentItemRef", identifier=identifier, href=path)
    return _xml(test)


def _manifest(quiz: Quiz, items: list[str]) -> bytes:
    manifest = _root(
        "manifest", _CP, "http://www.imsglobal.org/xsd/imscp_v1p1.xsd", identifier=f"m-{quiz.id}"
    )
    etree.SubElement(manifest, f"{{{_CP}}}organizations")
    resources = etree.SubElement(manifest, f"{{{_CP}}}resources")

    def resource(identifier: str, kind: str, href: str, uses: Sequence[str] = ()) -> None:
        made = etree.SubElement(resources, f"{{{_CP}}}resource", identifier=identifier, type=kind, href=href)
        etree.SubElement(made, f"{{{_CP}}}file", href=href)
        for used in uses:
            etree.SubElement(made, f"{{{_CP}}}dependency", identifierref=used)

    ids = [f"r-{path.removeprefix('items/').removesuffix('.xml')}" for path in items]
    resource(f"r-test-{quiz.id}", "imsqti_test_xmlv2p1", "test.xml", ids)
    for identifier, path in zip(ids, items, strict=True):
        resource(identifier, "imsqti_item_xmlv2p1", path)
    return _xml(manifest)


# --- the printable exam ---------------------------------------------------------------------


def exam(quiz: Quiz, questions: Sequence[Question], labels: Mapping[str, Any]) -> bytes:
    """A .docx to print: the questions with a box to tick per choice (a line for a short answer,
    a box for each step's place), then the answer key on a page of its own."""
    words = labels["exam"]
    document = new_docx()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(plain(quiz.name), level=1)
    document.add_paragraph(words["who"])
    document.add_paragraph(words["rules"].format(mark=quiz.pass_mark, total=len(questions)))
    for n, q in enumerate(questions, 1):
        document.add_paragraph(f"{n}. {plain(q.text)}").runs[0].bold = True
        if q.type in _HINTS:
            hint = words["pick_order"] if q.type == ORDER else labels["quiz"][_HINTS[q.type]]
            document.add_paragraph(hint).runs[0].italic = True
        for letter, (_, text) in zip(_letters(), _shown(q, labels), strict=False):
            document.add_paragraph(f"{'☐' if q.type != ORDER else '[   ]'}  {letter}) {text}")
        if q.type == SHORT:
            document.add_paragraph("_" * 60)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(words["key"], level=1)
    for n, q in enumerate(questions, 1):
        document.add_paragraph(f"{n}. {_key(q, labels)}").runs[0].bold = True
        if q.explanation:
            document.add_paragraph(plain(q.explanation))
    buffer = io.BytesIO()
    document.core_properties.title = plain(quiz.name)
    document.save(buffer)
    saved = zipfile.ZipFile(buffer)  # python-docx dates its entries with the time of saving
    return _zipped({info.filename: saved.read(info) for info in saved.infolist()})


_HINTS = {SINGLE: "pick_one", MULTIPLE: "pick_many", ORDER: "", TRUE_FALSE: "pick_one"}


def _shown(q: Question, labels: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The choices as the exam prints them: mixed by a hash of the question and the choice (the
    same on every build), since the written order gives the answer away — steps are written in
    their right order, and a generated question's right choice comes first; true/false as it is."""
    choices = _choices_of(q, labels)
    if q.type == TRUE_FALSE:
        return choices
    return sorted(choices, key=lambda choice: hashlib.sha256(f"{q.id}\0{choice[1]}".encode()).digest())


def _letters() -> list[str]:
    return [chr(ord("a") + n) for n in range(26)]


def _key(q: Question, labels: Mapping[str, Any]) -> str:
    """The right answer as the exam's letters (the steps' letters in their order)."""
    choices = _choices_of(q, labels)
    letters = dict(zip((identifier for identifier, _ in _shown(q, labels)), _letters(), strict=False))
    if q.type == SHORT:
        return " / ".join(plain(text) for text in q.accept)
    if q.type == TRUE_FALSE:
        return dict(choices)["TRUE" if q.answer else "FALSE"]
    return ", ".join(letters[identifier] for identifier in _right(q, choices))
