"""Ownership and freshness: every entity names the role that keeps it, and is reviewed in time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from generator.diagnostics import Diagnostic, warning
from generator.load import SourceFile
from generator.review import ReviewPolicy


def check_ownership(files: Iterable[SourceFile], policy: ReviewPolicy, today: date) -> list[Diagnostic]:
    """Warnings for schema-valid files: no owner, or a review past its due date on ``today``."""
    found = []
    for file in files:
        if "owner" not in file.data:
            found.append(
                warning(
                    file.path,
                    (1, 1),
                    f"no owner: name the role that keeps this {file.kind.label} up to date under 'owner'",
                    "owner-missing",
                )
            )
        reviewed = file.data.get("reviewed")
        if reviewed is None:
            continue  # never reviewed: freshness is tracked from the first review on
        due = policy.due(file.kind.name, date.fromisoformat(reviewed))
        if due < today:
            found.append(
                warning(
                    file.path,
                    file.position(["reviewed"]),
                    f"reviewed {reviewed}, due every {policy.interval(file.kind.name)} days: overdue since {due}",
                    "review-overdue",
                )
            )
    return found
