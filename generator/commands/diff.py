"""`playbook diff REV [REV2]`: what changed in the standards between two git revisions (or a
revision and the working tree), entity by entity and field by field, in the playbook's language."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Severity
from generator.diff import Change, Wording, diff
from generator.git import GitRevision
from generator.load import Source, load, load_tree
from generator.site.changes import changes_markdown
from generator.site.pages import load_labels, template_dirs
from generator.validate import validate

FORMATS = ("text", "json", "markdown")


@dataclass(frozen=True)
class DiffOptions:
    root: Path
    old: str
    new: str | None = None  # None: the working tree
    format: str = "text"


@dataclass(frozen=True)
class Side:
    """One side of the comparison: what was read, and whether it passed the check."""

    revision: str | None  # None for the working tree
    commit: str | None
    source: Source
    errors: bool


def read_side(root: Path, revision: str | None) -> Side:
    if revision is None:
        source = load(root)
        commit = None
    else:
        tree = GitRevision(root, revision)
        source, commit = load_tree(tree), tree.commit
    errors = any(d.severity is Severity.ERROR for d in validate(source))
    return Side(revision, commit, source, errors)


def language_of(*sources: Source) -> str:
    """The playbook's language: the newest side's that says one."""
    for source in sources:
        data = source.playbook.data if source.playbook else None
        if isinstance(data, dict) and data.get("language") in ("ru", "en"):
            return str(data["language"])
    return "en"


def execute(options: DiffOptions) -> str:
    """The report in the format asked for; a PlaybookError when a revision cannot be read."""
    old = read_side(options.root, options.old)
    new = read_side(options.root, options.new)
    changes = diff(old.source, new.source)
    labels = load_labels(template_dirs(options.root), language_of(new.source, old.source))
    if options.format == "json":
        return json.dumps(
            {"old": _side(old), "new": _side(new), "changes": [c.as_dict() for c in changes]},
            ensure_ascii=False,
            indent=2,
        )
    wording = Wording(labels)
    title = labels["diff_title"].format(old=_name(old, labels), new=_name(new, labels))
    notes = [
        labels["diff_side_errors"].format(side=_name(side, labels)) for side in (old, new) if side.errors
    ]
    if options.format == "markdown":
        parts = [f"# {title}", *(f"> {note}" for note in notes), changes_markdown(changes, wording, _no_link)]
        return "\n\n".join([*(p for p in parts if p), wording.summary(changes)])
    lines = [title, *notes]
    for change in changes:
        lines.append(f"{wording.headline(change)} ({change.path})")
        lines.extend(f"  {wording.field(field)}" for field in change.fields)
    lines.append(wording.summary(changes))
    return "\n".join(lines)


def _name(side: Side, labels: dict[str, Any]) -> str:
    return side.revision if side.revision is not None else str(labels["working_tree"])


def _side(side: Side) -> dict[str, Any]:
    return {"revision": side.revision, "commit": side.commit, "errors": side.errors}


def _no_link(change: Change) -> None:
    """Outside the site there are no pages to link to."""
    return None
