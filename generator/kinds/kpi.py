"""KPIs: what is measured, how, its target and thresholds, and who answers for it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, did_you_mean, error, warning
from generator.kinds.crm import KIND as CRM
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import Kind, Pages, Scope, each_file
from generator.kinds.playbook import PIPELINE_STAGES
from generator.kinds.stage import KIND as STAGE
from generator.source import PathElement, SourceFile, values_at


@dataclass(frozen=True)
class Thresholds:
    good: float
    critical: float


Scalar = str | int | float | bool


@dataclass(frozen=True)
class Condition:
    """A filter on one field: it holds one of ``values`` (none of them when ``negated``), or,
    with ``filled`` set, it is filled or empty."""

    field: str
    values: tuple[Scalar, ...] = ()
    negated: bool = False
    filled: bool | None = None


@dataclass(frozen=True)
class WorkingHours:
    """The working time a duration counts: minutes of the day it starts and ends at, and how many
    days of the week from Monday are working days."""

    start: int
    end: int
    days: int = 5


@dataclass(frozen=True)
class Measure:
    """The machine form of a KPI's formula (schemas/kpi.schema.json describes each key)."""

    aggregate: str
    entity: str = ""
    date: str = ""
    where: tuple[Condition, ...] = ()
    field: str = ""
    share: tuple[Condition, ...] = ()
    start: str = ""  # a duration's `from`
    end: str = ""  # a duration's `to`
    unit: str = ""  # a duration's `in`
    statistic: str = "average"
    working_hours: WorkingHours | None = None
    from_stage: str = ""
    to_stage: str = ""
    linked_by: str = ""
    numerator: Measure | None = None
    denominator: Measure | None = None
    minus: Measure | None = None
    by: Texts = ()

    @property
    def parts(self) -> tuple[Measure, ...]:
        """This measure and the ones it is made of."""
        inner = (self.numerator, self.denominator, self.minus)
        return (self, *(part for part in inner if part is not None))


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
    measure: Measure | None = None


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Kpi:
    thresholds = file.data.get("thresholds")
    measure = file.data.get("measure")
    return from_file(
        Kpi,
        file,
        thresholds=Thresholds(**thresholds) if thresholds else None,
        measure=_measure(measure) if measure else None,
    )


_WEEKS = {"mon-fri": 5, "mon-sat": 6, "mon-sun": 7}


def _measure(data: Mapping[str, Any]) -> Measure:
    hours = data.get("working_hours")
    return Measure(
        aggregate=data["aggregate"],
        entity=data.get("entity", ""),
        date=data.get("date", ""),
        where=_conditions(data.get("where", {})),
        field=data.get("field", ""),
        share=_conditions(data.get("share", {})),
        start=data.get("from", ""),
        end=data.get("to", ""),
        unit=data.get("in", ""),
        statistic=data.get("statistic", "average"),
        working_hours=WorkingHours(
            _minutes(hours["start"]), _minutes(hours["end"]), _WEEKS[hours.get("week", "mon-fri")]
        )
        if hours
        else None,
        from_stage=data.get("from_stage", ""),
        to_stage=data.get("to_stage", ""),
        linked_by=data.get("linked_by", ""),
        numerator=_measure(data["numerator"]) if "numerator" in data else None,
        denominator=_measure(data["denominator"]) if "denominator" in data else None,
        minus=_measure(data["minus"]) if "minus" in data else None,
        by=tuple(data.get("by", ())),
    )


def _conditions(data: Mapping[str, Any]) -> tuple[Condition, ...]:
    return tuple(_condition(field, wanted) for field, wanted in data.items())


def _condition(field: str, wanted: Any) -> Condition:
    if isinstance(wanted, dict) and "filled" in wanted:
        return Condition(field, filled=wanted["filled"])
    negated = isinstance(wanted, dict)
    values = wanted["not"] if negated else wanted
    return Condition(field, tuple(values) if isinstance(values, list) else (values,), negated=negated)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def check_thresholds(file: SourceFile) -> list[Diagnostic]:
    """Thresholds agree with the direction, and the target is not short of 'good'."""
    kpi = file.data
    thresholds = kpi.get("thresholds")
    if not thresholds:
        return []
    good, critical, target = thresholds["good"], thresholds["critical"], kpi["target"]
    higher = kpi["direction"] == "higher"
    found = []
    if (good <= critical) if higher else (good >= critical):
        side = "above" if higher else "below"
        found.append(
            error(
                file.path,
                file.position(["thresholds", "good"]),
                f"thresholds: where {'higher' if higher else 'lower'} is better, good ({good}) must be {side} critical ({critical})",
                "kpi-thresholds",
            )
        )
    elif (target < good) if higher else (target > good):
        found.append(
            warning(
                file.path,
                file.position(["target"]),
                f"target {target} is short of the 'good' threshold {good}: reaching the target would still not be on track",
                "kpi-thresholds",
            )
        )
    return found


MEASURE_CODE = "kpi-measure"
NUMBERS = ("integer", "number", "money", "percent")  # what sum, average and median can add up
DATES = ("date", "datetime")
StageNames = Sequence[tuple[str, str]]  # a pipeline's stages in order: (id, name)


def stage_field(
    fields: Sequence[Mapping[str, Any]], pipelines: Sequence[StageNames]
) -> tuple[str, dict[str, str]] | None:
    """The field that holds a record's stage — an enum each of whose values names a stage of one
    pipeline — and the stage id of each value, in the pipeline's order; None when there is none."""
    for field in fields:
        values = field.get("values") or []
        if field.get("type") != "enum" or not values:
            continue
        for stages in pipelines:
            ids = {name: stage for stage, name in stages}
            if all(value in ids for value in values):
                return field["id"], {name: stage for stage, name in stages if name in values}
    return None


def check_measures(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """A measure names fields its entity has, values those fields can hold, and aggregates that
    fit the fields' types; a duration is in the KPI's unit."""
    entities = {f.id: list(f.data["fields"]) for f in scope.files(CRM)}
    names = {f.id: str(f.data["name"]) for f in scope.files(STAGE)}
    head = scope.playbook
    pipelines: list[list[tuple[str, str]]] = (
        [
            [(str(stage), names.get(str(stage), str(stage))) for stage in stages]
            for _, stages in values_at(head.data, PIPELINE_STAGES[:3])
            if isinstance(stages, list)
        ]
        if head
        else []
    )
    if any(stage not in names for stages in pipelines for stage, _ in stages):
        pipelines = []  # a stage's file has errors of its own: its name, which CRM values name, is unknown
    for file in files:
        if "measure" in file.data:
            yield from _MeasureCheck(file, entities, pipelines).measure(file.data["measure"], ("measure",))


@dataclass(frozen=True)
class _MeasureCheck:
    file: SourceFile
    entities: Mapping[str, list[dict[str, Any]]]
    pipelines: Sequence[StageNames]

    def measure(self, data: Mapping[str, Any], at: tuple[PathElement, ...]) -> Iterator[Diagnostic]:
        parts = [(data, at)] + [
            (data[k], (*at, k)) for k in ("numerator", "denominator", "minus") if k in data
        ]
        for part, where in parts:
            if part.get("entity") in self.entities or part["aggregate"] == "ratio":
                yield from self.part(part, where)
        for i, field in enumerate(data.get("by", ())):
            for part, _ in parts:
                entity = part.get("entity")
                if entity in self.entities and part["aggregate"] != "ratio":
                    yield from self.known(entity, field, (*at, "by", i), "break down by")

    def part(self, data: Mapping[str, Any], at: tuple[PathElement, ...]) -> Iterator[Diagnostic]:
        if data["aggregate"] == "ratio":
            return
        entity = data["entity"]
        if "date" in data:
            yield from self.typed(entity, data["date"], (*at, "date"), DATES, "place records in a period")
        for key in ("where", "share"):
            for field, wanted in data.get(key, {}).items():
                yield from self.condition(entity, field, wanted, (*at, key, field))
        aggregate = data["aggregate"]
        if "field" in data:
            yield from self.typed(entity, data["field"], (*at, "field"), NUMBERS, f"take its {aggregate}")
        for key in ("from", "to"):
            if key in data:
                yield from self.typed(entity, data[key], (*at, key), DATES, "measure a duration")
        unit = self.file.data["unit"]
        if aggregate == "duration" and unit in ("minutes", "hours", "days") and data["in"] != unit:
            yield self.error((*at, "in"), f"the duration is in {data['in']}, and the KPI's unit is {unit}")
        if "linked_by" in data:
            yield from self.link(entity, data["linked_by"], (*at, "linked_by"))
        if aggregate == "conversion":
            yield from self.conversion(entity, data, at)

    def field(self, entity: str, field: str) -> dict[str, Any] | None:
        return next((f for f in self.entities[entity] if f["id"] == field), None)

    def known(
        self, entity: str, field: str, at: tuple[PathElement, ...], use: str, key: bool = False
    ) -> Iterator[Diagnostic]:
        if self.field(entity, field) is None:
            ids = [f["id"] for f in self.entities[entity]]
            message = f"{entity} has no field '{field}' to {use}{did_you_mean(field, ids)}"
            yield self.error(at, message, key)

    def typed(
        self, entity: str, name: str, at: tuple[PathElement, ...], types: Sequence[str], use: str
    ) -> Iterator[Diagnostic]:
        field = self.field(entity, name)
        if field is None:
            yield from self.known(entity, name, at, use)
        elif field["type"] not in types:
            kinds = " or ".join(types) if len(types) < 3 else f"one of {', '.join(types)}"
            yield self.error(at, f"{entity}.{name} is {field['type']}: to {use} it must be {kinds}")

    def condition(
        self, entity: str, name: str, wanted: Any, at: tuple[PathElement, ...]
    ) -> Iterator[Diagnostic]:
        field = self.field(entity, name)
        if field is None:
            yield from self.known(entity, name, at, "filter on", key=True)
            return
        if isinstance(wanted, dict) and "filled" in wanted:
            return
        values = wanted.get("not") if isinstance(wanted, dict) else wanted
        listed = values if isinstance(values, list) else [values]
        for i, value in enumerate(listed):
            where = (
                *at,
                *(("not",) if isinstance(wanted, dict) else ()),
                *((i,) if isinstance(values, list) else ()),
            )
            problem = _misfit(field, value)
            if problem:
                yield self.error(where, f"{entity}.{name} {problem}")

    def link(self, entity: str, ref: str, at: tuple[PathElement, ...]) -> Iterator[Diagnostic]:
        owner, _, name = ref.partition(".")
        field = self.field(owner, name) if owner in self.entities else None
        if field is not None and (field["type"] != "link" or field.get("entity") != entity):
            yield self.error(
                at,
                f"linked_by needs a link field to {entity}, and {ref} is {field['type']}"
                + (f" to {field['entity']}" if field.get("entity") else ""),
            )

    def conversion(
        self, entity: str, data: Mapping[str, Any], at: tuple[PathElement, ...]
    ) -> Iterator[Diagnostic]:
        if not self.pipelines:
            return
        found = stage_field(self.entities[entity], self.pipelines)
        if found is None:
            # a warning: a stage renamed before its CRM value leaves the site to build, this KPI no value
            position = self.file.position([*at, "aggregate"])
            yield warning(
                self.file.path,
                position,
                f"measure: conversion needs a stage field on {entity}: an enum whose values are the names of"
                f" a pipeline's stages{_nearest(entity, self.entities[entity], self.pipelines)}; analyze gives"
                " this KPI no value until they match",
                MEASURE_CODE,
            )
            return
        order = list(found[1].values())
        for key in ("from_stage", "to_stage"):
            if data[key] not in order:
                yield self.error(
                    (*at, key),
                    f"stage '{data[key]}' is not one {entity}.{found[0]} can hold ({', '.join(order)})",
                )
        if (
            data["from_stage"] in order
            and data["to_stage"] in order
            and order.index(data["to_stage"]) <= order.index(data["from_stage"])
        ):
            yield self.error(
                (*at, "to_stage"), f"stage '{data['to_stage']}' does not come after '{data['from_stage']}'"
            )

    def error(self, at: tuple[PathElement, ...], message: str, key: bool = False) -> Diagnostic:
        position = self.file.position(list(at), key=key)
        return error(self.file.path, position, f"measure: {message}", MEASURE_CODE)


def _nearest(entity: str, fields: Sequence[Mapping[str, Any]], pipelines: Sequence[StageNames]) -> str:
    """Which values of the enum field nearest to a stage field name no stage, and the stages'
    names ('' when no enum field names any stage)."""
    best: tuple[int, str, list[str], list[str]] = (0, "", [], [])
    for field in fields:
        values = [str(v) for v in field.get("values") or []] if field.get("type") == "enum" else []
        for stages in pipelines:
            named = [name for _, name in stages]
            matching = sum(value in named for value in values)
            if matching > best[0]:
                best = (matching, str(field["id"]), [v for v in values if v not in named], named)
    if not best[0]:
        return ""
    _, field_id, unmatched, named = best
    listed = ", ".join(f"«{value}»" for value in unmatched)
    which = "value" if len(unmatched) == 1 else "values"
    return f"; {entity}.{field_id}'s {which} {listed} {'names' if len(unmatched) == 1 else 'name'} no stage (the stages: {', '.join(named)})"


def _misfit(field: Mapping[str, Any], value: Any) -> str:
    """What is wrong with filtering ``field`` on ``value`` ('' when nothing)."""
    kind = field["type"]
    if kind == "boolean":
        return "" if isinstance(value, bool) else "is a boolean: write true or false"
    if kind in NUMBERS:
        return (
            ""
            if isinstance(value, int | float) and not isinstance(value, bool)
            else f"is {kind}: write a number"
        )
    if kind == "enum" and value not in field["values"]:
        hint = did_you_mean(str(value), field["values"]) or f": its values are {', '.join(field['values'])}"
        return f"cannot be {value!r}{hint}"
    return ""


KIND = Kind(
    name="kpi",
    noun="KPI",
    folder="kpis",
    model=Kpi,
    build=build,
    checks=(each_file(check_thresholds), check_measures),
    pages=Pages(page="kpi.md.j2", title="kpi_catalogue", index="kpis.md.j2"),
)
