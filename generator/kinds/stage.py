"""Stages of a pipeline: what the seller achieves, when the stage begins and when it is done."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import UsageError
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import Created, Kind, Pages
from generator.source import SourceFile


@dataclass(frozen=True)
class Stage(Entity):
    summary: str = ""
    goal: str = ""
    pipeline: str = ""  # derived: the pipeline in playbook.yml that lists it
    description: str = ""
    entry_criteria: Texts = ()
    exit_criteria: Texts = ()
    steps: Texts = ()
    duration: str = ""
    tools: Texts = ()
    tips: Texts = ()
    mistakes: Texts = ()
    tags: Texts = ()


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Stage:
    pipeline = next((pid for pid, p in playbook["pipelines"].items() if file.id in p["stages"]), "")
    return from_file(Stage, file, pipeline=pipeline)


def join_pipeline(created: Created) -> list[str]:
    """A new stage is added at the end of a pipeline in playbook.yml (its comments kept), so the
    project stays valid: every stage is in exactly one pipeline."""
    playbook = created.source.playbook
    if playbook is None or not isinstance(playbook.data, dict):
        raise UsageError("standards/playbook.yml is missing or broken: run playbook check")
    pipelines = playbook.data.get("pipelines")
    pipeline = created.pipeline or (
        str(next(iter(pipelines))) if isinstance(pipelines, dict) and pipelines else ""
    )
    if not pipeline:
        raise UsageError("no pipeline to refer to yet: add one to pipelines in standards/playbook.yml first")
    for name, listed in (pipelines or {}).items():  # a stage belongs to one pipeline, once
        if (
            isinstance(listed, dict)
            and isinstance(listed.get("stages"), list)
            and created.id in listed["stages"]
        ):
            raise UsageError(f"stage '{created.id}' is already in pipeline '{name}' in {playbook.path}")
    created.project.path(playbook.path).write_text(
        _appended(playbook, pipeline, created.id), encoding="utf-8"
    )
    return [f"added '{created.id}' to pipeline '{pipeline}' in {playbook.path}"]


def _appended(playbook: SourceFile, pipeline: str, stage: str) -> str:
    """playbook.yml's text with ``stage`` added at the end of the pipeline's list, comments kept."""
    node = playbook.node
    for element in ("pipelines", pipeline, "stages"):
        found = (
            next((value for key, value in node.value if key.value == element), None)
            if isinstance(node, yaml.MappingNode)
            else None
        )
        if found is None:
            raise UsageError(f"no pipeline '{pipeline}' with a list of stages in {playbook.path}")
        node = found
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise UsageError(f"pipeline '{pipeline}' has no list of stages in {playbook.path}")
    text = playbook.text
    if node.flow_style:
        closing = node.end_mark.index - 1  # the position of ']'
        return f"{text[:closing]}, {stage}{text[closing:]}"
    # lines as libyaml counts them (a file that parsed holds no other breaks splitlines knows),
    # and the new one ends as the file's lines end
    lines = text.splitlines(keepends=True)
    newline = re.search(r"\r\n|\r|\n", text)
    end = newline.group() if newline else "\n"
    last = node.value[-1]
    prefix = lines[last.start_mark.line][: last.start_mark.column]  # indentation and "- "
    at = last.end_mark.line + (1 if last.end_mark.column else 0)
    if at > len(lines) or (at == len(lines) and lines and not lines[-1].endswith(("\n", "\r"))):
        lines[-1] += end if lines else ""
    lines.insert(at, f"{prefix}{stage}{end}")
    return "".join(lines)


KIND = Kind(
    name="stage",
    noun="stage",
    folder="stages",
    model=Stage,
    build=build,
    # a stage's page is listed under its pipeline, in the pipeline's order: no section of its own
    pages=Pages(page="stage.md.j2", title="stages", index=None, listed=False),
    created=join_pipeline,
)
