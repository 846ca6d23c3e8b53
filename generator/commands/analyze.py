"""`playbook analyze`: the KPIs computed from the CRM's exports, the funnel, and the exports
audited against the CRM rules."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.analysis.audit import audit
from generator.analysis.data import analytics_of, exports, named_exports, open_dataset
from generator.analysis.measure import funnels, kpis, latest
from generator.analysis.period import Period
from generator.analysis.report import WRITERS
from generator.analysis.results import Analysis, Quality
from generator.diagnostics import Severity
from generator.errors import UsageError
from generator.kinds.crm import CrmEntity
from generator.kinds.kpi import Kpi
from generator.pipeline import read_standards
from generator.project import Project
from generator.report.diagnostics import REPORTERS

FORMATS = tuple(WRITERS)


@dataclass(frozen=True)
class AnalyzeOptions:
    project: Project
    data: tuple[tuple[str, Path], ...] = ()  # (entity or <entity>_history, file); none: analytics.data
    period: str | None = None  # None: the month of the latest record
    format: str = "text"
    color: bool = False


def execute(options: AnalyzeOptions) -> int:
    """0 when the exports are clean, 1 when there are error findings; the standards must pass."""
    standards = read_standards(options.project.require_standards())
    playbook = standards.playbook
    if playbook is None:
        REPORTERS["text"](sys.stderr, options.color).report(standards.errors, standards.summary)
        raise UsageError("the standards have errors (above): analyze measures by them, so fix them first")
    settings = analytics_of(standards.source.playbook.data if standards.source.playbook else {})
    given = options.data or named_exports(options.project, settings)
    if not given:
        raise UsageError(
            "give the exports: --data deal=FILE … (or name them under analytics.data in playbook.yml)"
        )
    entities = playbook.of(CrmEntity)
    chosen = exports(given, entities)
    items = list(playbook.of(Kpi).values())
    with tempfile.TemporaryDirectory(prefix="playbook-analyze-") as scratch:
        dataset, findings = open_dataset(playbook, chosen, settings.get("columns", {}), Path(scratch))
        try:
            audited = audit(dataset)
            # without --period: the month of the latest record, or this month when no record has a date
            period = (
                Period.parse(options.period)
                if options.period
                else latest(dataset, items) or Period.containing(date.today(), "month")
            )
            everything = sorted(
                [*findings, *audited.findings], key=lambda d: (d.path, d.line, d.column, d.code)
            )
            analysis = Analysis(
                period=period,
                tables=tuple(dataset.tables.values()),
                kpis=kpis(dataset, items, period),
                funnels=funnels(dataset, period),
                findings=tuple(everything),
                quality=Quality.of(everything, audited.managers),
                files=len(chosen),
            )
        finally:
            dataset.connection.close()
    WRITERS[options.format](sys.stdout, analysis, playbook.language, playbook.currency, options.color)
    return 1 if any(d.severity is Severity.ERROR for d in analysis.findings) else 0
