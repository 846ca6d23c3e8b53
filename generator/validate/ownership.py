"""Ownership and freshness: every entity names the role that keeps it, and is reviewed in time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from generator.diagnostics import Diagnostic, warning
from generator.kinds.kind import Scope
from generator.review import ReviewPolicy
from generator.source import SourceFile


def check_ownership(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """Warnings for schema-valid files: no owner, or a review past its due date on the scope's day."""
    playbook = scope.playbook
    policy = ReviewPolicy.of(playbook.data if playbook else None)
    for file in files:
        if "owner" not in file.data:
            yield warning(
                file.path,
                (1, 1),
                f"no owner: name the role that keeps this {file.kind.noun} up to date under 'owner'",
                "owner-missing",
            )
        reviewed = file.data.get("reviewed")
        if reviewed is None:
            continue  # never reviewed: freshness is tracked from the first review on
        due = policy.due(file.kind.name, date.fromisoformat(reviewed))
        if due < scope.today:
            yield warning(
                file.path,
                file.position(["reviewed"]),
                f"reviewed {reviewed}, due every {policy.interval(file.kind.name)} days: overdue since {due}",
                "review-overdue",
            )
