"""An analysis written out: text for a terminal, JSON for tools and tests, Markdown for a
meeting. Findings are written by the same reporters `check` uses."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TextIO

import click

from generator.analysis.results import Analysis, Funnel, KpiValue
from generator.diagnostics import Diagnostic, Severity, count, summarize
from generator.measures import measure
from generator.report.diagnostics import TextReporter, _encodable, one_line

_SHOWN_IN_MARKDOWN = 50  # findings listed in a meeting's report; the rest are counted


def figure(value: Decimal | None, unit: str, language: str, currency: str) -> str:
    return "—" if value is None else measure(value, unit, language, currency)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def as_json(analysis: Analysis) -> dict[str, Any]:
    """The shape the issue gives: period, kpis, funnel, findings (as check's JSON gives them),
    and besides them the exports read and the data-quality summaries a dashboard draws. (Keywords,
    not string keys: the literal "kpis" would name a kind's folder outside its declaration.)"""
    return dict(
        period=analysis.period.label,
        kpis=[_kpi(k) for k in analysis.kpis],
        funnel=[
            {
                "entity": f.entity,
                "stage": s.stage,
                "name": s.name,
                "entered": s.entered,
                "conversion": _number(s.conversion),
                "exact": f.exact,
            }
            for f in analysis.funnels
            for s in f.steps
        ],
        findings=_findings(analysis.findings),
        exports=[{"file": t.export.shown, "form": t.form, "rows": t.rows} for t in analysis.tables],
        quality={
            "by_rule": dict(analysis.quality.by_rule),
            "by_manager": dict(analysis.quality.by_manager),
        },
    )


def _findings(findings: tuple[Diagnostic, ...]) -> list[dict[str, Any]]:
    """Each diagnostic exactly as `check --format json` writes it."""
    return [{**d.as_dict(), "path": _encodable(d.path), "message": _encodable(d.message)} for d in findings]


def _kpi(value: KpiValue) -> dict[str, Any]:
    kpi = value.kpi
    return {
        "id": kpi.id,
        "value": _number(value.value),
        "unit": kpi.unit,
        "target": kpi.target,
        "status": value.status,
        "records": value.records,
        "by": {
            field: [{"key": g.key, "value": _number(g.value), "records": g.records} for g in groups]
            for field, groups in value.by.items()
        },
        "period": value.period.label,
        "reason": value.reason or None,
    }


def write_json(stream: TextIO, analysis: Analysis, language: str, currency: str, color: bool) -> None:
    click.echo(json.dumps(as_json(analysis), ensure_ascii=False, indent=2), file=stream)


def write_text(stream: TextIO, analysis: Analysis, language: str, currency: str, color: bool) -> None:
    def out(text: str = "") -> None:
        click.echo(text, file=stream, color=color)

    def fig(value: Decimal | None, unit: str) -> str:
        return figure(value, unit, language, currency)

    out(click.style(f"Period {analysis.period.label}", bold=True))
    for table in analysis.tables:
        out(f"  read {one_line(table.export.shown)}: {table.form}, {table.rows:,} rows")
    out()
    out(click.style("KPIs", bold=True))
    for value in analysis.kpis:
        kpi = value.kpi
        head = f"  {kpi.name} ({kpi.id}, {value.period.label}): "
        if value.value is None:
            out(head + f"no data — {value.reason or 'no records in the period'}")
            continue
        status = click.style(value.status, fg=_STATUS_COLOURS[value.status], bold=True)
        out(
            head
            + f"{fig(value.value, kpi.unit)}, target {fig(Decimal(str(kpi.target)), kpi.unit)}, {status}, {count(value.records, 'record')}"
        )
        for field, groups in value.by.items():
            shown = ", ".join(f"{g.key or '(empty)'} {fig(g.value, kpi.unit)} ({g.records})" for g in groups)
            out(f"      by {field}: {one_line(shown)}")
    for funnel in analysis.funnels:
        out()
        out(click.style(f"Funnel of {funnel.entity} ({_how(funnel)})", bold=True))
        for step in funnel.steps:
            onward = "" if step.conversion is None else f" → {fig(step.conversion, 'percent')} go on"
            out(f"  {step.name:<32} {step.entered:>7,}{onward}")
    out()
    out(click.style("Findings", bold=True))
    TextReporter(stream, color).report(analysis.findings, summarize(analysis.findings, analysis.files))
    for title, counts in (("by rule", analysis.quality.by_rule), ("by manager", analysis.quality.by_manager)):
        if counts:
            out(f"  {title}: " + one_line(", ".join(f"{k} {n:,}" for k, n in counts.items())))


def _how(funnel: Funnel) -> str:
    if funnel.exact:
        return "from the stage history"
    return f"approximated from each record's current stage: give --data {funnel.entity}_history=FILE for exact figures"


_STATUS_COLOURS = {"good": "green", "warning": "yellow", "critical": "red", "no-data": "white"}


def write_markdown(stream: TextIO, analysis: Analysis, language: str, currency: str, color: bool) -> None:
    for line in _markdown(analysis, language, currency):
        click.echo(line, file=stream)


def _cell(text: str) -> str:
    return one_line(text).replace("|", "\\|")


def _markdown(analysis: Analysis, language: str, currency: str) -> Iterator[str]:
    def fig(value: Decimal | None, unit: str) -> str:
        return figure(value, unit, language, currency)

    yield f"# KPIs for {analysis.period.label}"
    yield ""
    yield "| KPI | Period | Value | Target | Status | Records |"
    yield "| --- | --- | ---: | ---: | --- | ---: |"
    for v in analysis.kpis:
        status = v.status if v.value is not None else f"no data: {v.reason or 'no records'}"
        target = fig(Decimal(str(v.kpi.target)), v.kpi.unit)
        yield f"| {_cell(v.kpi.name)} | {v.period.label} | {fig(v.value, v.kpi.unit)} | {target} | {_cell(status)} | {v.records:,} |"
    for v in analysis.kpis:
        for field, groups in v.by.items():
            yield ""
            yield f"**{_cell(v.kpi.name)}** by {field}: " + "; ".join(
                f"{_cell(g.key or '(empty)')} {fig(g.value, v.kpi.unit)} ({g.records})" for g in groups
            )
    for funnel in analysis.funnels:
        yield ""
        yield f"## Funnel of {funnel.entity}"
        yield ""
        yield f"_{_how(funnel)}_"
        yield ""
        yield "| Stage | Reached | Went on |"
        yield "| --- | ---: | ---: |"
        for step in funnel.steps:
            yield f"| {_cell(step.name)} | {step.entered:,} | {fig(step.conversion, 'percent')} |"
    yield ""
    yield "## Data quality"
    yield ""
    errors = sum(1 for d in analysis.findings if d.severity is Severity.ERROR)
    yield f"{errors:,} errors, {len(analysis.findings) - errors:,} warnings."
    for title, counts in (("Rule", analysis.quality.by_rule), ("Manager", analysis.quality.by_manager)):
        if counts:
            yield ""
            yield f"| {title} | Findings |"
            yield "| --- | ---: |"
            yield from (f"| {_cell(k)} | {n:,} |" for k, n in counts.items())
    if analysis.findings:
        yield ""
        for d in analysis.findings[:_SHOWN_IN_MARKDOWN]:
            yield f"- `{_cell(d.path)}:{d.line}:{d.column}` {d.severity.value}: {_cell(d.message)} [{d.code}]"
        rest = len(analysis.findings) - _SHOWN_IN_MARKDOWN
        if rest > 0:
            yield f"- … and {rest:,} more (`playbook analyze` lists them all)"


Writer = Callable[[TextIO, Analysis, str, str, bool], None]
WRITERS: dict[str, Writer] = {"text": write_text, "json": write_json, "markdown": write_markdown}
