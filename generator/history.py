"""The releases of the standards: what each tag changed since the one before, and what is not
released yet (the working tree against the last tag), for the site's «Что изменилось» section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from generator.diagnostics import Severity
from generator.diff import Change, diff
from generator.errors import PlaybookError, ProjectNotFound
from generator.git import GitRevision, release_tags
from generator.load import Source, load_tree
from generator.validate import validate


@dataclass(frozen=True)
class Release:
    tag: str | None  # None: the changes not released yet
    date: date | None  # when the tag was made; None for the unreleased changes
    previous: str | None  # the tag compared against; None for the first release (against nothing)
    changes: tuple[Change, ...]
    errors: bool  # a side of the comparison did not pass the check


def releases(root: Path, current: Source) -> list[Release]:
    """Newest first: the unreleased changes (``current``, which passed the check, against the last
    tag), then each tag against the one before it. Empty when there are no tags, the folder is not
    in git, or the history cannot be read (a shallow clone)."""
    tags = release_tags(root)
    if not tags:
        return []
    try:
        sides = [_revision(root, tag.commit) for tag in tags]
    except PlaybookError:
        return []
    found: list[Release] = []
    previous: tuple[Source, bool] = (_nothing(root), False)
    for tag, side in zip(tags, sides, strict=True):
        made = date.fromisoformat(tag.date)
        found.append(_release(tag.name, made, found[-1].tag if found else None, previous, side))
        previous = side
    found.append(_release(None, None, tags[-1].name, previous, (current, False)))
    return found[::-1]


def _release(
    tag: str | None,
    made: date | None,
    previous: str | None,
    old: tuple[Source, bool],
    new: tuple[Source, bool],
) -> Release:
    return Release(tag, made, previous, tuple(diff(old[0], new[0])), old[1] or new[1])


@lru_cache(maxsize=256)
def _revision(root: Path, commit: str) -> tuple[Source, bool]:
    """The standards at a commit and whether they had errors; a commit never changes, so `serve`
    reads each one once."""
    try:
        source = load_tree(GitRevision(root, commit))
    except ProjectNotFound:
        return _nothing(root), False  # a tag from before there were standards
    return source, any(d.severity is Severity.ERROR for d in validate(source))


def _nothing(root: Path) -> Source:
    return Source(root, (), 0, {}, frozenset(), {}, ())
