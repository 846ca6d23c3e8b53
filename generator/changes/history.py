"""The releases of the standards: what each tag changed since the one before, and what is not
released yet (the working tree against the last tag), for the site's «Что изменилось» section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.changes.diff import Change, diff
from generator.errors import PlaybookError, ProjectNotFound
from generator.load.git import release_tags
from generator.pipeline import Standards, read_standards
from generator.project import Project


@dataclass(frozen=True)
class Release:
    tag: str | None  # None: the changes not released yet
    date: date | None  # when the tag was made; None for the unreleased changes
    previous: str | None  # the tag compared against; None for the first release (against nothing)
    changes: tuple[Change, ...]
    errors: bool  # a side of the comparison did not pass the check


def releases(project: Project, current: Standards) -> list[Release]:
    """Newest first: the unreleased changes (``current``, the working tree's standards, which
    passed the check) against the last tag, then each tag against the one before it. Empty when
    there are no tags, the folder is not in git, or the history cannot be read (a shallow clone).
    Each tag is read and checked once per process, however often `serve` asks."""
    tags = release_tags(project)
    if not tags:
        return []
    try:
        sides = [_at(project, tag.commit) for tag in tags]
    except PlaybookError:
        return []  # the history cannot be read
    found: list[Release] = []
    previous = Standards()  # before the first tag: nothing
    for tag, side in zip(tags, sides, strict=True):
        made = date.fromisoformat(tag.date)
        found.append(_release(tag.name, made, found[-1].tag if found else None, previous, side))
        previous = side
    found.append(_release(None, None, tags[-1].name, previous, current))
    return found[::-1]


def _release(
    tag: str | None, made: date | None, previous: str | None, old: Standards, new: Standards
) -> Release:
    return Release(tag, made, previous, tuple(diff(old.source, new.source)), bool(old.errors or new.errors))


def _at(project: Project, commit: str) -> Standards:
    """The standards at a tag's commit; nothing for a tag from before there were standards."""
    try:
        return read_standards(project, commit)
    except ProjectNotFound:
        return Standards()
