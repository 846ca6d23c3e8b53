"""What a kind of standard declares, once, in its own module: where its files live, its model
class and how it is built, its content checks, its pages and how often it is reviewed.

By convention a kind named NAME also has its schema in ``schemas/NAME.schema.json``, its
skeleton for `playbook new` in ``templates/new/NAME.yml``, and its words in the site's labels
under ``kinds``, ``diff_added``, ``diff_removed``, ``diff_changed`` (and ``owned`` when it has pages).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.diagnostics import Diagnostic
from generator.kinds.entity import Entity
from generator.project import Project
from generator.source import Source, SourceFile

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # an entity's id: its file name, in kebab-case
YAML_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Scope:
    """What a content check sees besides the files of its own kind: everything that was read,
    and the files of every kind that passed their schema (the only shapes a check may rely on)."""

    source: Source
    valid: Mapping[str, tuple[SourceFile, ...]]  # by kind name
    today: date  # the day reviews are judged by

    def files(self, kind: Kind) -> tuple[SourceFile, ...]:
        return self.valid.get(kind.name, ())

    @property
    def playbook(self) -> SourceFile | None:
        """playbook.yml, when it passed its schema."""
        return next((f for files in self.valid.values() for f in files if f.kind.folder is None), None)


# A content check: the schema-valid files of its kind in, findings out. Every check has this one
# signature, so validation runs them all the same way (as jsonschema runs its keyword functions).
Check = Callable[[Sequence[SourceFile], Scope], Iterable[Diagnostic]]


def each_file(check: Callable[[SourceFile], Iterable[Diagnostic]]) -> Check:
    """A check that looks at one file at a time, as a check of a kind's files."""

    def checked(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
        for file in files:
            yield from check(file)

    return checked


# How an entity is made from its schema-valid file; the second argument is playbook.yml's data.
Build = Callable[[SourceFile, Mapping[str, Any]], Entity]


@dataclass(frozen=True)
class Created:
    """What `playbook new` just did, for a kind that has more to do (a stage joins a pipeline)."""

    project: Project
    source: Source
    id: str
    pipeline: str | None  # the pipeline asked for with --pipeline


TRAINING = 0.6  # the search boost of courses, quizzes and certifications (see Pages.boost)


@dataclass(frozen=True)
class Pages:
    """How a kind appears on the site: a page per entity, and a section in the navigation."""

    page: str  # the template of each entity's page (it sees the entity as ``entity``)
    title: str  # the label naming the section
    index: str | None = "index.md.j2"  # the section's index page, listing them all; None: none
    listed: bool = True  # a section of the navigation (stages are listed under their pipelines)
    # how search ranks these pages against the rest: above 1 first (what clients say), below 1
    # after (training pages repeat the words of the standards they teach)
    boost: float = 1.0
    wide_index: bool = False  # the index has a table too wide to share the screen with the contents


@dataclass(frozen=True)
class Kind:
    """One kind of standard."""

    name: str  # e.g. "stage": its schema, skeleton and labels are named after it
    noun: str  # how messages in English name one: "stage", "CRM entity"
    folder: str | None  # standards/<folder>/<id>.yml; None for the one file standards/<name>.yml
    model: type[Entity]
    build: Build
    checks: tuple[Check, ...] = ()
    pages: Pages | None = None  # None: no pages of its own
    review_days: int | None = None  # days between reviews; None: the playbook's default
    created: Callable[[Created], list[str]] | None = None  # `new` does more than write the file
    # the order the site lists the entities in, from playbook.yml; None: by id (file name)
    arrange: Callable[[Sequence[Entity], Mapping[str, Any]], list[Entity]] | None = None

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def skeleton_file(self) -> str:
        return f"{self.name}.yml"
