"""Steps 1–3 as one step: read a tree of standards, validate it, and model it.

Every command but `new` goes through `read_standards`: the working tree, or a git revision (`diff`,
the site's history). A revision never changes, so one already checked is not read or validated
again in the same process (`serve` rebuilds the history on every save; `diff` may name one
commit twice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from generator.diagnostics import Diagnostic, Severity, Summary, summarize
from generator.errors import ProjectNotFound
from generator.load import WorkingTree, load
from generator.load.git import GitRevision, commit_of
from generator.model import Playbook, build_model
from generator.project import Project
from generator.source import Source
from generator.validate import validate


@dataclass(frozen=True)
class Standards:
    """One tree of standards after steps 1–3: what was read, every finding, and the playbook."""

    source: Source = field(default_factory=Source)
    diagnostics: tuple[Diagnostic, ...] = ()
    commit: str | None = None  # None: the working tree

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @cached_property
    def playbook(self) -> Playbook | None:
        """The model — None when there are errors, so nothing is ever made from standards that
        do not pass. Built on first use: `check` never needs it."""
        return None if self.errors else build_model(self.source)

    @property
    def summary(self) -> Summary:
        return summarize(self.diagnostics, self.source.file_count)


def read_standards(project: Project, revision: str | None = None, today: date | None = None) -> Standards:
    """The standards of ``project``'s working tree, or at git ``revision`` (a tag, branch or
    commit); reviews are judged as of ``today`` (the real date unless given)."""
    today = today or date.today()
    if revision is None:
        return _checked(load(WorkingTree(project)), today)
    # a full commit id names itself: one read already is not asked of git again (serve's history)
    commit = revision if _COMMIT.fullmatch(revision) else commit_of(project, revision)
    key = (project, commit, today)
    if key not in _REVISIONS:
        if len(_REVISIONS) >= _KEPT:
            del _REVISIONS[next(iter(_REVISIONS))]
        try:  # the tree names the revision as the user did in what it says
            _REVISIONS[key] = _checked(load(GitRevision(project, revision, commit)), today, commit)
        except ProjectNotFound as missing:
            _REVISIONS[key] = str(missing)  # a commit from before there were standards stays one
    found = _REVISIONS[key]
    if isinstance(found, str):
        raise ProjectNotFound(found)
    return found


# a commit never changes: its standards, or why it has none
_REVISIONS: dict[tuple[Project, str, date], Standards | str] = {}
_KEPT = 256
_COMMIT = re.compile(r"[0-9a-f]{40}")


def _checked(source: Source, today: date, commit: str | None = None) -> Standards:
    return Standards(source, tuple(validate(source, today)), commit)
