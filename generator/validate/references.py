"""Reference checks: every id a file names exists and is of the right kind; pipelines and roles add up.

References are found from the schemas (``x-ref``), so this module knows no file layout.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, did_you_mean, error, warning, with_article
from generator.kinds import BY_NAME
from generator.kinds.crm import KIND as CRM
from generator.kinds.kind import ID_PATTERN
from generator.kinds.playbook import PIPELINE_STAGES
from generator.kinds.stage import KIND as STAGE
from generator.project import STANDARDS
from generator.schemas import CompiledSchema
from generator.source import Source, values_at

CODE = "ref"
_ID = re.compile(ID_PATTERN)
_LABELS = {
    "role": "role",
    "objection-category": "objection category",
    "crm-field": "CRM field",
    **{kind.name: kind.noun for kind in BY_NAME.values()},
}
_DECLARED_IN = {
    "role": "declare it under 'roles' in standards/playbook.yml",
    "objection-category": "declare it under 'objection_categories' in standards/playbook.yml",
}


@dataclass(frozen=True)
class Index:
    """Every id that can be referred to, by what a reference names (a kind, a role, a CRM field…)."""

    ids: Mapping[str, frozenset[str]]
    unknowable: frozenset[str]

    @classmethod
    def of(cls, source: Source) -> Index:
        ids = {target: frozenset(found) for target, found in source.ids.items()}
        playbook = source.playbook.data if source.playbook else {}
        for target, key in (("role", "roles"), ("objection-category", "objection_categories")):
            declared = playbook.get(key) if isinstance(playbook, dict) else None
            ids[target] = frozenset(declared) if isinstance(declared, dict) else frozenset()
        ids["crm-field"] = frozenset(
            f"{entity.id}.{field['id']}"
            for entity in source.of_kind(CRM)
            for _, field in values_at(entity.data, ("fields", None))
            if isinstance(field, dict) and isinstance(field.get("id"), str)
        )
        parsed_crm = {entity.id for entity in source.of_kind(CRM)}
        unknowable = {
            f"crm-field:{entity}" for entity in source.ids.get(CRM.name, {}) if entity not in parsed_crm
        }
        if source.playbook is None:
            unknowable |= {"role", "objection-category"}
        return cls(ids, frozenset(unknowable))

    def knows(self, target: str, value: str) -> bool:
        """False where the file that declares such ids failed to load: nothing can be said then."""
        return target not in self.unknowable and f"{target}:{value.partition('.')[0]}" not in self.unknowable

    def get(self, target: str) -> frozenset[str]:
        return self.ids.get(target, frozenset())


def check_references(source: Source, schemas: Mapping[str, CompiledSchema]) -> list[Diagnostic]:
    index = Index.of(source)
    found: list[Diagnostic] = []
    used_roles: set[str] = set()
    for file in source.files:
        for pattern, target in schemas[file.kind.name].references:
            for path, value in values_at(file.data, pattern):
                if not isinstance(value, str):
                    continue  # the schema check reports the type
                if target == "role":
                    used_roles.add(value)
                if value not in index.get(target) and index.knows(target, value):
                    message = _unknown(value, target, index)
                    if message:
                        found.append(error(file.path, file.position(path), message, CODE))
    found.extend(_unused_roles(source, used_roles))
    found.extend(_pipelines(source))
    return found


def _unknown(value: str, target: str, index: Index) -> str | None:
    """What is wrong with a reference to ``value``, of what ``target`` names (a kind, a role…)."""
    label = _LABELS[target]
    if target == "crm-field":
        entity, _, field = value.partition(".")
        if not field:
            return None  # malformed: the schema's pattern reports it
        if entity in index.get(CRM.name):
            fields = [ref.partition(".")[2] for ref in index.get("crm-field") if ref.startswith(f"{entity}.")]
            return f"unknown CRM field '{value}': entity '{entity}' has no field '{field}'{did_you_mean(field, fields)}"
        return f"unknown CRM field '{value}': no CRM entity '{entity}'{did_you_mean(entity, index.get(CRM.name))}"
    other = [_LABELS[k] for k, ids in index.ids.items() if k != target and value in ids and k in BY_NAME]
    if other:
        return f"unknown {label} '{value}' ('{value}' is {with_article(other[0])}, not {with_article(label)})"
    hint = did_you_mean(value, index.get(target))
    declared = f"; {_DECLARED_IN[target]}" if target in _DECLARED_IN and not hint else ""
    return f"unknown {label} '{value}'{hint}{declared}"


def _unused_roles(source: Source, used: set[str]) -> list[Diagnostic]:
    playbook = source.playbook
    roles = playbook.data.get("roles") if playbook and isinstance(playbook.data, dict) else None
    if not playbook or not isinstance(roles, dict):
        return []
    return [
        warning(
            playbook.path,
            playbook.position(["roles", role], key=True),
            f"role '{role}' owns nothing: no entity names it as owner or approver",
            "role-unused",
        )
        for role in roles
        if role not in used and _ID.match(role)
    ]


def _pipelines(source: Source) -> list[Diagnostic]:
    """Every stage in exactly one pipeline, listed once."""
    playbook = source.playbook
    if playbook is None or not isinstance(playbook.data, dict):
        return []
    found: list[Diagnostic] = []
    home: dict[str, str] = {}
    for path, stage in values_at(playbook.data, PIPELINE_STAGES):
        if not isinstance(stage, str):
            continue
        pipeline = str(path[1])
        if stage in home:
            again = "twice in pipeline" if home[stage] == pipeline else "already in pipeline"
            found.append(
                error(
                    playbook.path,
                    playbook.position(path),
                    f"stage '{stage}' is {again} '{home[stage]}': a stage belongs to exactly one pipeline, once",
                    "pipeline",
                )
            )
        else:
            home[stage] = pipeline
    for stage, stage_file in sorted(source.ids.get(STAGE.name, {}).items()):
        if stage not in home:
            found.append(
                error(
                    stage_file,
                    (1, 1),
                    f"stage '{stage}' is in no pipeline: add it to a pipeline's stages in {STANDARDS}/playbook.yml",
                    "pipeline",
                )
            )
    return found
