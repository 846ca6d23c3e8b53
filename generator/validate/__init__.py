"""Step 2: turn a source into diagnostics — every problem in one run, sorted.

Each file is checked against its kind's schema; references are checked across all of them (from
the schemas' ``x-ref``); then every kind's own content checks, declared with the kind, run on the
files of that kind that passed their schema, and the ownership and markup checks on every kind.
"""

from __future__ import annotations

from datetime import date

from generator.diagnostics import Diagnostic
from generator.kinds import KINDS
from generator.kinds.kind import Check, Scope
from generator.schemas import compiled
from generator.source import Source, SourceFile
from generator.validate.markup import check_markup
from generator.validate.ownership import check_ownership
from generator.validate.references import check_references
from generator.validate.schema import check_schema

EVERY_KIND: tuple[Check, ...] = (check_ownership, check_markup)


def validate(source: Source, today: date | None = None) -> list[Diagnostic]:
    """All findings for ``source``: what loading found, then schema, references and content checks;
    reviews are judged overdue as of ``today`` (the real date unless given)."""
    schemas = compiled()
    found = list(source.diagnostics)
    valid: dict[str, list[SourceFile]] = {kind.name: [] for kind in KINDS}
    for file in source.files:
        problems = check_schema(file, schemas[file.kind.name])
        found.extend(problems)
        if not problems:
            valid[file.kind.name].append(file)
    found.extend(check_references(source, schemas))
    # content checks read the shapes the schema guarantees, so they see schema-valid files only
    scope = Scope(source, {name: tuple(files) for name, files in valid.items()}, today or date.today())
    for kind in KINDS:
        files = scope.files(kind)
        for check in (*kind.checks, *EVERY_KIND):
            found.extend(check(files, scope))
    return sorted(set(found))
