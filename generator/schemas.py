"""The JSON Schemas of every kind: loaded once, bundled self-contained, compiled for validation.

Three annotations of our own ride in the schemas: ``x-ref`` marks a value that names an entity
of another kind (the reference checker and the model's reverse links find every such place from
the schemas, so a new reference needs no code), ``x-message`` gives a readable sentence for a
failing pattern or choice, and ``x-each-kind`` stands for one property per kind in the registry
(playbook.yml's ``review_days``), filled in when a schema is bundled.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema
import jsonschema_rs

from generator.diagnostics import with_article
from generator.kinds import KINDS
from generator.kinds.kind import Kind
from generator.project import SCHEMAS, builtin
from generator.review import DEFAULT_DAYS
from generator.source import ANY, PathPattern

DEFS_FILE = "defs.schema.json"


@dataclass(frozen=True)
class CompiledSchema:
    kind: Kind
    schema: dict[str, Any]
    fast: Any  # jsonschema_rs validator: answers "valid or not" in microseconds
    detailed: jsonschema.protocols.Validator  # explains why, with paths, for the few invalid files
    references: tuple[tuple[PathPattern, str], ...]  # where values name other entities, and of what kind


def bundle(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A self-contained copy of ``schema``: shared definitions copied in, references made local,
    a property for every kind where it says ``x-each-kind``."""
    bundled = _each_kind(_localize(copy.deepcopy(schema)))
    own = bundled.setdefault("$defs", {})
    for name, definition in defs["$defs"].items():
        if name in own:
            raise ValueError(f"schema definition '{name}' is defined twice")
        own[name] = copy.deepcopy(definition)
    return dict(bundled)


def _each_kind(value: Any) -> Any:
    """``x-each-kind`` replaced by a property per kind (``{kind}``: "a stage"; ``{default}``: the
    kind's own review interval), and no other key allowed beside them."""
    if isinstance(value, list):
        return [_each_kind(item) for item in value]
    if not isinstance(value, dict):
        return value
    result = {key: _each_kind(item) for key, item in value.items() if key != "x-each-kind"}
    template = value.get("x-each-kind")
    if isinstance(template, dict):
        if isinstance(result.get("description"), str):
            result["description"] = result["description"].replace("{defaults}", _review_defaults())
        properties = result.setdefault("properties", {})
        for kind in KINDS:
            default = f" (default {kind.review_days})" if kind.review_days else ""
            description = str(template["description"]).format(kind=with_article(kind.noun), default=default)
            properties[kind.name] = {**template, "description": description}
        result["additionalProperties"] = False
    return result


def _review_defaults() -> str:
    """'each script and objection every 90 days, the rest every 180': the kinds' own intervals."""
    by_days: dict[int, list[str]] = {}
    for kind in KINDS:
        if kind.review_days is not None:
            by_days.setdefault(kind.review_days, []).append(kind.noun)
    parts = [f"each {' and '.join(nouns)} every {days} days" for days, nouns in by_days.items()]
    return ", ".join([*parts, f"the rest every {DEFAULT_DAYS}"])


def _localize(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                item.replace(DEFS_FILE, "", 1) if key == "$ref" and isinstance(item, str) else _localize(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_localize(item) for item in value]
    return value


@cache
def source_schemas() -> dict[str, dict[str, Any]]:
    """The schema files as shipped, by file name."""
    folder = builtin(SCHEMAS)
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.schema.json"))
    }


@cache
def compiled() -> dict[str, CompiledSchema]:
    """Every kind's bundled schema and validators, by kind name."""
    sources = source_schemas()
    result = {}
    for kind in KINDS:
        schema = bundle(sources[kind.schema_file], sources[DEFS_FILE])
        result[kind.name] = CompiledSchema(
            kind=kind,
            schema=schema,
            fast=jsonschema_rs.Draft202012Validator(schema, validate_formats=True),
            detailed=_Detailed(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER),
            references=tuple(_references(schema, schema, ())),
        )
    return result


def _whole_text_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """``pattern`` as JSON Schema (and the fast validator) means it: ``$`` is the end of the text.
    Python's ``$`` also matches before a final newline, which would let "@sales\\n" pass as a
    team and split the CODEOWNERS line it is written into."""
    if validator.is_type(instance, "string") and not _python_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _python_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` with each ``$`` that anchors (not escaped, not in a character class) as ``\\Z``."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = "\\Z"
        out.append(char)
    return re.compile("".join(out))


# the keyword functions of draft 2020-12, with `pattern` anchored as the schemas mean it
_Detailed: type[jsonschema.protocols.Validator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
    jsonschema.Draft202012Validator, {"pattern": _whole_text_pattern}
)


def resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/$defs/name``) once, merging the referring schema's own keywords."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return schema
    target = resolve(root, root["$defs"][ref.removeprefix("#/$defs/")])
    return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}


def _references(
    root: dict[str, Any], schema: dict[str, Any], path: PathPattern
) -> Iterator[tuple[PathPattern, str]]:
    schema = resolve(root, schema)
    if "x-ref" in schema:
        yield path, schema["x-ref"]
    for name, sub in schema.get("properties", {}).items():
        yield from _references(root, sub, (*path, name))
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _references(root, schema[key], (*path, ANY))
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in schema.get(key, []):
            yield from _references(root, sub, path)
