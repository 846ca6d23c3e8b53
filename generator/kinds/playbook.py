"""playbook.yml: the playbook's title and language, the company, its roles and its pipelines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.kinds.entity import Entity, Texts
from generator.kinds.kind import Kind
from generator.source import ANY, SourceFile

PIPELINE_STAGES = ("pipelines", ANY, "stages", ANY)  # where playbook.yml lists each pipeline's stages


@dataclass(frozen=True)
class Role(Entity):
    description: str = ""
    team: str = ""  # the git team (@org/team) that approves what the role owns


@dataclass(frozen=True)
class Pipeline(Entity):
    description: str = ""
    stages: Texts = ()

    def neighbours(self, stage: str) -> tuple[str | None, str | None]:
        """The stages before and after ``stage`` in this pipeline (None at either end)."""
        position = self.stages.index(stage)
        before = self.stages[position - 1] if position > 0 else None
        after = self.stages[position + 1] if position + 1 < len(self.stages) else None
        return before, after


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Entity:
    """playbook.yml itself, which has an owner and a review date like every other file."""
    data = file.data
    reviewed = date.fromisoformat(data["reviewed"]) if "reviewed" in data else None
    return Entity("playbook", data["title"], file.path, data.get("owner", ""), reviewed)


def roles(file: SourceFile) -> dict[str, Role]:
    return {
        rid: Role(rid, r["name"], file.path, description=r.get("description", ""), team=r.get("team", ""))
        for rid, r in file.data["roles"].items()
    }


def pipelines(file: SourceFile) -> dict[str, Pipeline]:
    return {
        pid: Pipeline(
            pid, p["name"], file.path, description=p.get("description", ""), stages=tuple(p["stages"])
        )
        for pid, p in file.data["pipelines"].items()
    }


KIND = Kind(name="playbook", noun="playbook", folder=None, model=Entity, build=build)
