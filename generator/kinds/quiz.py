"""Quizzes: knowledge checks with a pass mark, attempts and a time limit. Their questions are
written by hand, or made from the standards at every build (a client's wording → which objection,
which answer fits; a script's step and the client's answer → what to say next; the CRM fields a
deal needs to leave a stage; a KPI's target), so that training never goes stale.

A question is data — its type, choices, right answers, explanation and the standards it is
about — so the site's self-test and an LMS export read the same thing. Generation is
deterministic: the same standards give the same questions in the same order (the browser shuffles).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.kinds import crm, kpi, objection, script, stage
from generator.kinds.course import Links
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import TRAINING, Kind, Pages, Scope, each_file
from generator.source import SourceFile

SINGLE, MULTIPLE, TRUE_FALSE, ORDER, SHORT = "single", "multiple", "true-false", "order", "short"
_DISTRACTORS = 3  # wrong choices beside the right ones: four to choose from, as exams have
_RIGHT_AT_MOST = 4  # right choices of a generated multiple choice: enough to know them, few enough to read


@dataclass(frozen=True)
class Choice:
    text: str  # Markdown
    correct: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # SINGLE, MULTIPLE, TRUE_FALSE, ORDER or SHORT
    text: str  # Markdown
    choices: tuple[Choice, ...] = ()  # single and multiple choice
    answer: bool | None = None  # true-false
    order: Texts = ()  # ordering: the steps in the right order
    accept: Texts = ()  # short answer: what is accepted
    explanation: str = ""
    about: Links = field(default_factory=Links)
    generated: str = ""  # the generator that made it; "" when written by hand


@dataclass(frozen=True)
class Generated:
    """Questions to make from the standards: a generator, and the stages it keeps to."""

    source: str  # the generator's name (`from` in the file)
    stages: Texts = ()


@dataclass(frozen=True)
class Quiz(Entity):
    description: str = ""
    pass_mark: int = 0  # percent
    attempts: int | None = None
    time_limit: int | None = None  # minutes
    ask: int | None = None  # questions per attempt; None: the whole pool
    questions: tuple[Question, ...] = ()
    generate: tuple[Generated, ...] = ()
    tags: Texts = ()


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Quiz:
    return from_file(
        Quiz,
        file,
        questions=tuple(_question(q) for q in file.data.get("questions", ())),
        generate=tuple(
            Generated(g["from"], tuple(g.get("stages", ()))) for g in file.data.get("generate", ())
        ),
    )


def _question(data: Mapping[str, Any]) -> Question:
    return Question(
        id=data["id"],
        type=data["type"],
        text=data["text"],
        choices=tuple(Choice(c["text"], c.get("correct", False)) for c in data.get("choices", ())),
        answer=data.get("answer"),
        order=tuple(data.get("order", ())),
        accept=tuple(data.get("accept", ())),
        explanation=data.get("explanation", ""),
        about=Links.of(data.get("about")),
    )


# --- what the generators read, from the model or (for check) from the schema-valid files ---------


@dataclass(frozen=True)
class Standards:
    """The standards questions are made from, each kind by id."""

    objections: Sequence[objection.Objection]
    scripts: Sequence[script.Script]
    crm: Sequence[crm.CrmEntity]
    kpis: Sequence[kpi.Kpi]
    stage_names: Mapping[str, str]
    pipelines: Sequence[Texts]  # each pipeline's stages, in order

    @classmethod
    def of_scope(cls, scope: Scope) -> Standards:
        head = scope.playbook.data if scope.playbook else {}

        def built(kind: Kind) -> list[Any]:
            return sorted((kind.build(f, head) for f in scope.files(kind)), key=lambda e: e.id)

        pipelines = [tuple(p["stages"]) for p in head.get("pipelines", {}).values()]
        names = {f.id: f.data["name"] for f in scope.files(stage.KIND)}
        return cls(
            objections=built(objection.KIND),
            scripts=built(script.KIND),
            crm=built(crm.KIND),
            kpis=built(kpi.KIND),
            stage_names={s: names[s] for p in pipelines for s in p if s in names},
            pipelines=pipelines,
        )

    def later(self, stage: str) -> Texts:
        """The stages after ``stage`` in its pipeline."""
        for stages in self.pipelines:
            if stage in stages:
                return stages[stages.index(stage) + 1 :]
        return ()


@dataclass(frozen=True)
class Words:
    """The words of generated questions in the playbook's language: the site's labels (``quiz``).
    Without them (as `check`, which judges the questions, not their wording) a prompt is its name."""

    ask: Mapping[str, str] = field(default_factory=dict)
    why: Mapping[str, str] = field(default_factory=dict)
    quotes: tuple[str, str] = ("“", "”")
    periods: Mapping[str, str] = field(default_factory=dict)
    figure: Callable[[float, str], str] = lambda value, unit: f"{value:g} {unit}"

    def quoted(self, text: str) -> str:
        return f"{self.quotes[0]}{text}{self.quotes[1]}"

    def question(self, key: str, **values: str) -> str:
        return self.ask.get(key, key).format(**values)

    def explanation(self, key: str, **values: str) -> str:
        return self.why.get(key, key).format(**values)


# --- the generators -------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # asked of the same few thousand texts tens of thousands of times a build
def normal(text: str) -> str:
    """Text as a person means it: case, ё/е, punctuation and spacing aside."""
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


def wording_owners(objections: Sequence[objection.Objection]) -> dict[str, list[str]]:
    """Each wording of an objection (its name and aliases), normalised, with every objection it is a wording of."""
    owners: dict[str, list[str]] = {}
    for o in objections:
        for wording in (o.name, *o.aliases):
            mine = owners.setdefault(normal(wording), [])
            if o.id not in mine:
                mine.append(o.id)
    return owners


def _others(items: Sequence[Any], index: int, shift: int = 0) -> list[Any]:
    """The items but the one at ``index``, starting ``shift`` after it and going round:
    distractors that differ from one question to the next, and the same on every build."""
    rest = [*items[index + 1 :], *items[:index]]
    return rest[shift % len(rest) :] + rest[: shift % len(rest)] if rest else []


def _choices(right: Iterable[str], wrong: Iterable[str]) -> tuple[Choice, ...]:
    """The right choices and up to three wrong ones, none saying what another says."""
    seen: set[str] = set()
    made: list[Choice] = []
    for text, correct in [*((t, True) for t in right), *((t, False) for t in wrong)]:
        if normal(text) in seen or (not correct and len(made) - sum(c.correct for c in made) >= _DISTRACTORS):
            continue
        seen.add(normal(text))
        made.append(Choice(text, correct))
    return tuple(made)


def _in(stages: Texts, *of: str) -> bool:
    return not stages or any(stage in stages for stage in of)


def _objection_wording(given: Generated, standards: Standards, words: Words) -> Iterator[Question]:
    """The client says one of an objection's other wordings: which objection is it?"""
    objections = [o for o in standards.objections if _in(given.stages, *o.stages)]
    owners = wording_owners(standards.objections)
    for i, o in enumerate(objections):
        for n, alias in enumerate(o.aliases, 1):
            if len(owners[normal(alias)]) > 1 or normal(alias) == normal(o.name):
                continue  # ambiguous (check says so) or no question at all
            choices = _choices([o.name], (other.name for other in _others(objections, i, n - 1)))
            if len(choices) < 2:
                continue  # nothing to tell it from
            yield Question(
                id=f"objection-wording-{o.id}-{n}",
                type=SINGLE,
                text=words.question("objection_wording", wording=words.quoted(alias)),
                choices=choices,
                explanation=words.explanation(
                    "objection_wording", wording=words.quoted(alias), objection=o.name
                ),
                about=Links(objections=(o.id,)),
                generated=given.source,
            )


def _objection_answer(given: Generated, standards: Standards, words: Words) -> Iterator[Question]:
    """The client says an objection: which of these answers fits it? (its best answer, against
    the best answers of others)."""
    objections = [o for o in standards.objections if _in(given.stages, *o.stages)]
    for i, o in enumerate(objections):
        best = o.responses[0]  # an objection's answers are written best first
        choices = _choices([best.say], (other.responses[0].say for other in _others(objections, i)))
        if len(choices) < 2:
            continue  # nothing to tell it from
        yield Question(
            id=f"objection-answer-{o.id}",
            type=SINGLE,
            text=words.question("objection_answer", objection=words.quoted(o.name)),
            choices=choices,
            explanation=words.explanation(
                "objection_answer", objection=words.quoted(o.name), approach=best.approach
            ),
            about=Links(objections=(o.id,)),
            generated=given.source,
        )


def _script_next(given: Generated, standards: Standards, words: Words) -> Iterator[Question]:
    """In a script, after the client answers so at a step: what does the seller say next? (the
    step the answer leads to, against the steps the step's other answers lead to, then the rest)."""
    for s in standards.scripts:
        if not _in(given.stages, s.stage):
            continue
        steps = {step.id: step for step in s.steps}
        for step in s.steps:
            for n, option in enumerate(step.options, 1):
                target = steps.get(option.next)
                if target is None or _answer_leads_apart(step, option.answer, steps):
                    continue  # a broken script, or an ambiguous answer: check says so
                siblings = [
                    steps[o.next].say for o in step.options if o.next in steps and o.next != target.id
                ]
                rest = [other.say for other in s.steps if other.id not in (target.id, step.id)]
                choices = _choices([target.say], [*siblings, *rest])
                if len(choices) < 2:
                    continue
                yield Question(
                    id=f"script-next-{s.id}-{step.id}-{n}",
                    type=SINGLE,
                    text=words.question(
                        "script_next", script=s.name, step=step.heading, answer=words.quoted(option.answer)
                    ),
                    choices=choices,
                    explanation=words.explanation(
                        "script_next", script=s.name, answer=words.quoted(option.answer), next=target.heading
                    ),
                    about=Links(scripts=(s.id,)),
                    generated=given.source,
                )


def _answer_leads_apart(step: script.Step, answer: str, steps: Mapping[str, script.Step]) -> bool:
    """Whether one wording of the client's answer at a step leads to steps that say different things."""
    says = {
        normal(steps[o.next].say)
        for o in step.options
        if normal(o.answer) == normal(answer) and o.next in steps
    }
    return len(says) > 1


def _stage_fields(given: Generated, standards: Standards, words: Words) -> Iterator[Question]:
    """Which fields of a CRM card must be filled before a deal leaves a stage? (up to four of
    those the stage gates, against fields required only later or never: those of earlier stages
    are required too, so they are never offered as wrong)."""
    for stage_id, name in standards.stage_names.items():
        if not _in(given.stages, stage_id):
            continue
        later = standards.later(stage_id)
        for entity in standards.crm:
            gated = [f.label for f in entity.gated_at(stage_id)]
            wrong = [f.label for f in entity.fields if f.required_from in later or not f.required_from]
            if not gated or not wrong:
                continue
            yield Question(
                id=f"stage-fields-{stage_id}-{entity.id}",
                type=MULTIPLE,
                text=words.question(
                    "stage_fields", stage=words.quoted(name), entity=words.quoted(entity.name)
                ),
                choices=_choices(gated[:_RIGHT_AT_MOST], wrong),
                explanation=words.explanation(
                    "stage_fields",
                    stage=words.quoted(name),
                    entity=words.quoted(entity.name),
                    fields=", ".join(gated),
                ),
                about=Links(
                    stages=(stage_id,), crm=tuple(f"{entity.id}.{f.id}" for f in entity.gated_at(stage_id))
                ),
                generated=given.source,
            )


def _kpi_target(given: Generated, standards: Standards, words: Words) -> Iterator[Question]:
    """What is a KPI's target? (against its thresholds, and half and twice the target where it has none)."""
    for k in standards.kpis:
        if not _in(given.stages, k.stage):
            continue
        near = [k.thresholds.good, k.thresholds.critical] if k.thresholds else []
        values = [*near, k.target / 2, k.target * 2]
        choices = _choices([words.figure(k.target, k.unit)], (words.figure(v, k.unit) for v in values))
        period = words.periods.get(k.period, k.period)
        yield Question(
            id=f"kpi-target-{k.id}",
            type=SINGLE,
            text=words.question("kpi_target", kpi=words.quoted(k.name), period=period),
            choices=choices,
            explanation=words.explanation(
                "kpi_target", kpi=words.quoted(k.name), target=words.figure(k.target, k.unit), period=period
            ),
            about=Links(kpis=(k.id,)),
            generated=given.source,
        )


GENERATORS: dict[str, Callable[[Generated, Standards, Words], Iterator[Question]]] = {
    "objection-wording": _objection_wording,
    "objection-answer": _objection_answer,
    "script-next": _script_next,
    "stage-fields": _stage_fields,
    "kpi-target": _kpi_target,
}


def pool(quiz: Quiz, standards: Standards, words: Words) -> tuple[Question, ...]:
    """Every question of a quiz: the authored ones, then those generated, in the file's order."""
    made = [q for given in quiz.generate for q in GENERATORS[given.source](given, standards, words)]
    return (*quiz.questions, *made)


def flaws(question: Question) -> list[str]:
    """What keeps a question from having exactly the right answers it says it has."""
    found = []
    if question.type in (SINGLE, MULTIPLE):
        right = sum(c.correct for c in question.choices)
        if question.type == SINGLE and right != 1:
            found.append(
                f"a single-choice question has {right} right choices: mark exactly one `correct: true`"
            )
        if question.type == MULTIPLE and right == 0:
            found.append("no choice is marked `correct: true`: the question has no right answer")
        if right == len(question.choices) and question.type == MULTIPLE:
            found.append("every choice is right: add a wrong one, or it checks nothing")
    texts = [normal(t) for t in (*(c.text for c in question.choices), *question.order)]
    repeated = sorted({t for t in texts if texts.count(t) > 1})
    if repeated:
        said = ", ".join(repr(t) for t in repeated)
        found.append(f"two choices say the same ({said}): a person cannot tell them apart")
    return found


# --- checks ---------------------------------------------------------------------------------


def check_questions(file: SourceFile) -> Iterator[Diagnostic]:
    """Question ids are unique, and each question has exactly the right answers it says."""
    first: dict[str, int] = {}
    for i, data in enumerate(file.data.get("questions", ())):
        if data["id"] in first:
            line = file.position(["questions", first[data["id"]], "id"])[0]
            yield error(
                file.path,
                file.position(["questions", i, "id"]),
                f"question id '{data['id']}' is used twice (first at line {line})",
                "quiz-question",
            )
        first.setdefault(data["id"], i)
        for flaw in flaws(_question(data)):
            yield error(
                file.path,
                file.position(["questions", i, "type"]),
                f"question '{data['id']}': {flaw}",
                "quiz-answer",
            )


def check_generated(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """A generated question is unambiguous (no wording of two objections, no answer of a script
    leading two ways), each generator makes at least one question, and an attempt asks no more
    than the pool holds."""
    if not files:
        return
    standards = Standards.of_scope(scope)
    # while a file has errors of its own, what it would add to a pool is unknown: judge no pool's size
    whole = len(scope.source.files) == sum(len(valid) for valid in scope.valid.values())
    for file in files:
        quiz = build(file, {})
        for i, given in enumerate(quiz.generate):
            at = file.position(["generate", i, "from"])
            doubts = list(_doubts(given, standards))
            for doubt in doubts:
                yield error(file.path, at, doubt, "quiz-generated")
            made = list(GENERATORS[given.source](given, standards, Words()))
            for question in made:
                for flaw in flaws(question):
                    yield error(
                        file.path, at, f"generated question '{question.id}': {flaw}", "quiz-generated"
                    )
            if not made and not doubts and whole:
                scope_text = f" of stages {', '.join(given.stages)}" if given.stages else ""
                yield warning(
                    file.path,
                    at,
                    f"'{given.source}' makes no question from the standards{scope_text}",
                    "quiz-generated",
                )
        if quiz.ask is not None and whole:
            size = len(pool(quiz, standards, Words()))
            if quiz.ask > size:
                yield warning(
                    file.path,
                    file.position(["ask"]),
                    f"an attempt asks {quiz.ask} questions and the pool holds {size}: it asks all {size}",
                    "quiz-pool",
                )


def _doubts(given: Generated, standards: Standards) -> Iterator[str]:
    """Why some question a generator would make has two right answers (the generator leaves it out)."""
    if given.source == "objection-wording":
        for wording, owners in wording_owners(standards.objections).items():
            mine = [o for o in standards.objections if o.id in owners and _in(given.stages, *o.stages)]
            if len(owners) > 1 and mine:
                yield (
                    f"the wording '{wording}' belongs to objections {', '.join(repr(o) for o in owners)}:"
                    " asked which objection it is, both answers would be right"
                )
    if given.source == "script-next":
        for s in standards.scripts:
            steps = {step.id: step for step in s.steps}
            for step in s.steps:
                answers = dict.fromkeys(normal(o.answer) for o in step.options)
                for answer in answers:
                    if _in(given.stages, s.stage) and _answer_leads_apart(step, answer, steps):
                        yield (
                            f"in script '{s.id}', step '{step.id}', the answer '{answer}' leads to two steps:"
                            " asked what comes next, both would be right"
                        )


KIND = Kind(
    name="quiz",
    noun="quiz",
    folder="quizzes",
    model=Quiz,
    build=build,
    checks=(each_file(check_questions), check_generated),
    pages=Pages(page="quiz.md.j2", title="quizzes", index="quizzes.md.j2", boost=TRAINING),
)
