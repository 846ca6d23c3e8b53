"""Objections: what a client says (in every wording clients use), what stands behind it, and the
answers that work."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
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


@dataclass(frozen=True)
class Category:
    """A group of the objection library, and the order of its objections when the playbook gives one."""

    id: str
    name: str
    order: Texts = ()  # objection ids, as listed under objection_categories in playbook.yml

    @classmethod
    def of(cls, category_id: str, declared: str | Mapping[str, Any]) -> Category:
        if isinstance(declared, str):
            return cls(category_id, declared)
        return cls(category_id, declared["name"], tuple(declared.get("objections", ())))

    def arrange(self, objections: Sequence[Objection]) -> list[Objection]:
        """This category's objections as the library lists them: in the authored order, then
        those the order leaves out by name — never by file name, which a seller never sees."""
        mine = [o for o in objections if o.category == self.id]
        by_id = {o.id: o for o in mine}
        listed = [by_id[i] for i in self.order if i in by_id]
        rest = sorted((o for o in mine if o.id not in self.order), key=lambda o: _normal(o.name))
        return listed + rest


def categories(playbook: Mapping[str, Any]) -> dict[str, Category]:
    return {cid: Category.of(cid, c) for cid, c in playbook.get("objection_categories", {}).items()}


def arrange(objections: Sequence[Entity], playbook: Mapping[str, Any]) -> list[Entity]:
    """The objections as the library (and the navigation) lists them: category by category."""
    mine = [o for o in objections if isinstance(o, Objection)]
    return [o for category in categories(playbook).values() for o in category.arrange(mine)]


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


def check_order(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """An authored order lists the objections of its own category, and all of them."""
    head = scope.playbook
    if head is None:
        return
    declared = categories(head.data)
    where = {file.id: file for file in files}
    for category in declared.values():
        for index, objection in enumerate(category.order):
            file = where.get(objection)
            if file is not None and file.data["category"] != category.id:
                yield error(
                    head.path,
                    head.position(["objection_categories", category.id, "objections", index]),
                    f"objection '{objection}' is in category '{file.data['category']}', not '{category.id}':"
                    f" list it under '{file.data['category']}' or change its category",
                    "objection-order",
                )
    for file in files:
        home = declared.get(file.data["category"])
        if home is not None and home.order and file.id not in home.order:
            yield warning(
                file.path,
                file.position(["category"]),
                f"objection '{file.id}' is not in the order of category '{home.id}' in playbook.yml"
                f" (objection_categories.{home.id}.objections): the library lists it after those listed",
                "objection-order",
            )


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


KIND = Kind(
    name="objection",
    noun="objection",
    folder="objections",
    model=Objection,
    build=build,
    checks=(check_wordings, check_order),
    arrange=arrange,
    # an objection is found by the client's words: its page ranks first in search
    pages=Pages(page="objection.md.j2", title="objection_library", index="objections.md.j2", boost=1.2),
    review_days=90,  # what clients say changes by the season
)
