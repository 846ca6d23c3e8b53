"""KPIs: what is measured, how, its target and thresholds, and who answers for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import Kind, Pages, each_file
from generator.source import SourceFile


@dataclass(frozen=True)
class Thresholds:
    good: float
    critical: float


@dataclass(frozen=True)
class Kpi(Entity):
    description: str = ""
    unit: str = ""
    direction: str = ""
    target: float = 0
    period: str = ""
    formula: str = ""
    thresholds: Thresholds | None = None
    stage: str = ""
    sources: Texts = ()
    actions: Texts = ()
    tags: Texts = ()


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Kpi:
    thresholds = file.data.get("thresholds")
    return from_file(Kpi, file, thresholds=Thresholds(**thresholds) if thresholds else None)


def check_thresholds(file: SourceFile) -> list[Diagnostic]:
    """Thresholds agree with the direction, and the target is not short of 'good'."""
    kpi = file.data
    thresholds = kpi.get("thresholds")
    if not thresholds:
        return []
    good, critical, target = thresholds["good"], thresholds["critical"], kpi["target"]
    higher = kpi["direction"] == "higher"
    found = []
    if (good <= critical) if higher else (good >= critical):
        side = "above" if higher else "below"
        found.append(
            error(
                file.path,
                file.position(["thresholds", "good"]),
                f"thresholds: where {'higher' if higher else 'lower'} is better, good ({good}) must be {side} critical ({critical})",
                "kpi-thresholds",
            )
        )
    elif (target < good) if higher else (target > good):
        found.append(
            warning(
                file.path,
                file.position(["target"]),
                f"target {target} is short of the 'good' threshold {good}: reaching the target would still not be on track",
                "kpi-thresholds",
            )
        )
    return found


KIND = Kind(
    name="kpi",
    noun="KPI",
    folder="kpis",
    model=Kpi,
    build=build,
    checks=(each_file(check_thresholds),),
    pages=Pages(page="kpi.md.j2", title="kpi_catalogue", index="kpis.md.j2"),
)
