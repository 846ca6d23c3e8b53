"""The quizzes' LMS exports and printable exams, read back as an LMS and a printer would: GIFT by
a real GIFT parser (gift-pegjs, vendored in tests/vendor and run with node), QTI against the IMS
QTI 2.1 and content-packaging XSDs (vendored in tests/vendor/qti-2.1), the exam by python-docx."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.kinds.quiz import MULTIPLE, ORDER, SHORT, SINGLE, TRUE_FALSE, Choice, Question, Quiz
from generator.model import Playbook
from generator.project import builtin
from generator.site.exports import QTI, exam, gift, plain, qti_package, quiz_exports
from generator.site.pages import load_labels
from generator.site.quizzes import Pools
from tests.conftest import REPO, standards_of

VENDOR = Path(__file__).parent.parent / "vendor"
LABELS = load_labels((builtin("templates") / "site",), "ru")
# reads GIFT documents, one JSON string a line, and answers each with the parsed questions
_PARSER = """
const parse = require(process.argv[1]).parse
require('readline').createInterface({input: process.stdin}).on('line', line => {
  let out
  try { out = {questions: parse(JSON.parse(line))} } catch (e) { out = {error: String(e.message)} }
  process.stdout.write(JSON.stringify(out) + '\\n')
})
"""


@pytest.fixture(scope="module")
def example() -> Playbook:
    playbook = standards_of(REPO).playbook
    assert playbook is not None
    return playbook


@pytest.fixture(scope="module")
def pools(example: Playbook) -> Pools:
    return Pools(example, LABELS)


class GiftParser:
    """gift-pegjs in a node process of its own, kept for the module's tests."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            pytest.fail("node is needed to run the GIFT parser: apt-get install nodejs")
        self._process = subprocess.Popen(
            [node, "-e", _PARSER, str(VENDOR / "gift-pegjs" / "pegjs-gift.js")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def parse(self, text: str) -> list[dict[str, Any]]:
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(json.dumps(text) + "\n")
        self._process.stdin.flush()
        answer = json.loads(self._process.stdout.readline())
        assert "error" not in answer, answer.get("error")
        return list(answer["questions"])

    def close(self) -> None:
        assert self._process.stdin and self._process.stdout
        self._process.stdin.close()
        self._process.wait(timeout=10)
        self._process.stdout.close()


@pytest.fixture(scope="module")
def parser() -> Iterator[GiftParser]:
    running = GiftParser()
    yield running
    running.close()


def test_every_quiz_of_the_example_parses_as_gift_with_its_right_answers(
    example: Playbook, pools: Pools, parser: GiftParser
) -> None:
    for quiz in example.of(Quiz).values():
        questions = pools.of(quiz)
        parsed = parser.parse(gift(questions, LABELS))
        assert [p["title"] for p in parsed] == [q.id for q in questions]
        for question, read in zip(questions, parsed, strict=True):
            assert read["stem"]["text"] == question.text.strip()
            if question.type == SINGLE:
                assert read["type"] == "MC"
                assert [c["text"]["text"] for c in read["choices"] if c["isCorrect"]] == [
                    c.text for c in question.choices if c.correct
                ]
            if question.type == MULTIPLE:
                right = [c["text"]["text"] for c in read["choices"] if c["weight"] > 0]
                assert right == [c.text for c in question.choices if c.correct]
                assert sum(c["weight"] for c in read["choices"] if c["weight"] > 0) == pytest.approx(
                    100, abs=0.01
                )
            if question.type == TRUE_FALSE:
                assert (read["type"], read["isTrue"]) == ("TRUE_FALSE", question.answer) or (
                    read["type"] == "TF" and read["isTrue"] == question.answer
                )
            if question.type == ORDER:
                pairs = [(p["subquestion"]["text"], p["subanswer"]) for p in read["matchPairs"]]
                assert pairs == [(step, str(n)) for n, step in enumerate(question.order, 1)]
            if question.type == SHORT:
                assert [c["text"]["text"] for c in read["choices"]] == list(question.accept)
            if question.explanation:
                assert read["globalFeedback"]["text"] == question.explanation.strip()


# what an editor can write in a question: any letters, GIFT's special characters, line breaks
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from(list("~=#{}:\\%-> \n")),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() and "\n\n" not in text.strip() and "->" not in text)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, right=_TEXT, wrong=_TEXT, why=_TEXT)
def test_any_text_round_trips_through_the_gift_parser(
    parser: GiftParser, text: str, right: str, wrong: str, why: str
) -> None:
    question = Question("any", SINGLE, text, choices=(Choice(right, True), Choice(wrong)), explanation=why)
    (read,) = parser.parse(gift([question], LABELS))
    trimmed = [" ".join(part.split()) for part in (text, right, wrong, why)]
    said = [
        read["stem"]["text"],
        *(c["text"]["text"] for c in read["choices"]),
        read["globalFeedback"]["text"],
    ]
    assert [" ".join(part.split()) for part in said] == trimmed
    assert [c["isCorrect"] for c in read["choices"]] == [True, False]


@pytest.fixture(scope="module")
def schemas() -> tuple[etree.XMLSchema, etree.XMLSchema]:
    qti = etree.XMLSchema(etree.parse(str(VENDOR / "qti-2.1" / "qtiv2p1" / "imsqti_v2p1.xsd")))
    manifest = etree.XMLSchema(etree.parse(str(VENDOR / "qti-2.1" / "imscp_v1p1.xsd")))
    return qti, manifest


def test_every_qti_package_is_valid_against_the_ims_schemas_and_lists_every_item(
    example: Playbook, pools: Pools, schemas: tuple[etree.XMLSchema, etree.XMLSchema]
) -> None:
    qti, manifest_schema = schemas
    for quiz in example.of(Quiz).values():
        questions = pools.of(quiz)
        package = zipfile.ZipFile(io.BytesIO(qti_package(quiz, questions, LABELS)))
        for name in package.namelist():
            document = etree.fromstring(package.read(name))
            schema = manifest_schema if name == "imsmanifest.xml" else qti
            assert schema.validate(document), f"{quiz.id}/{name}: {schema.error_log.last_error}"
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        items = manifest.xpath("//*[local-name()='resource'][@type='imsqti_item_xmlv2p1']/@href")
        assert sorted(items) == sorted(n for n in package.namelist() if n.startswith("items/"))
        assert len(items) == len(questions)


def test_a_qti_item_scores_the_right_choices() -> None:
    question = Question(
        "pick", MULTIPLE, "Что **верно**?", choices=(Choice("А", True), Choice("Б"), Choice("В", True))
    )
    quiz = Quiz("q", "Тест", "standards/quizzes/q.yml", pass_mark=80, questions=(question,))
    package = zipfile.ZipFile(io.BytesIO(qti_package(quiz, [question], LABELS)))
    item = etree.fromstring(package.read("items/q-pick.xml"))
    ns = {"q": QTI}
    assert item.xpath("//q:correctResponse/q:value/text()", namespaces=ns) == ["C1", "C3"]
    assert item.xpath("//q:responseDeclaration/@cardinality", namespaces=ns) == ["multiple"]
    assert item.xpath("//q:prompt/text()", namespaces=ns) == ["Что верно?"]


def test_the_printable_exam_asks_every_question_then_gives_the_key_on_a_page_of_its_own() -> None:
    questions = [
        Question(
            "one", SINGLE, "Первый?", choices=(Choice("нет"), Choice("да", True)), explanation="Потому что."
        ),
        Question("order", ORDER, "По порядку", order=("Вторник", "Астра", "Бета")),
        Question("three", TRUE_FALSE, "Правда?", answer=False),
        Question("four", SHORT, "Скидка, %?", accept=("5", "5 %")),
    ]
    quiz = Quiz("q", "Экзамен", "standards/quizzes/q.yml", pass_mark=80, questions=tuple(questions))
    document = docx.Document(io.BytesIO(exam(quiz, questions, LABELS)))
    texts = [p.text for p in document.paragraphs]
    key = texts.index("Ключ ответов")
    assert any("w:br" in p._p.xml and 'w:type="page"' in p._p.xml for p in document.paragraphs[:key])
    asked = texts[:key]
    assert asked[asked.index("1. Первый?") + 2 :][:2] == ["☐  a) да", "☐  b) нет"]
    # the steps printed in an order that does not give them away; the key names them by letter
    steps = [t for t in asked if t.startswith("[   ]")]
    assert steps == ["[   ]  a) Астра", "[   ]  b) Вторник", "[   ]  c) Бета"]
    assert texts[key + 1 :] == ["1. a", "Потому что.", "2. b, a, c", "3. Неверно", "4. 5 / 5 %"]


def test_the_build_offers_each_quiz_export_on_its_page(example: Playbook, pools: Pools) -> None:
    exported = quiz_exports(example, pools, LABELS)
    for quiz in example.of(Quiz).values():
        offered = [d.path for d in exported.of[f"quizzes/{quiz.id}.md"]]
        assert offered == [
            f"downloads/quizzes/{quiz.id}.gift.txt",
            f"downloads/quizzes/{quiz.id}.qti.zip",
            f"downloads/quizzes/{quiz.id}-exam.docx",
        ]
        assert all(exported.files[path] for path in offered)


def test_plain_text_drops_the_markdown() -> None:
    assert plain("Клиент **сказал** «дорого» — [что](x.md) делать?") == "Клиент сказал «дорого» — что делать?"


def test_the_exports_are_the_same_bytes_on_every_build(example: Playbook, pools: Pools) -> None:
    assert quiz_exports(example, pools, LABELS).files == quiz_exports(example, pools, LABELS).files
