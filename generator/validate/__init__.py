"""Step 2: turn the source tree into diagnostics — every problem in one run, sorted."""

from __future__ import annotations

from datetime import date

from generator.diagnostics import Diagnostic
from generator.kinds import BY_NAME, PLAYBOOK
from generator.load import Source
from generator.review import ReviewPolicy
from generator.schemas import compiled
from generator.validate.content import check_document, check_kpi, check_objection_wordings
from generator.validate.crm import check_crm
from generator.validate.ownership import check_ownership
from generator.validate.references import check_references
from generator.validate.schema import check_schema
from generator.validate.scripts import check_script
from generator.validate.templates import check_templates


def validate(source: Source, today: date | None = None) -> list[Diagnostic]:
    """All findings for ``source``: what loading found, then schema, references and content checks;
    reviews are judged overdue as of ``today`` (the real date unless given)."""
    schemas = compiled()
    found = list(source.diagnostics)
    valid = []
    for file in source.files:
        problems = check_schema(file, schemas[file.kind.name])
        found.extend(problems)
        if not problems:
            valid.append(file)
    found.extend(check_references(source, schemas))
    # content checks read the shapes the schema guarantees, so they see schema-valid files only
    for file in valid:
        if file.kind is BY_NAME["script"]:
            found.extend(check_script(file))
        elif file.kind is BY_NAME["crm"]:
            found.extend(check_crm(file))
        elif file.kind is BY_NAME["kpi"]:
            found.extend(check_kpi(file))
        elif file.kind is BY_NAME["document"]:
            found.extend(check_document(file, source))
    found.extend(check_objection_wordings(f for f in valid if f.kind is BY_NAME["objection"]))
    found.extend(check_templates(source, valid))
    playbook = next((f.data for f in valid if f.kind is PLAYBOOK), None)
    found.extend(check_ownership(valid, ReviewPolicy.of(playbook), today or date.today()))
    return sorted(set(found))
