"""What every entity with a file of its own has, and how a kind's model class is made from a file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from generator.source import SourceFile

Texts = tuple[str, ...]


@dataclass(frozen=True)
class Entity:
    """An id, a name, the file it comes from, and who keeps it (roles and pipelines, which live
    in playbook.yml, have neither owner nor review of their own)."""

    id: str
    name: str
    path: str
    owner: str = ""
    reviewed: date | None = None


E = TypeVar("E", bound=Entity)


def from_file(
    cls: type[E], file: SourceFile, renamed: Mapping[str, str] | None = None, **overrides: Any
) -> E:
    """An entity of model class ``cls`` from a schema-valid file: each key of the file becomes the
    field of the same name (or the one ``renamed`` gives), lists become tuples and ``reviewed`` a
    date; ``overrides`` replace what needs more than copying (typed parts, derived values)."""
    names = renamed or {}
    values = {names.get(key, key): frozen(value) for key, value in file.data.items()}
    if "reviewed" in values:
        values["reviewed"] = date.fromisoformat(values["reviewed"])
    values.update(overrides)
    return cls(id=file.id, path=file.path, **values)


def frozen(value: Any) -> Any:
    """Lists become tuples, so entities stay immutable and hashable where they can be."""
    return tuple(value) if isinstance(value, list) else value
