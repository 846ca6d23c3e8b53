"""CRM entity checks: field ids and enum values unique, formats are valid regexes that examples match."""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.load import SourceFile


def check_crm(file: SourceFile) -> list[Diagnostic]:
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
