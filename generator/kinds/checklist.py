"""Checklists: what to check at a stage (or for onboarding), item by item."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import Kind, Pages
from generator.source import SourceFile


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


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Checklist:
    return from_file(Checklist, file, items=tuple(ChecklistItem(**i) for i in file.data["items"]))


KIND = Kind(
    name="checklist",
    noun="checklist",
    folder="checklists",
    model=Checklist,
    build=build,
    pages=Pages(page="checklist.md.j2", title="checklists", index="checklists.md.j2"),
)
