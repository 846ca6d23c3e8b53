"""`playbook diff REV [REV2]`: what changed in the standards between two git revisions (or a
revision and the working tree), entity by entity and field by field, in the playbook's language."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from generator.changes.diff import diff
from generator.pipeline import Standards, read_standards
from generator.project import PAGE_TEMPLATES, Project
from generator.report.changes import CHANGE_REPORTERS, Comparison, Side
from generator.site.pages import load_labels


@dataclass(frozen=True)
class DiffOptions:
    project: Project
    old: str
    new: str | None = None  # None: the working tree
    format: str = "text"


def execute(options: DiffOptions) -> int:
    """Reports the changes in the format asked for; a PlaybookError when a revision cannot be read."""
    old = read_standards(options.project, options.old)
    new = read_standards(options.project, options.new)
    labels = load_labels(options.project.template_dirs(PAGE_TEMPLATES), language_of(new, old))
    comparison = Comparison(
        Side(options.old, old.commit, bool(old.errors)),
        Side(options.new, new.commit, bool(new.errors)),
        diff(old.source, new.source),
        labels,
    )
    CHANGE_REPORTERS[options.format](sys.stdout).report(comparison)
    return 0


def language_of(*sides: Standards) -> str:
    """The playbook's language: the newest side's that says one."""
    for side in sides:
        playbook = side.source.playbook
        data = playbook.data if playbook else None
        if isinstance(data, dict) and data.get("language") in ("ru", "en"):
            return str(data["language"])
    return "en"
