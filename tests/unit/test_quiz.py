"""Questions made from the example standards: how many each generator yields, each with exactly
the right answers it says it has, the same on every build."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.kinds.crm import CrmEntity
from generator.kinds.quiz import GENERATORS, MULTIPLE, SINGLE, Generated, Quiz, normal
from generator.model import Playbook
from generator.project import builtin
from generator.site.pages import load_labels
from generator.site.quizzes import Pools
from tests.conftest import REPO, standards_of

# what each generator makes from this repository's example standards
YIELDS = {
    "objection-wording": 101,
    "objection-answer": 12,
    "script-next": 134,
    "stage-fields": 14,
    "kpi-target": 9,
}


@pytest.fixture(scope="module")
def example() -> Playbook:
    playbook = standards_of(REPO).playbook
    assert playbook is not None
    return playbook


def every_generator(playbook: Playbook) -> Quiz:
    quiz = next(iter(playbook.of(Quiz).values()))
    return Quiz(quiz.id, quiz.name, quiz.path, pass_mark=80, generate=tuple(Generated(g) for g in GENERATORS))


def made(playbook: Playbook) -> Counter[str]:
    pools = Pools(playbook, load_labels((builtin("templates") / "site",), playbook.language))
    return Counter(q.generated for q in pools.of(every_generator(playbook)))


def test_each_generator_yields_its_questions_from_the_example(example: Playbook) -> None:
    assert dict(made(example)) == YIELDS


def test_every_generated_question_has_exactly_the_right_answers_it_says(example: Playbook) -> None:
    pools = Pools(example, load_labels((builtin("templates") / "site",), "ru"))
    questions = pools.of(every_generator(example))
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        right = [c for c in q.choices if c.correct]
        assert len(q.choices) >= 2, q.id
        assert len({normal(c.text) for c in q.choices}) == len(q.choices), q.id
        if q.type == SINGLE:
            assert len(right) == 1, q.id
        else:
            assert q.type == MULTIPLE and 1 <= len(right) < len(q.choices), q.id
        assert "{" not in q.text and "{" not in q.explanation, q.id  # every word of the prompt filled in
    # the same questions, in the same order, on every build: the browser shuffles, not the build
    again = Pools(example, load_labels((builtin("templates") / "site",), "ru")).of(every_generator(example))
    assert again == questions


def test_a_stage_gate_question_never_offers_a_field_an_earlier_stage_requires_as_wrong(
    example: Playbook,
) -> None:
    pools = Pools(example, load_labels((builtin("templates") / "site",), "ru"))
    deal = example.of(CrmEntity)["deal"]
    question = next(q for q in pools.of(every_generator(example)) if q.id == "stage-fields-closing-deal")
    wrong = {c.text for c in question.choices if not c.correct}
    earlier = {
        f.label
        for f in deal.fields
        if f.required_from in ("lead-generation", "qualification", "presentation")
    }
    assert wrong and not wrong & earlier
    assert {c.text for c in question.choices if c.correct} == {f.label for f in deal.gated_at("closing")}
    assert question.text == (
        "Карточка «Сделка» в CRM: какие поля должны быть заполнены, чтобы сделка ушла с этапа"
        " «Закрытие сделки»? Отметьте все."
    )
