"""Self-tests: each quiz's question pool as a small JavaScript file beside the pages, which the
quiz page (assets/javascripts/quiz.js) loads with a ``<script src>`` — so the test runs on any
static host, from file:// and, once the page is loaded, offline: no server of ours.

The pool is made here, once per build and deterministically (the browser shuffles); every text is
HTML made the way a page makes it, through the site's Markdown and its allowlist, as call mode's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Any, Generic, TypeVar

from generator.kinds import KINDS
from generator.kinds.course import Links
from generator.kinds.crm import KIND as CRM
from generator.kinds.crm import CrmEntity
from generator.kinds.entity import Entity
from generator.kinds.kpi import Kpi
from generator.kinds.objection import Objection
from generator.kinds.quiz import SHORT, Question, Quiz, Standards, Words, normal, pool
from generator.kinds.script import Script
from generator.kinds.stage import Stage
from generator.markup.html import DataTexts
from generator.markup.markdown import page_url
from generator.measures import measure
from generator.model import Playbook
from generator.site.addresses import page_of

FOLDER = "self-tests"


def data_path(quiz: Quiz) -> str:
    """Where a quiz's pool is, relative to docs/."""
    return f"{FOLDER}/{quiz.id}.js"


@dataclass(frozen=True)
class _Figure:
    """A KPI's figure as the playbook's language writes it: a value, not a closure, so that the
    words of two generations compare equal."""

    language: str
    currency: str

    def __call__(self, value: float, unit: str) -> str:
        return measure(value, unit, self.language, self.currency)


T = TypeVar("T")


class LastMade(Generic[T]):
    """What the last generation made of each quiz, with what it was made from: `serve` makes the
    site again on every save, and a quiz whose inputs are equal keeps what was made of them."""

    def __init__(self) -> None:
        self._made: dict[str, tuple[Any, T]] = {}

    def of(self, quiz: Quiz, inputs: Any, make: Callable[[], T]) -> T:
        last = self._made.get(quiz.id)
        if last is None or last[0] != inputs:
            last = self._made[quiz.id] = (inputs, make())
        return last[1]


# making the pools was a twentieth of a regeneration of the example, as was making the data files
_POOLS: LastMade[tuple[Question, ...]] = LastMade()
_FILES: LastMade[bytes] = LastMade()


class Pools:
    """Each quiz's questions, made once per build for its page and its data file alike."""

    def __init__(self, playbook: Playbook, labels: Mapping[str, Any]) -> None:
        self._playbook = playbook
        self._standards = Standards(
            objections=sorted(playbook.of(Objection).values(), key=lambda o: o.id),
            scripts=list(playbook.of(Script).values()),
            crm=list(playbook.of(CrmEntity).values()),
            kpis=list(playbook.of(Kpi).values()),
            stage_names={
                s: playbook.of(Stage)[s].name for p in playbook.pipelines.values() for s in p.stages
            },
            pipelines=[p.stages for p in playbook.pipelines.values()],
        )
        words = labels["quiz"]
        quotes = labels["quotes"]
        self._words = Words(
            ask=words["ask"],
            why=words["why"],
            quotes=(quotes[0], quotes[1]),
            periods=labels["periods"],
            figure=_Figure(playbook.language, playbook.currency),
        )
        self.of = cache(self._pool)

    def _pool(self, quiz: Quiz) -> tuple[Question, ...]:
        inputs = (quiz, self._standards, self._words)
        return _POOLS.of(quiz, inputs, partial(pool, quiz, self._standards, self._words))

    def about(self, quiz: Quiz) -> list[tuple[str, list[Entity]]]:
        """What the quiz's questions are about, by kind name, each entity once, in the playbook's order."""
        named: dict[str, set[str]] = {}
        for question in self.of(quiz):
            for kind, ids in question.about.by_kind():
                named.setdefault(kind, set()).update(ids)
            if question.about.crm:
                named.setdefault(CRM.name, set()).update(ref.partition(".")[0] for ref in question.about.crm)
        return [
            (kind.name, [e for e in self._playbook.entities[kind.name].values() if e.id in named[kind.name]])
            for kind in KINDS
            if kind.name in named
        ]

    def links(self, links: Links) -> Iterator[tuple[str, Entity]]:
        """Each standard a question names, with the words of its link."""
        for kind, ids in links.by_kind():
            for entity_id in ids:
                entity = self._playbook.entities[kind][entity_id]
                yield entity.name, entity
        entities = self._playbook.of(CrmEntity)
        for ref in links.crm:
            entity_id, _, field_id = ref.partition(".")
            yield (
                f"{entities[entity_id].name}: {entities[entity_id].field(field_id).label}",
                entities[entity_id],
            )


def quiz_files(
    playbook: Playbook, pools: Pools, mkdocs: Mapping[str, Any], labels: Mapping[str, Any]
) -> dict[str, bytes]:
    """Every quiz's data file, by its docs-relative path."""
    quizzes = playbook.of(Quiz)
    if not quizzes:
        return {}
    texts = cache(lambda: DataTexts(mkdocs))  # made only when a quiz's file is made
    words = {key: value for key, value in labels["quiz"].items() if isinstance(value, str)}
    settings = repr(mkdocs.get("markdown_extensions"))
    files = {}
    for quiz in quizzes.values():
        questions = pools.of(quiz)
        # each question's standards, linked from the data file's folder, which the self-test
        # resolves them against
        see = tuple(
            tuple(
                (name, page_url(f"{FOLDER}/index.md", page_of(entity)))
                for name, entity in pools.links(q.about)
            )
            for q in questions
        )
        inputs = (quiz, questions, words, settings, see)
        files[data_path(quiz)] = _FILES.of(
            quiz, inputs, partial(_data_file, quiz, questions, see, words, texts)
        )
    return files


def _data_file(
    quiz: Quiz,
    questions: tuple[Question, ...],
    see: tuple[tuple[tuple[str, str], ...], ...],
    words: Mapping[str, str],
    texts: Callable[[], DataTexts],
) -> bytes:
    data = {
        "name": texts().html(quiz.name),
        "pass_mark": quiz.pass_mark,
        "attempts": quiz.attempts,
        "time_limit": quiz.time_limit,
        "ask": quiz.ask,
        "labels": words,
        "questions": [_question(q, links, texts()) for q, links in zip(questions, see, strict=True)],
    }
    return f"playbookQuiz({json.dumps(data, ensure_ascii=False, separators=(',', ':'))})\n".encode()


def _question(question: Question, see: tuple[tuple[str, str], ...], texts: DataTexts) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "type": question.type, "text": texts.html(question.text)}
    if question.choices:
        data["choices"] = [{"text": texts.html(c.text), "correct": c.correct} for c in question.choices]
    if question.answer is not None:
        data["answer"] = question.answer
    if question.order:
        data["order"] = [texts.html(step) for step in question.order]
    if question.type == SHORT:
        data["shown"] = texts.html(question.accept[0])  # the answer the result shows as right
        data["accept"] = [normal(text) for text in question.accept]  # as quiz.js compares them
    if question.explanation:
        data["explanation"] = texts.html(question.explanation)
    data["see"] = [{"text": texts.html(name), "href": href} for name, href in see]
    return data
