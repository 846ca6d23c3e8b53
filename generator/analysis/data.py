"""The exports of one run, read once into one DuckDB database, with what the CRM rules say of
each table: its entity, its stage field and the pipeline's order of stages."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from generator.analysis.read import Column, Export, Table, read
from generator.diagnostics import Diagnostic, did_you_mean
from generator.errors import UsageError
from generator.kinds.crm import CrmEntity
from generator.kinds.kpi import stage_field
from generator.model import Playbook
from generator.project import Project

HISTORY = "_history"  # --data deal_history=FILE: the stage history of deals
ID_HEADERS = ("ID", "Идентификатор", "id")
_NAME = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)*")


@dataclass(frozen=True)
class Stages:
    """An entity's stage field, and every stage of its pipeline in order: (id, name)."""

    field: str
    order: tuple[tuple[str, str], ...]

    @property
    def names(self) -> list[str]:
        return [name for _, name in self.order]

    def position(self, stage: str) -> int:
        """1-based, as DuckDB's list_position counts."""
        return [s for s, _ in self.order].index(stage) + 1


@dataclass(frozen=True)
class Dataset:
    connection: duckdb.DuckDBPyConnection
    playbook: Playbook
    tables: Mapping[str, Table]  # by export name: an entity id, or <entity>_history

    def entity(self, entity_id: str) -> CrmEntity:
        return self.playbook.of(CrmEntity)[entity_id]

    def stages(self, entity_id: str) -> Stages | None:
        entity = self.entity(entity_id)
        pipelines = [
            [(stage, self.playbook.entities["stage"][stage].name) for stage in p.stages]
            for p in self.playbook.pipelines.values()
        ]
        fields = [{"id": f.id, "type": f.type, "values": list(f.values)} for f in entity.fields]
        found = stage_field(fields, pipelines)
        if found is None:
            return None
        pipeline = next(p for p in pipelines if set(found[1].values()) <= {s for s, _ in p})
        return Stages(found[0], tuple(pipeline))

    def history(self, entity_id: str) -> Table | None:
        return self.tables.get(entity_id + HISTORY)


def table_name(entity_id: str) -> str:
    """An entity id (kebab-case, validated) as the part of a table's name SQL can hold bare."""
    return entity_id.replace("-", "_")


def exports(given: Sequence[tuple[str, Path]], entities: Mapping[str, CrmEntity]) -> list[Export]:
    """The ``--data NAME=FILE`` options, each naming a CRM entity or its stage history."""
    found: list[Export] = []
    for name, path in given:
        if any(e.name == table_name(name) for e in found):
            raise UsageError(f"--data {name}= is given twice: one export per entity")
        entity = name.removesuffix(HISTORY)
        if entity not in entities:
            raise UsageError(
                f"--data {name}={path}: no CRM entity '{entity}'{did_you_mean(entity, entities)}; "
                f"name one of {', '.join(sorted(entities))} (or <entity>{HISTORY} for its stage history)"
            )
        if not path.is_file():
            raise UsageError(f"--data {name}={path}: no such file")
        found.append(Export(table_name(name), path, path.as_posix()))
    return found


def columns_of(entity: CrmEntity, history: bool) -> list[Column]:
    """The columns an export of ``entity`` (or of its stage history) may have."""
    if history:
        return [
            Column("_id", "string", ("OWNER_ID", entity.name, f"{entity.id}_id", "record_id", "ID записи")),
            Column("stage", "string", ("STAGE_ID", "Этап", "Стадия", "stage")),
            Column(
                "entered_at", "datetime", ("CREATED_TIME", "Дата перехода", "Дата изменения", "entered_at")
            ),
        ]
    return [
        Column("_id", "string", ID_HEADERS),
        *(Column(f.id, f.type, (f.label, f.id)) for f in entity.fields),
    ]


def open_dataset(
    playbook: Playbook, given: Sequence[Export], renamed: Mapping[str, Mapping[str, str]], scratch: Path
) -> tuple[Dataset, list[Diagnostic]]:
    """Every export read into one in-memory database (spilling to ``scratch`` past its memory)."""
    connection = duckdb.connect(":memory:", config={"temp_directory": str(scratch / "spill")})
    connection.execute("SET memory_limit = '1500MB'")  # the whole run stays under 2 GB
    connection.execute("SET enable_progress_bar = false")  # stderr is for findings and errors
    tables: dict[str, Table] = {}
    findings: list[Diagnostic] = []
    for export in given:
        entity_id = export.name.removesuffix(HISTORY).replace("_", "-")
        entity = playbook.of(CrmEntity)[entity_id]
        columns = columns_of(entity, export.name.endswith(HISTORY))
        table, found = read(connection, export, columns, renamed.get(entity_id, {}), scratch)
        findings.extend(found)
        if table is not None:
            tables[entity_id + (HISTORY if export.name.endswith(HISTORY) else "")] = table
    return Dataset(connection, playbook, tables), findings


def analytics_of(head: Any) -> Mapping[str, Any]:
    """playbook.yml's ``analytics`` (validated by its schema), or nothing."""
    found = head.get("analytics") if isinstance(head, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def named_exports(project: Project, settings: Mapping[str, Any]) -> tuple[tuple[str, Path], ...]:
    """The exports ``analytics.data`` names: paths under the project's root, and nowhere else."""
    found = []
    for name, path in settings.get("data", {}).items():
        place = project.path(path)
        if not project.leads_inside(place):
            raise UsageError(f"analytics.data.{name} in playbook.yml: {path!r} leads outside the project")
        found.append((name, place))
    return tuple(found)
