"""Step 3: the validated source as a typed, cross-linked playbook, with the reverse links derived.

References are authored one way (a script names its stage); here each stage also learns its
scripts, objections, checklists, documents, KPIs and the CRM fields it gates, and each role what
it owns. Built only from a source that validated without errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from generator.kinds import BY_NAME
from generator.load import Source, SourceFile
from generator.review import ReviewPolicy

Texts = tuple[str, ...]
_HEADING_WORDS = 6


@dataclass(frozen=True)
class Entity:
    """What every page-worthy entity has: an id, a name, the file it comes from, and who keeps it
    (roles and pipelines, which live in playbook.yml, have neither owner nor review of their own)."""

    id: str
    name: str
    path: str
    owner: str = ""
    reviewed: date | None = None


E = TypeVar("E", bound=Entity)


@dataclass(frozen=True)
class Role(Entity):
    description: str = ""
    team: str = ""


@dataclass(frozen=True)
class Pipeline(Entity):
    description: str = ""
    stages: Texts = ()


@dataclass(frozen=True)
class Stage(Entity):
    summary: str = ""
    goal: str = ""
    pipeline: str = ""
    description: str = ""
    entry_criteria: Texts = ()
    exit_criteria: Texts = ()
    steps: Texts = ()
    duration: str = ""
    tools: Texts = ()
    tips: Texts = ()
    mistakes: Texts = ()
    tags: Texts = ()


@dataclass(frozen=True)
class Option:
    answer: str
    next: str
    objection: str = ""


@dataclass(frozen=True)
class Step:
    id: str
    say: str
    title: str = ""
    note: str = ""
    next: str = ""
    options: tuple[Option, ...] = ()
    outcome: str = ""

    @property
    def heading(self) -> str:
        """The step's title, or its first words when it has none."""
        words = self.say.split()
        return self.title or " ".join(words[:_HEADING_WORDS]) + ("…" if len(words) > _HEADING_WORDS else "")


@dataclass(frozen=True)
class Script(Entity):
    stage: str = ""
    goal: str = ""
    channel: str = ""
    summary: str = ""
    preparation: Texts = ()
    steps: tuple[Step, ...] = ()
    tags: Texts = ()

    def number(self, step_id: str) -> int:
        """The 1-based position of a step, as the script's text numbers it."""
        return next(i for i, step in enumerate(self.steps, 1) if step.id == step_id)


@dataclass(frozen=True)
class Response:
    approach: str
    say: str
    when: str = ""


@dataclass(frozen=True)
class Objection(Entity):
    category: str = ""
    aliases: Texts = ()
    meaning: str = ""
    stages: Texts = ()
    responses: tuple[Response, ...] = ()
    avoid: Texts = ()
    tags: Texts = ()


@dataclass(frozen=True)
class Thresholds:
    good: float
    critical: float


@dataclass(frozen=True)
class Kpi(Entity):
    description: str = ""
    unit: str = ""
    direction: str = ""
    target: float = 0
    period: str = ""
    formula: str = ""
    thresholds: Thresholds | None = None
    stage: str = ""
    sources: Texts = ()
    actions: Texts = ()
    tags: Texts = ()


@dataclass(frozen=True)
class CrmField:
    id: str
    label: str
    type: str
    description: str = ""
    required_from: str = ""
    values: Texts = ()
    entity: str = ""
    format: str = ""
    example: str = ""
    rules: Texts = ()


@dataclass(frozen=True)
class CrmEntity(Entity):
    description: str = ""
    fields: tuple[CrmField, ...] = ()
    rules: Texts = ()
    duplicates: str = ""
    tags: Texts = ()

    def field(self, field_id: str) -> CrmField:
        return next(f for f in self.fields if f.id == field_id)


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    required: bool = True
    hint: str = ""


@dataclass(frozen=True)
class Checklist(Entity):
    description: str = ""
    stage: str = ""
    items: tuple[ChecklistItem, ...] = ()
    tags: Texts = ()


@dataclass(frozen=True)
class Document(Entity):
    kind: str = ""
    template: str = ""
    description: str = ""
    stage: str = ""
    approvers: Texts = ()
    sample: str = ""
    fields: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    tags: Texts = ()


@dataclass(frozen=True)
class Sample(Entity):
    description: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


# the kind (as in generator.kinds) of each entity that has a file of its own
_KINDS: Mapping[type[Entity], str] = {
    Stage: "stage",
    Script: "script",
    Objection: "objection",
    Kpi: "kpi",
    CrmEntity: "crm",
    Checklist: "checklist",
    Document: "document",
    Sample: "sample",
}


def kind_of(entity: Entity) -> str:
    """The kind name of an entity; a plain Entity stands for playbook.yml."""
    return _KINDS.get(type(entity), "playbook")


@dataclass(frozen=True)
class GatedField:
    """A CRM field that must be filled before a deal leaves a stage."""

    entity: CrmEntity
    field: CrmField


@dataclass(frozen=True)
class Overdue:
    """An entity whose review fell due before the day asked about."""

    entity: Entity
    due: date


@dataclass(frozen=True)
class Playbook:
    title: str
    language: str
    currency: str
    description: str
    company: Mapping[str, Any]
    vat_rate: float | None
    vat_rates: tuple[float, ...]
    path: str
    roles: Mapping[str, Role]
    objection_categories: Mapping[str, str]
    pipelines: Mapping[str, Pipeline]
    stages: Mapping[str, Stage]
    scripts: Mapping[str, Script]
    objections: Mapping[str, Objection]
    kpis: Mapping[str, Kpi]
    crm: Mapping[str, CrmEntity]
    checklists: Mapping[str, Checklist]
    documents: Mapping[str, Document]
    samples: Mapping[str, Sample]
    about: Entity  # playbook.yml itself, which has an owner and a review date too
    review: ReviewPolicy = field(default_factory=ReviewPolicy)

    # derived reverse links: each built once, on first use
    @cached_property
    def _by_stage(self) -> dict[str, dict[str, list[Any]]]:
        links: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for script in self.scripts.values():
            links[script.stage]["scripts"].append(script)
        for objection in self.objections.values():
            for stage in objection.stages:
                links[stage]["objections"].append(objection)
        for kind, group in (
            ("checklists", self.checklists),
            ("documents", self.documents),
            ("kpis", self.kpis),
        ):
            for entity in group.values():
                if entity.stage:
                    links[entity.stage][kind].append(entity)
        for crm in self.crm.values():
            for crm_field in crm.fields:
                if crm_field.required_from:
                    links[crm_field.required_from]["gated"].append(GatedField(crm, crm_field))
        return links

    @cached_property
    def _scripts_by_objection(self) -> dict[str, list[Script]]:
        found: dict[str, list[Script]] = defaultdict(list)
        for script in self.scripts.values():
            for objection in dict.fromkeys(
                o.objection for step in script.steps for o in step.options if o.objection
            ):
                found[objection].append(script)
        return found

    def scripts_of(self, stage: str) -> list[Script]:
        return list(self._by_stage[stage]["scripts"])

    def objections_of(self, stage: str) -> list[Objection]:
        return list(self._by_stage[stage]["objections"])

    def scripts_answering(self, objection: str) -> list[Script]:
        """Scripts in which a client's answer is this objection."""
        return list(self._scripts_by_objection[objection])

    def checklists_of(self, stage: str) -> list[Checklist]:
        return list(self._by_stage[stage]["checklists"])

    def documents_of(self, stage: str) -> list[Document]:
        return list(self._by_stage[stage]["documents"])

    def kpis_of(self, stage: str) -> list[Kpi]:
        return list(self._by_stage[stage]["kpis"])

    def gated_fields(self, stage: str) -> list[GatedField]:
        return list(self._by_stage[stage]["gated"])

    def groups(self) -> dict[str, Mapping[str, Entity]]:
        """The entities that have a file of their own, by their folder, in the site's order."""
        return {
            "stages": self.stages,
            "scripts": self.scripts,
            "objections": self.objections,
            "kpis": self.kpis,
            "crm": self.crm,
            "checklists": self.checklists,
            "documents": self.documents,
            "samples": self.samples,
        }

    def owned_by(self, role: str) -> dict[str, list[Entity]]:
        """What a role owns or approves, by the kind of thing (samples have no page to list)."""
        owned = {
            folder: [e for e in group.values() if e.owner == role]
            for folder, group in self.groups().items()
            if folder != "samples"
        }
        owned["approvals"] = [d for d in self.documents.values() if role in d.approvers]
        return owned

    def due(self, entity: Entity) -> date | None:
        """The day an entity's next review is due, or None when it was never reviewed."""
        return self.review.due(kind_of(entity), entity.reviewed) if entity.reviewed else None

    def overdue(self, today: date) -> list[Overdue]:
        """Everything whose review fell due before ``today``, longest overdue first."""
        everything = [self.about, *(e for group in self.groups().values() for e in group.values())]
        found = [Overdue(e, due) for e in everything if (due := self.due(e)) is not None and due < today]
        return sorted(found, key=lambda o: (o.due, o.entity.path))

    def tagged(self) -> dict[str, list[Entity]]:
        tags: dict[str, list[Entity]] = defaultdict(list)
        for group in (
            self.stages,
            self.scripts,
            self.objections,
            self.kpis,
            self.crm,
            self.checklists,
            self.documents,
        ):
            for entity in group.values():
                for tag in getattr(entity, "tags", ()):
                    tags[tag].append(entity)
        return dict(sorted(tags.items()))

    def stages_in_order(self) -> list[Stage]:
        return [self.stages[s] for p in self.pipelines.values() for s in p.stages if s in self.stages]


def build_model(source: Source) -> Playbook:
    """The playbook of a source that validated without errors."""
    playbook = source.playbook
    assert playbook is not None, "build_model needs a validated source"
    data = playbook.data
    pipeline_of = {stage: pid for pid, p in data["pipelines"].items() for stage in p["stages"]}

    def files(kind: str) -> Iterable[SourceFile]:
        return sorted(source.of_kind(BY_NAME[kind]), key=lambda f: f.id)

    return Playbook(
        title=data["title"],
        language=data["language"],
        currency=data["currency"],
        description=data.get("description", ""),
        company=data["company"],
        vat_rate=data.get("vat_rate"),
        vat_rates=tuple(data.get("vat_rates", ())),
        path=playbook.path,
        roles={
            rid: Role(
                rid, r["name"], playbook.path, description=r.get("description", ""), team=r.get("team", "")
            )
            for rid, r in data["roles"].items()
        },
        objection_categories=dict(data.get("objection_categories", {})),
        pipelines={
            pid: Pipeline(
                pid, p["name"], playbook.path, description=p.get("description", ""), stages=tuple(p["stages"])
            )
            for pid, p in data["pipelines"].items()
        },
        stages={f.id: _entity(Stage, f, pipeline=pipeline_of.get(f.id, "")) for f in files("stage")},
        scripts={
            f.id: _entity(Script, f, steps=tuple(_step(s) for s in f.data["steps"])) for f in files("script")
        },
        objections={
            f.id: _entity(Objection, f, responses=tuple(Response(**r) for r in f.data["responses"]))
            for f in files("objection")
        },
        kpis={
            f.id: _entity(
                Kpi, f, thresholds=Thresholds(**f.data["thresholds"]) if "thresholds" in f.data else None
            )
            for f in files("kpi")
        },
        crm={
            f.id: _entity(CrmEntity, f, fields=tuple(_crm_field(x) for x in f.data["fields"]))
            for f in files("crm")
        },
        checklists={
            f.id: _entity(Checklist, f, items=tuple(ChecklistItem(**i) for i in f.data["items"]))
            for f in files("checklist")
        },
        documents={f.id: _entity(Document, f) for f in files("document")},
        samples={f.id: _entity(Sample, f) for f in files("sample")},
        about=Entity(
            "playbook",
            data["title"],
            playbook.path,
            data.get("owner", ""),
            date.fromisoformat(data["reviewed"]) if "reviewed" in data else None,
        ),
        review=ReviewPolicy.of(data),
    )


def _entity(cls: type[E], file: SourceFile, **overrides: Any) -> E:
    values = {key: _frozen(value) for key, value in file.data.items()}
    if "reviewed" in values:
        values["reviewed"] = date.fromisoformat(values["reviewed"])
    values.update(overrides)
    return cls(id=file.id, path=file.path, **values)


def _frozen(value: Any) -> Any:
    """Lists become tuples, so entities stay immutable and hashable where they can be."""
    return tuple(value) if isinstance(value, list) else value


def _step(data: dict[str, Any]) -> Step:
    options = tuple(Option(**option) for option in data.get("options", ()))
    return Step(**{**data, "options": options})


def _crm_field(data: dict[str, Any]) -> CrmField:
    values: dict[str, Any] = {key: _frozen(value) for key, value in data.items()}
    if "example" in values:
        values["example"] = str(values["example"])
    return CrmField(**values)
