"""Certifications: what a person does to be certified (courses, quizzes with minimum scores, a
role-play assessed by a role), how long it lasts, and the standards it covers — each stage's page
names the certification that covers it. Who holds one is recorded in `standards/people/`
(generator/kinds/person.py), where check judges each record against its certification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.kinds.course import Links
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import TRAINING, Kind, Pages
from generator.source import SourceFile


@dataclass(frozen=True)
class QuizMark:
    quiz: str
    min_score: int  # percent


@dataclass(frozen=True)
class RolePlay:
    task: str
    assessed_by: str  # a role
    script: str = ""
    objections: Texts = ()


@dataclass(frozen=True)
class Requirements:
    courses: Texts = ()
    quizzes: tuple[QuizMark, ...] = ()
    role_play: RolePlay | None = None


@dataclass(frozen=True)
class Certification(Entity):
    description: str = ""
    valid_days: int = 365
    pass_mark: int = 0  # percent: the least score of a record
    requires: Requirements = field(default_factory=Requirements)
    covers: Links = field(default_factory=Links)
    tags: Texts = ()


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Certification:
    requires = file.data["requires"]
    play = requires.get("role_play")
    return from_file(
        Certification,
        file,
        requires=Requirements(
            courses=tuple(requires.get("courses", ())),
            quizzes=tuple(QuizMark(q["quiz"], q["min_score"]) for q in requires.get("quizzes", ())),
            role_play=RolePlay(
                play["task"], play["assessed_by"], play.get("script", ""), tuple(play.get("objections", ()))
            )
            if play
            else None,
        ),
        covers=Links.of(file.data["covers"]),
    )


KIND = Kind(
    name="certification",
    noun="certification",
    folder="certifications",
    model=Certification,
    build=build,
    # the index is the team matrix: people × certifications
    pages=Pages(
        page="certification.md.j2",
        title="certifications",
        index="certifications.md.j2",
        wide_index=True,
        boost=TRAINING,
    ),
)
