"""Sample deals: the data a document is filled with on the site, as a seller would fill it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.kinds.entity import Entity, from_file
from generator.kinds.kind import Kind
from generator.source import SourceFile


@dataclass(frozen=True)
class Sample(Entity):
    description: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Sample:
    return from_file(Sample, file)


# shown only inside the documents that use them: no pages of their own
KIND = Kind(name="sample", noun="sample deal", folder="samples", model=Sample, build=build)
