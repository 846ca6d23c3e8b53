"""The JSON Schemas of every kind: loaded once, bundled self-contained, compiled for validation.

Two annotations of our own ride in the schemas: ``x-ref`` marks a value that names an entity of
another kind (the reference checker finds every such place from the schemas, so a new reference
needs no code), and ``x-message`` gives a readable sentence for a failing pattern or choice.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema
import jsonschema_rs

from generator.kinds import KINDS, Kind, package_data

DEFS_FILE = "defs.schema.json"
ANY = None  # a path element standing for every item of a list or every value of a mapping
PathPattern = tuple[str | None, ...]


@dataclass(frozen=True)
class CompiledSchema:
    kind: Kind
    schema: dict[str, Any]
    fast: Any  # jsonschema_rs validator: answers "valid or not" in microseconds
    detailed: jsonschema.protocols.Validator  # explains why, with paths, for the few invalid files
    references: tuple[tuple[PathPattern, str], ...]  # where values name other entities, and of what kind


def bundle(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A self-contained copy of ``schema``: shared definitions copied in, references made local."""
    bundled = _localize(copy.deepcopy(schema))
    own = bundled.setdefault("$defs", {})
    for name, definition in defs["$defs"].items():
        if name in own:
            raise ValueError(f"schema definition '{name}' is defined twice")
        own[name] = copy.deepcopy(definition)
    return dict(bundled)


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
    folder = package_data("schemas")
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
            detailed=jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            ),
            references=tuple(_references(schema, schema, ())),
        )
    return result


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


def values_at(data: Any, pattern: PathPattern) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every value in ``data`` whose path matches ``pattern``, with its concrete path."""
    if not pattern:
        yield (), data
        return
    head, rest = pattern[0], pattern[1:]
    if head is ANY:
        items: Any = (
            data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
        )
    else:
        items = [(head, data[head])] if isinstance(data, dict) and head in data else ()
    for key, value in items:
        for sub_path, found in values_at(value, rest):
            yield (key, *sub_path), found
