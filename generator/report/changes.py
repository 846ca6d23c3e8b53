"""Reporters of changes: what `playbook diff` found between two versions of the standards, as
text for people, JSON for tools, or Markdown for a merge request or release notes."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import click

from generator.changes.diff import Change
from generator.changes.markdown import changes_markdown
from generator.changes.wording import Wording


@dataclass(frozen=True)
class Side:
    """One side of a comparison: which revision, and whether its standards passed the check."""

    revision: str | None  # None: the working tree
    commit: str | None
    errors: bool

    def as_dict(self) -> dict[str, Any]:
        return {"revision": self.revision, "commit": self.commit, "errors": self.errors}


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    changes: Sequence[Change]
    labels: Mapping[str, Any]  # the site's words, in the playbook's language

    def name(self, side: Side) -> str:
        return side.revision if side.revision is not None else str(self.labels["working_tree"])

    @property
    def title(self) -> str:
        return str(self.labels["diff_title"]).format(old=self.name(self.old), new=self.name(self.new))

    @property
    def notes(self) -> list[str]:
        """A note for each side whose standards do not pass the check."""
        return [
            str(self.labels["diff_side_errors"]).format(side=self.name(side))
            for side in (self.old, self.new)
            if side.errors
        ]


class ChangesReporter(ABC):
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        click.echo(text, file=self.stream)

    @abstractmethod
    def report(self, comparison: Comparison) -> None: ...


class TextChanges(ChangesReporter):
    """A headline per entity, an indented line per changed field, then the counts."""

    def report(self, comparison: Comparison) -> None:
        wording = Wording(comparison.labels)
        lines = [comparison.title, *comparison.notes]
        for change in comparison.changes:
            lines.append(f"{wording.headline(change)} ({change.path})")
            lines.extend(f"  {wording.field(field)}" for field in change.fields)
        lines.append(wording.summary(comparison.changes))
        self.write("\n".join(lines))


class JsonChanges(ChangesReporter):
    def report(self, comparison: Comparison) -> None:
        document = {
            "old": comparison.old.as_dict(),
            "new": comparison.new.as_dict(),
            "changes": [c.as_dict() for c in comparison.changes],
        }
        self.write(json.dumps(document, ensure_ascii=False, indent=2))


class MarkdownChanges(ChangesReporter):
    """A heading, the notes as quotes, the changes as a list (no links: outside the site there
    are no pages to link to), then the counts."""

    def report(self, comparison: Comparison) -> None:
        wording = Wording(comparison.labels)
        parts = [
            f"# {comparison.title}",
            *(f"> {note}" for note in comparison.notes),
            changes_markdown(comparison.changes, wording, lambda change: None),
        ]
        self.write("\n\n".join([*(p for p in parts if p), wording.summary(comparison.changes)]))


CHANGE_REPORTERS: dict[str, type[ChangesReporter]] = {
    "text": TextChanges,
    "json": JsonChanges,
    "markdown": MarkdownChanges,
}
