"""What an analysis finds, as values a report (text, JSON, Markdown) or a dashboard draws from:
each KPI's value for a period with its breakdowns, the funnel, and the data-entry findings with
their summaries. Money and every other figure stay Decimal until a reporter writes them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from generator.analysis.period import Period
from generator.analysis.read import Table
from generator.diagnostics import Diagnostic
from generator.kinds.kpi import Kpi

STATUSES = ("good", "warning", "critical", "no-data")


@dataclass(frozen=True)
class Group:
    """One value of a breakdown: a manager, a source… (None: the field was empty)."""

    key: str | None
    value: Decimal | None
    records: int


@dataclass(frozen=True)
class KpiValue:
    kpi: Kpi
    period: Period  # the KPI's own period (a week, a month, a quarter) ending in the report's
    value: Decimal | None  # None: no data
    records: int  # how many records it was computed from
    by: Mapping[str, tuple[Group, ...]] = field(default_factory=dict)
    reason: str = ""  # why there is no value, when there is none for a reason other than no records

    @property
    def status(self) -> str:
        return status(self.kpi, self.value)


def status(kpi: Kpi, value: Decimal | None) -> str:
    """good, warning or critical against the thresholds (or, without them, the target)."""
    if value is None:
        return "no-data"
    higher = kpi.direction == "higher"

    def reached(bound: float) -> bool:
        return value >= Decimal(str(bound)) if higher else value <= Decimal(str(bound))

    if kpi.thresholds is None:
        return "good" if reached(kpi.target) else "warning"
    if reached(kpi.thresholds.good):
        return "good"
    critical = Decimal(str(kpi.thresholds.critical))
    return "critical" if (value <= critical if higher else value >= critical) else "warning"


@dataclass(frozen=True)
class FunnelStep:
    stage: str  # the stage's id
    name: str
    entered: int  # records that reached the stage in the period
    conversion: Decimal | None  # percent of them that reached the next stage; None for the last


@dataclass(frozen=True)
class Funnel:
    entity: str
    exact: bool  # from a stage history; otherwise approximated from the current stage
    steps: tuple[FunnelStep, ...]


@dataclass(frozen=True)
class Quality:
    """How many findings, by rule (code) and by the responsible of the record they are about."""

    by_rule: Mapping[str, int]
    by_manager: Mapping[str, int]

    @classmethod
    def of(cls, findings: Sequence[Diagnostic], managers: Mapping[tuple[str, int], str]) -> Quality:
        rules = Counter(d.code for d in findings)
        people = Counter(managers.get((d.path, d.line), "") for d in findings if d.line > 1)
        del people[""]  # a record with no one responsible is counted by rule only
        return cls(dict(sorted(rules.items())), dict(sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))))


@dataclass(frozen=True)
class Analysis:
    period: Period
    tables: tuple[Table, ...]
    kpis: tuple[KpiValue, ...]
    funnels: tuple[Funnel, ...]
    findings: tuple[Diagnostic, ...]
    quality: Quality
    files: int  # exports given, read or not
