"""CRM rules: an entity's fields, how each is filled, and from which stage a deal may not go on
without it (`required_from`, the stage gate)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, did_you_mean, error, warning
from generator.kinds.entity import Entity, Texts, from_file, frozen
from generator.kinds.kind import Kind, Pages, Scope, each_file
from generator.source import SourceFile


@dataclass(frozen=True)
class CrmField:
    id: str
    label: str
    type: str
    description: str = ""
    required_from: str = ""  # the stage a deal cannot leave without it
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

    def gated_at(self, stage: str) -> tuple[CrmField, ...]:
        """The fields that must be filled before a deal leaves ``stage``."""
        return tuple(f for f in self.fields if f.required_from == stage)


def build(file: SourceFile, playbook: Mapping[str, Any]) -> CrmEntity:
    return from_file(CrmEntity, file, fields=tuple(_field(x) for x in file.data["fields"]))


def _field(data: dict[str, Any]) -> CrmField:
    values: dict[str, Any] = {key: frozen(value) for key, value in data.items()}
    if "example" in values:
        values["example"] = str(values["example"])
    return CrmField(**values)


def check_fields(file: SourceFile) -> list[Diagnostic]:
    """Field ids and enum values unique, formats valid regular expressions that the examples match."""
    fields: list[dict[str, Any]] = file.data["fields"]
    found: list[Diagnostic] = []
    first: dict[str, int] = {}  # field id -> index of its first occurrence
    for i, field in enumerate(fields):

        def at(*path: str | int, i: int = i) -> tuple[int, int]:
            return file.position(["fields", i, *path])

        if field["id"] in first:
            found.append(
                error(
                    file.path,
                    at("id"),
                    f"field id '{field['id']}' is used twice (first at line {at('id', i=first[field['id']])[0]})",
                    "crm-field",
                )
            )
        else:
            first[field["id"]] = i
        values = field.get("values", [])
        for j, value in enumerate(values):
            if value in values[:j]:
                found.append(
                    error(file.path, at("values", j), f"value {value!r} is listed twice", "crm-enum")
                )
        if values and field["type"] != "enum":
            found.append(
                warning(
                    file.path,
                    at("values"),
                    f"'values' is used only by fields of type enum, and this field is {field['type']}",
                    "crm-enum",
                )
            )
        pattern = None
        if "format" in field:
            try:
                pattern = re.compile(field["format"])
            except re.error as exc:
                found.append(
                    error(
                        file.path,
                        at("format"),
                        f"format is not a valid regular expression: {exc.msg} at position {exc.pos}",
                        "crm-format",
                    )
                )
        if "example" in field:
            example = str(field["example"])
            if pattern is not None and not pattern.fullmatch(example):
                found.append(
                    error(
                        file.path,
                        at("example"),
                        f"example {example!r} does not match the field's format {field['format']}",
                        "crm-example",
                    )
                )
            if values and example not in values:
                found.append(
                    error(
                        file.path,
                        at("example"),
                        f"example {example!r} is not one of the field's values",
                        "crm-example",
                    )
                )
    return found


def check_lost(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """playbook.yml's ``analytics.lost``: its value is one the field can hold, and its reason a
    field of the same entity — else the dashboard would show no losses, silently. (That both
    fields exist is the references' check.)"""
    head = scope.playbook
    analytics = head.data.get("analytics", {}) if head else {}
    lost = analytics.get("lost") if isinstance(analytics, Mapping) else None
    if head is None or not isinstance(lost, Mapping):
        return
    entity, _, name = str(lost["field"]).partition(".")
    fields = {f["id"]: f for file in files if file.id == entity for f in file.data["fields"]}
    field = fields.get(name)
    values = [str(v) for v in field.get("values") or []] if field else []
    if field is not None and field.get("type") == "enum" and lost["value"] not in values:
        hint = did_you_mean(str(lost["value"]), values) or f": its values are {', '.join(values)}"
        yield error(
            head.path,
            head.position(["analytics", "lost", "value"]),
            f"{lost['field']} is never {lost['value']!r}{hint}",
            "analytics-lost",
        )
    reason_entity = str(lost["reason"]).partition(".")[0]
    if fields and reason_entity != entity:
        yield error(
            head.path,
            head.position(["analytics", "lost", "reason"]),
            f"the reason must be a field of {entity}, as {lost['field']} is: {lost['reason']} is of {reason_entity}",
            "analytics-lost",
        )


KIND = Kind(
    name="crm",
    noun="CRM entity",
    folder="crm",
    model=CrmEntity,
    build=build,
    checks=(each_file(check_fields), check_lost),
    # the stage × field matrix needs the whole width at 1,366 px: seven stages and the field names
    pages=Pages(page="crm-entity.md.j2", title="crm", index="crm.md.j2", wide_index=True),
)
