"""What changed in the standards between two sources: entity by entity, field by field.

Pure: two loaded `Source`s in, a list of `Change`s out, compared on the parsed values (never as
text), so re-indenting a file or reordering its keys is no change, and a changed sentence is
reported at its place (`exit_criteria[1]`). Words for people come from the site's labels.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from generator.kinds import KINDS, PLAYBOOK
from generator.kinds.document import KIND as DOCUMENT
from generator.kinds.kind import Kind
from generator.source import PathElement, Source, SourceFile, where


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class _Absent:
    """The value of a field on the side that does not have it."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class FieldChange:
    path: tuple[PathElement, ...]
    old: Any  # ABSENT when the field was added
    new: Any  # ABSENT when the field was removed

    @property
    def where(self) -> str:
        return where(self.path)

    def as_dict(self) -> dict[str, Any]:
        values = {"old": self.old, "new": self.new}
        return {"path": self.where, **{key: value for key, value in values.items() if value is not ABSENT}}


@dataclass(frozen=True)
class Change:
    kind: Kind
    id: str
    action: Action
    name: str
    path: str  # the file, on the side that has it (the new one when both do)
    fields: tuple[FieldChange, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "kind": self.kind.name,
            "id": self.id,
            "action": self.action.value,
            "name": self.name,
            "path": self.path,
        }
        if self.action is Action.CHANGED:
            found["fields"] = [f.as_dict() for f in self.fields]
        return found


def diff(old: Source, new: Source) -> list[Change]:
    """Every entity added, removed or changed from ``old`` to ``new``, in the order of the kinds,
    then by id. A file that did not load on a side is not compared: its side had errors."""
    changes = []
    for kind in KINDS:
        before = {f.id: f for f in old.of_kind(kind)}
        after = {f.id: f for f in new.of_kind(kind)}
        unreadable = _unreadable(old, kind, before) | _unreadable(new, kind, after)
        for entity_id in sorted((before.keys() | after.keys()) - unreadable):
            a, b = before.get(entity_id), after.get(entity_id)
            if a is None and b is not None:
                changes.append(Change(kind, entity_id, Action.ADDED, _name(b), b.path))
            elif b is None and a is not None:
                changes.append(Change(kind, entity_id, Action.REMOVED, _name(a), a.path))
            elif a is not None and b is not None:
                fields = tuple(_compare(a.data, b.data, ()))
                if kind is DOCUMENT:
                    fields += tuple(_template_change(old, a, new, b))
                if fields:
                    changes.append(Change(kind, entity_id, Action.CHANGED, _name(b), b.path, fields))
    return changes


def _template_change(old: Source, a: SourceFile, new: Source, b: SourceFile) -> Iterator[FieldChange]:
    """A document whose .docx was edited (legal's clause, say) changed too, though its YAML did not."""
    before = old.template_bytes.get(str(a.data.get("template")))
    after = new.template_bytes.get(str(b.data.get("template")))
    if before is not None and after is not None and before != after:
        yield FieldChange(
            ("template_file",), _describe(b.data["template"], before), _describe(b.data["template"], after)
        )


def _describe(name: str, content: bytes) -> str:
    return f"{name}, {len(content):,} bytes, sha256 {hashlib.sha256(content).hexdigest()[:12]}"


def _unreadable(source: Source, kind: Kind, parsed: Mapping[str, SourceFile]) -> set[str]:
    """Ids of files that exist but did not load (playbook.yml is one file, named by its kind)."""
    if kind is PLAYBOOK:
        broken = any(d.path.endswith(f"/{PLAYBOOK.name}.yml") for d in source.diagnostics)
        return {PLAYBOOK.name} if broken and not parsed else set()
    return set(source.ids.get(kind.name, {})) - set(parsed)


def _name(file: SourceFile) -> str:
    data = file.data if isinstance(file.data, dict) else {}
    name = data.get("name", data.get("title", file.id))
    return name if isinstance(name, str) else file.id


def _compare(old: Any, new: Any, path: tuple[PathElement, ...]) -> Iterator[FieldChange]:
    if _same(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from _compare(old.get(key, ABSENT), new.get(key, ABSENT), (*path, key))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _compare_lists(old, new, path)
    else:
        yield FieldChange(path, old, new)


def _compare_lists(old: list[Any], new: list[Any], path: tuple[PathElement, ...]) -> Iterator[FieldChange]:
    """Items aligned as a text diff aligns lines, so one inserted item is one change, not a shift
    of every item after it. An added or changed item is named by its place in the new list, a
    removed one by its place in the old."""
    matcher = difflib.SequenceMatcher(None, [_key(v) for v in old], [_key(v) for v in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            yield from _compare(old[i1 + k], new[j1 + k], (*path, j1 + k))
        for i in range(i1 + paired, i2):
            yield FieldChange((*path, i), old[i], ABSENT)
        for j in range(j1 + paired, j2):
            yield FieldChange((*path, j), ABSENT, new[j])


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _same(old: Any, new: Any) -> bool:
    """Equal and of one type: `true` and `1` are equal in Python, not in the standards."""
    return type(old) is type(new) and old == new
