"""The CRM's data audited against the CRM rules: each value parses as its field's type, matches
its ``format`` and is one of its ``values``; a field is filled once the record is past the stage
it is ``required_from``; no two records share what the entity's duplicate rules compare. Every
finding is a diagnostic at the export's row and column, naming the record by its id.

The checks run in DuckDB, one query per table; only the findings come back to Python."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import duckdb

from generator.analysis.data import Dataset, Stages
from generator.analysis.read import PARSED, Table, text_column
from generator.diagnostics import Diagnostic, did_you_mean, error, warning
from generator.kinds.crm import CrmEntity, CrmField

_EXPECTED = {
    "money": "an amount of money (214 500,00)",
    "number": "a number",
    "percent": "a number of percent",
    "integer": "a whole number",
    "date": "a date (dd.mm.yyyy or yyyy-mm-dd)",
    "datetime": "a date and time (dd.mm.yyyy HH:MM)",
    "boolean": "Да or Нет",
}


@dataclass(frozen=True)
class _Check:
    """One check of one field, as SQL: the rows where ``condition`` holds are findings."""

    code: str
    field: CrmField
    condition: str
    params: tuple[object, ...] = ()
    stage: str = ""  # crm-required: the name of the stage the field is required from


@dataclass(frozen=True)
class Audited:
    findings: list[Diagnostic]
    managers: dict[tuple[str, int], str]  # (file, row) -> the record's responsible, for the summary


def audit(dataset: Dataset) -> Audited:
    findings: list[Diagnostic] = []
    managers: dict[tuple[str, int], str] = {}
    for name, table in dataset.tables.items():
        if name.endswith("_history"):
            continue
        entity = dataset.entity(name)
        findings.extend(_missing_columns(table, entity))
        found, people = _checked(dataset.connection, table, entity, dataset.stages(name), dataset)
        findings.extend(found)
        managers.update(people)
        findings.extend(_duplicates(dataset.connection, table, entity, managers))
    return Audited(sorted(findings, key=lambda d: (d.path, d.line, d.column, d.code)), managers)


def _missing_columns(table: Table, entity: CrmEntity) -> Iterator[Diagnostic]:
    absent = [f for f in entity.fields if not table.has(f.id)]
    if absent:
        labels = ", ".join(f"«{f.label}»" for f in absent)
        yield warning(
            table.export.shown,
            (1, 1),
            f"no column for {labels} of {entity.name}: not audited, and the KPIs that need them have no value",
            "export-column",
        )


def _checks(
    connection: duckdb.DuckDBPyConnection,
    table: Table,
    entity: CrmEntity,
    stages: Stages | None,
    dataset: Dataset,
) -> tuple[list[_Check], list[CrmField]]:
    """The SQL checks of every field the export has; and the fields whose format only Python reads."""
    checks: list[_Check] = []
    in_python: list[CrmField] = []
    for field in entity.fields:
        if not table.has(field.id):
            continue
        raw, value = text_column(field.id, field.type), f'"{field.id}"'
        if field.type in PARSED:
            checks.append(_Check("crm-type", field, f"{raw} IS NOT NULL AND {value} IS NULL"))
        if field.format:
            if _re2_reads(connection, field.format):
                checks.append(
                    _Check("crm-format", field, f"NOT regexp_full_match({raw}, ?)", (field.format,))
                )
            else:
                in_python.append(field)
        if field.type == "enum" and field.values:
            checks.append(_Check("crm-value", field, f"NOT list_contains(?, {raw})", (list(field.values),)))
        gate = _gate(field, stages, dataset)
        if gate is not None:
            condition, params = gate
            stage = dataset.playbook.entities["stage"][field.required_from].name
            checks.append(_Check("crm-required", field, f"{raw} IS NULL AND {condition}", params, stage))
    return checks, in_python


def _gate(field: CrmField, stages: Stages | None, dataset: Dataset) -> tuple[str, tuple[object, ...]] | None:
    """When a field is required: past its ``required_from`` stage, by the record's stage field;
    for an entity without one, a field required from the first stage of its pipeline always."""
    if not field.required_from:
        return None
    if stages is not None and field.required_from in {s for s, _ in stages.order}:
        return f'list_position(?, "{stages.field}") > {stages.position(field.required_from)}', (stages.names,)
    first = [p.stages[0] for p in dataset.playbook.pipelines.values() if p.stages]
    return ("true", ()) if field.required_from in first else None


def _re2_reads(connection: duckdb.DuckDBPyConnection, pattern: str) -> bool:
    try:
        connection.execute("SELECT regexp_full_match('', ?)", [pattern])
    except duckdb.Error:
        return False
    return True


def _responsible(entity: CrmEntity, table: Table) -> str:
    person = next((f for f in entity.fields if f.type == "user" and table.has(f.id)), None)
    return text_column(person.id, person.type) if person else "NULL"


def _checked(
    connection: duckdb.DuckDBPyConnection,
    table: Table,
    entity: CrmEntity,
    stages: Stages | None,
    dataset: Dataset,
) -> tuple[list[Diagnostic], dict[tuple[str, int], str]]:
    checks, in_python = _checks(connection, table, entity, stages, dataset)
    found: list[Diagnostic] = []
    managers: dict[tuple[str, int], str] = {}
    person = _responsible(entity, table)
    noun = entity.name.lower()
    shown = table.export.shown
    ids = "_id" if table.has("_id") else "NULL"
    if checks:
        union = " UNION ALL ".join(
            f"SELECT _row, {ids}, {i}, {text_column(c.field.id, c.field.type)}, {person} FROM {table.table} WHERE {c.condition}"
            for i, c in enumerate(checks)
        )
        params = [p for c in checks for p in c.params]
        for row, record, index, raw, manager in connection.execute(union, params).fetchall():
            check = checks[index]
            found.append(
                _finding(
                    shown,
                    row,
                    table.columns[check.field.id],
                    f"{noun} {record or f'in row {row}'}",
                    check,
                    raw,
                )
            )
            managers[(shown, row)] = manager or ""
    for field in in_python:
        pattern = re.compile(field.format)
        text = text_column(field.id, field.type)
        query = f"SELECT _row, {ids}, {text}, {person} FROM {table.table} WHERE {text} IS NOT NULL"
        for row, record, raw, manager in connection.execute(query).fetchall():
            if not pattern.fullmatch(raw):
                check = _Check("crm-format", field, "")
                found.append(
                    _finding(
                        shown, row, table.columns[field.id], f"{noun} {record or f'in row {row}'}", check, raw
                    )
                )
                managers[(shown, row)] = manager or ""
    return found, managers


def _finding(path: str, row: int, column: int, record: str, check: _Check, raw: str | None) -> Diagnostic:
    field = check.field
    label = f"«{field.label}»"
    if check.code == "crm-type":
        message = f"{label} {raw!r} is not {_EXPECTED[field.type]}"
    elif check.code == "crm-format":
        example = f" (e.g. {field.example})" if field.example else ""
        message = f"{label} {raw!r} does not match the format {field.format}{example}"
    elif check.code == "crm-value":
        hint = _hint(str(raw), tuple(field.values))
        message = f"{label} {raw!r} is not one of its values{hint}"
    else:
        message = f"{label} is empty; required from stage «{check.stage}»"
    return error(path, (row, column), f"{record}: {message}", check.code)


@lru_cache(maxsize=1024)  # an export repeats its few misspellings thousands of times
def _hint(value: str, values: tuple[str, ...]) -> str:
    return did_you_mean(value, values) or f"; its values: {', '.join(values)}"


def duplicate_keys(entity: CrmEntity) -> list[CrmField]:
    """The fields the entity's duplicate rules compare: those whose label the rules set in bold
    (**телефона** names «Телефон»)."""
    bold = [word.casefold() for word in re.findall(r"\*\*(.+?)\*\*", entity.duplicates)]
    return [f for f in entity.fields if any(word.startswith(f.label.casefold()) for word in bold)]


def _key(field: CrmField) -> str:
    raw = text_column(field.id, field.type)
    if field.type == "phone":
        return f"NULLIF(right(regexp_replace({raw}, '\\D', '', 'g'), 10), '')"  # the last 10 digits
    return f"lower({raw})" if field.type == "email" else raw


def _duplicates(
    connection: duckdb.DuckDBPyConnection,
    table: Table,
    entity: CrmEntity,
    managers: dict[tuple[str, int], str],
) -> Iterator[Diagnostic]:
    noun = entity.name.lower()
    ids = "_id" if table.has("_id") else "NULL"
    person = _responsible(entity, table)
    for field in duplicate_keys(entity):
        if not table.has(field.id):
            continue
        key = _key(field)
        query = (
            f"SELECT _row, id, first_row, first_id, text, manager FROM (SELECT _row, {ids} AS id, {text_column(field.id, field.type)} AS text, {person} AS manager, "
            f"first_value(_row) OVER w AS first_row, first_value({ids}) OVER w AS first_id FROM {table.table} "
            f"WHERE {key} IS NOT NULL WINDOW w AS (PARTITION BY {key} ORDER BY _row)) WHERE _row <> first_row ORDER BY _row"
        )
        for row, record, first_row, first_id, raw, manager in connection.execute(query).fetchall():
            managers[(table.export.shown, row)] = manager or ""
            other = f"{noun} {first_id} (row {first_row})" if first_id else f"row {first_row}"
            yield warning(
                table.export.shown,
                (row, table.columns[field.id]),
                f"{noun} {record or f'in row {row}'}: «{field.label}» {raw!r} is also on {other}: one client, one card — merge them",
                "crm-duplicate",
            )
