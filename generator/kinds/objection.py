"""Objections: what a client says (in every wording clients use), what stands behind it, and the
answers that work."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, warning
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import Kind, Pages, Scope
from generator.source import PathElement, SourceFile


@dataclass(frozen=True)
class Response:
    approach: str
    say: str
    when: str = ""


@dataclass(frozen=True)
class Objection(Entity):
    category: str = ""
    aliases: Texts = ()
    meaning: str = ""
    stages: Texts = ()
    responses: tuple[Response, ...] = ()
    avoid: Texts = ()
    tags: Texts = ()


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Objection:
    return from_file(Objection, file, responses=tuple(Response(**r) for r in file.data["responses"]))


def check_wordings(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """Each way a client says an objection leads to one objection only, or search gives two answers."""
    owner: dict[str, str] = {}
    for file in files:
        wordings: list[tuple[list[PathElement], str]] = [(["name"], file.data["name"])]
        wordings += [(["aliases", i], alias) for i, alias in enumerate(file.data.get("aliases", []))]
        for path, wording in wordings:
            key = _normal(wording)
            if key not in owner:
                owner[key] = file.id
            elif owner[key] == file.id:
                yield warning(
                    file.path,
                    file.position(path),
                    f"{wording!r} repeats another wording of this objection",
                    "objection-wording",
                )
            else:
                yield warning(
                    file.path,
                    file.position(path),
                    f"{wording!r} is also a wording of objection '{owner[key]}'",
                    "objection-wording",
                )


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


KIND = Kind(
    name="objection",
    noun="objection",
    folder="objections",
    model=Objection,
    build=build,
    checks=(check_wordings,),
    # an objection is found by the client's words: its page ranks first in search
    pages=Pages(page="objection.md.j2", title="objection_library", index="objections.md.j2", boost=2),
    review_days=90,  # what clients say changes by the season
)
