"""The playbook: playbook.yml's head (title, company, roles, pipelines) and the entities of every
kind, with the reverse links derived.

References are authored one way (a script names its stage); the schemas say where (``x-ref``),
so the reverse — the scripts of a stage, the objections met there, the scripts in which a client
raises an objection — is found for every kind alike. Built only from a source that validated
without errors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from generator.documents.context import Seller
from generator.documents.fields import VatRates
from generator.documents.sellers import Sellers
from generator.kinds import PLAYBOOK, WITH_FILES, kind_of
from generator.kinds.entity import E, Entity
from generator.kinds.objection import Category, Objection, categories
from generator.kinds.playbook import Pipeline, Role, pipelines, roles
from generator.kinds.stage import Stage
from generator.review import ReviewPolicy
from generator.schemas import compiled
from generator.source import PathElement, Source, values_at

Reference = tuple[str, str]  # what a value names: a reference kind (stage, role, crm-field…) and an id


@dataclass(frozen=True)
class Overdue:
    """An entity whose review fell due before the day asked about."""

    entity: Entity
    due: date


@dataclass(frozen=True)
class Link:
    """An entity naming another, and where in its file (the field, without indexes)."""

    entity: Entity
    field: tuple[str, ...]


@dataclass(frozen=True)
class Playbook:
    """The validated standards: playbook.yml's head, and every kind's entities by kind and id."""

    title: str
    language: str
    currency: str
    locale: str  # how documents write figures and dates: playbook.yml's locale, else its language
    description: str
    company: Mapping[str, Any]
    vat_rate: float | None
    vat_rates: tuple[float, ...]
    roles: Mapping[str, Role]
    objection_categories: Mapping[str, Category]
    pipelines: Mapping[str, Pipeline]
    about: Entity  # playbook.yml itself, which has an owner and a review date too
    # kind name -> id -> entity, in the registry's order; templates read ``pb.entities.stage``
    entities: Mapping[str, Mapping[str, Entity]]
    links: Mapping[Reference, tuple[Link, ...]] = field(default_factory=dict)  # who names what
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    other_sellers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # playbook.yml's sellers

    def of(self, model: type[E]) -> Mapping[str, E]:
        """The entities of the kind whose model class is ``model``, by id."""
        for kind in WITH_FILES:
            if kind.model is model:
                return self.entities[kind.name]  # type: ignore[return-value]
        raise KeyError(model.__name__)

    def everything(self) -> Iterator[Entity]:
        """Every entity with a file of its own, kind by kind in the registry's order."""
        for group in self.entities.values():
            yield from group.values()

    def referring(self, target: Entity, kind: str, field: str | None = None) -> list[Entity]:
        """The entities of ``kind`` that name ``target`` — in ``field`` when given, as a dotted path
        without indexes ("approvers", "fields.required_from") — each once, by id."""
        reference = ("role" if isinstance(target, Role) else kind_of(target).name, target.id)
        path = tuple(field.split(".")) if field else None
        wanted = self.entities[kind]
        found: dict[str, Entity] = {}
        for link in self.links.get(reference, ()):
            if wanted.get(link.entity.id) is link.entity and path in (None, link.field):
                found.setdefault(link.entity.id, link.entity)
        return list(found.values())

    def objection_library(self) -> list[tuple[Category, list[Objection]]]:
        """Each category with objections, in the playbook's order, with its objections in theirs."""
        objections = self.of(Objection).values()  # already in the library's order
        grouped = [
            (category, [o for o in objections if o.category == category.id])
            for category in self.objection_categories.values()
        ]
        return [(category, group) for category, group in grouped if group]

    def funnel(self) -> list[tuple[Pipeline, list[Stage]]]:
        """Each pipeline with its stages, in order."""
        stages = self.of(Stage)
        return [(p, [stages[s] for s in p.stages]) for p in self.pipelines.values()]

    @cached_property
    def seller(self) -> Seller:
        """The company as documents need it: its requisites, currency and VAT rates."""
        return self._seller(self.company)

    @cached_property
    def sellers(self) -> Sellers:
        """Who may issue a deal's documents: the company, and playbook.yml's other sellers."""
        return Sellers(self.seller, {name: self._seller(c) for name, c in self.other_sellers.items()})

    def _seller(self, company: Mapping[str, Any]) -> Seller:
        return Seller.of(company, self.currency, VatRates.of(self.vat_rate, self.vat_rates), self.locale)

    def owned_by(self, role: str) -> dict[str, list[Entity]]:
        """What a role owns, by kind name, for the kinds that have pages."""
        return {
            kind.name: [e for e in self.entities[kind.name].values() if e.owner == role]
            for kind in WITH_FILES
            if kind.pages is not None
        }

    def due(self, entity: Entity) -> date | None:
        """The day an entity's next review is due, or None when it was never reviewed."""
        return self.review.due(kind_of(entity).name, entity.reviewed) if entity.reviewed else None

    def overdue(self, today: date) -> list[Overdue]:
        """Everything whose review fell due before ``today``, longest overdue first."""
        found = [
            Overdue(e, due)
            for e in (self.about, *self.everything())
            if (due := self.due(e)) is not None and due < today
        ]
        return sorted(found, key=lambda o: (o.due, o.entity.path))

    def tagged(self) -> dict[str, list[Entity]]:
        tags: dict[str, list[Entity]] = defaultdict(list)
        for entity in self.everything():
            for tag in getattr(entity, "tags", ()):
                tags[tag].append(entity)
        return dict(sorted(tags.items()))


def build_model(source: Source) -> Playbook:
    """The playbook of a source that validated without errors."""
    head = source.playbook
    assert head is not None, "build_model needs a validated source"
    data = head.data
    entities: dict[str, dict[str, Entity]] = {}
    links: dict[Reference, list[Link]] = defaultdict(list)
    schemas = compiled()
    for kind in WITH_FILES:
        entities[kind.name] = {}
        for file in sorted(source.of_kind(kind), key=lambda f: f.id):
            entity = entities[kind.name][file.id] = kind.build(file, data)
            for pattern, target in schemas[kind.name].references:
                for path, value in values_at(file.data, pattern):
                    links[(target, value)].append(Link(entity, _field(path)))
        if kind.arrange is not None:
            entities[kind.name] = {e.id: e for e in kind.arrange(list(entities[kind.name].values()), data)}
    return Playbook(
        title=data["title"],
        language=data["language"],
        currency=data["currency"],
        locale=data.get("locale", data["language"]),
        description=data.get("description", ""),
        company=data["company"],
        vat_rate=data.get("vat_rate"),
        vat_rates=tuple(data.get("vat_rates", ())),
        roles=roles(head),
        objection_categories=categories(data),
        pipelines=pipelines(head),
        about=PLAYBOOK.build(head, data),
        entities=entities,
        links={reference: tuple(found) for reference, found in links.items()},
        review=ReviewPolicy.of(data),
        other_sellers=data.get("sellers", {}),
    )


def _field(path: Sequence[PathElement]) -> tuple[str, ...]:
    return tuple(element for element in path if isinstance(element, str))
