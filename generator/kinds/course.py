"""Courses: a training programme in modules, days or weeks each, built on the very standards a
seller will use (each module names the stages, scripts, objections, documents and CRM fields it
teaches, so those are checked references), with exercises, who runs it and how it is assessed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.kinds.entity import Entity, Texts, from_file, frozen
from generator.kinds.kind import TRAINING, Kind, Pages
from generator.source import SourceFile


@dataclass(frozen=True)
class Links:
    """The standards something is about, by kind, as ids (CRM fields as ``entity.field``)."""

    stages: Texts = ()
    scripts: Texts = ()
    objections: Texts = ()
    documents: Texts = ()
    crm: Texts = ()
    checklists: Texts = ()
    kpis: Texts = ()

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> Links:
        return cls(**{key: tuple(ids) for key, ids in (data or {}).items()})

    def by_kind(self) -> list[tuple[str, Texts]]:
        """The ids named, by kind name, for each kind named (CRM fields aside: they are ``entity.field``)."""
        return [(kind, getattr(self, key)) for key, kind in _KIND_OF.items() if getattr(self, key)]


_KIND_OF = {
    "stages": "stage",
    "scripts": "script",
    "objections": "objection",
    "documents": "document",
    "checklists": "checklist",
    "kpis": "kpi",
}


@dataclass(frozen=True)
class Exercise:
    kind: str  # role-play, crm-card, proposal, call-review, demo, other
    task: str
    script: str = ""
    objections: Texts = ()
    sample: str = ""
    document: str = ""
    checklist: str = ""


@dataclass(frozen=True)
class Assessment:
    by: str = ""  # a role
    method: str = ""
    quizzes: Texts = ()


@dataclass(frozen=True)
class Module:
    name: str
    when: str
    teaches: Links
    goal: str = ""
    led_by: str = ""
    topics: Texts = ()
    exercises: tuple[Exercise, ...] = ()
    assessment: Assessment | None = None


@dataclass(frozen=True)
class Course(Entity):
    description: str = ""
    audience: str = ""
    duration: str = ""
    checklist: str = ""
    modules: tuple[Module, ...] = ()
    assessment: Assessment | None = None
    tags: Texts = ()

    @property
    def quizzes(self) -> Texts:
        """Every quiz the course takes, the modules' first, each once."""
        taken = [q for m in self.modules if m.assessment for q in m.assessment.quizzes]
        taken += self.assessment.quizzes if self.assessment else ()
        return tuple(dict.fromkeys(taken))


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Course:
    assessment = file.data.get("assessment")
    return from_file(
        Course,
        file,
        modules=tuple(_module(m) for m in file.data["modules"]),
        assessment=_assessment(assessment) if assessment else None,
    )


def _module(data: Mapping[str, Any]) -> Module:
    values = {key: frozen(value) for key, value in data.items()}
    values["teaches"] = Links.of(data["teaches"])
    values["exercises"] = tuple(
        Exercise(**{k: frozen(v) for k, v in e.items()}) for e in data.get("exercises", ())
    )
    if "assessment" in data:
        values["assessment"] = _assessment(data["assessment"])
    return Module(**values)


def _assessment(data: Mapping[str, Any]) -> Assessment:
    return Assessment(**{key: frozen(value) for key, value in data.items()})


KIND = Kind(
    name="course",
    noun="course",
    folder="courses",
    model=Course,
    build=build,
    pages=Pages(page="course.md.j2", title="courses", boost=TRAINING),
)
