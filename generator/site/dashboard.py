"""The «Показатели» section: when playbook.yml names the CRM's exports (``analytics.data``), the
site shows every KPI's latest value against its target with its trend, the funnel with where
deals are lost, and the data-entry findings by manager and rule. Computed by the same analysis as
`playbook analyze`; the charts are drawn at build time as SVG files (Vega-Lite through
vl-convert), so the site needs no script and no CDN for them and prints as it shows."""

from __future__ import annotations

import hashlib
import json
import tempfile
import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import vl_convert

from generator.analysis.audit import audit
from generator.analysis.data import analytics_of, exports, named_exports, open_dataset
from generator.analysis.measure import compute, funnels, latest
from generator.analysis.period import Period
from generator.analysis.results import Funnel, KpiValue
from generator.diagnostics import Diagnostic, warning
from generator.kinds.crm import CrmEntity
from generator.kinds.kpi import Kpi
from generator.measures import measure
from generator.model import Playbook
from generator.project import Project
from generator.source import YamlFile

FOLDER = "metrics"
PAGE = f"{FOLDER}/index.md"
TREND = 12  # periods a KPI's trend shows
_WIDTH = 340  # CSS px: the charts are drawn for a phone (fonts of 14 px stay over 12 px at 360 px wide)
Locale = Literal["ru-RU", "en-GB"]
_LOCALES: dict[str, Locale] = {"ru": "ru-RU", "en": "en-GB"}  # the site's languages, as Vega knows them
_LAST: dict[str, Any] = {}  # the last figures computed in this process, by the digest of their inputs
_INK, _ACCENT, _TARGET = "#1f2937", "#1d4ed8", "#b45309"  # contrast over 4.5:1 on white


@dataclass(frozen=True)
class Losses:
    """Why the records the playbook calls lost were lost in the period: (reason, records)."""

    entity: str
    reasons: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.reasons)


@dataclass(frozen=True)
class Metrics:
    period: Period  # the month of the latest record
    trends: tuple[tuple[KpiValue, ...], ...]  # per KPI, oldest first: the last is the latest value
    funnels: tuple[Funnel, ...]
    losses: Losses | None
    quality: tuple[tuple[str, Mapping[str, int]], ...]  # per manager: findings by rule, most first
    rules: tuple[str, ...]  # the rules that found something, in order
    findings: int

    def latest(self, kpi: Kpi) -> KpiValue | None:
        return next((t[-1] for t in self.trends if t[-1].kpi.id == kpi.id), None)

    def step(self, stage: str) -> tuple[Funnel, int] | None:
        """The funnel a stage is in and the stage's index among its steps."""
        for funnel in self.funnels:
            for i, found in enumerate(funnel.steps):
                if found.stage == stage:
                    return funnel, i
        return None


def analyze_exports(
    project: Project, playbook: Playbook, head: YamlFile | None
) -> tuple[Metrics | None, list[Diagnostic]]:
    """The dashboard's figures from the exports ``analytics.data`` names (None when it names none).
    An export that is not there is a warning and no dashboard: the standards' site still builds
    (a copy of the standards alone, a fresh clone before the exports are written). The example's
    year of exports takes under a second, so no cache is worth its invalidation."""
    settings = analytics_of(head.data if head else {})
    given = named_exports(project, settings)
    absent = [
        warning(
            head.path,
            head.position(["analytics", "data", name]),
            f"no export at {settings['data'][name]}: the site is built without its metrics dashboard",
            "export",
        )
        for name, path in given
        if head and not path.is_file()
    ]
    if absent or not given:
        return None, absent
    key = hashlib.sha256(
        repr((settings, playbook.of(Kpi), playbook.of(CrmEntity), playbook.pipelines)).encode()
    )
    for _, path in given:
        key.update(hashlib.sha256(path.read_bytes()).digest())
    if _LAST.get("key") != key.hexdigest():  # serve regenerates on every save: exports rarely change
        _LAST.clear()
        _LAST.update(key=key.hexdigest(), metrics=_measured(playbook, given, settings))
    found: Metrics = _LAST["metrics"]
    return found, []


def _measured(playbook: Playbook, given: Sequence[tuple[str, Path]], settings: Mapping[str, Any]) -> Metrics:
    items = list(playbook.of(Kpi).values())
    with tempfile.TemporaryDirectory(prefix="playbook-metrics-") as scratch:
        chosen = exports(given, playbook.of(CrmEntity))
        dataset, read_findings = open_dataset(playbook, chosen, settings.get("columns", {}), Path(scratch))
        try:
            audited = audit(dataset)
            period = latest(dataset, items) or Period.containing(date.today(), "month")
            trends = tuple(
                _since_data([compute(dataset, kpi, p) for p in _periods(period, kpi)]) for kpi in items
            )
            lost = settings.get("lost")
            losses = _losses(dataset.connection, dataset.tables, lost, period) if lost else None
            found_funnels = funnels(dataset, period)
        finally:
            dataset.connection.close()
    findings = [*read_findings, *audited.findings]
    cells = Counter((audited.managers.get((d.path, d.line), ""), d.code) for d in findings if d.line > 1)
    people: dict[str, dict[str, int]] = {}
    for (manager, rule), n in sorted(cells.items()):
        if manager:
            people.setdefault(manager, {})[rule] = n
    quality = tuple(sorted(people.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))
    rules = tuple(sorted({rule for _, rule in cells}))
    return Metrics(period, trends, found_funnels, losses, quality, rules, len(findings))


def _periods(report: Period, kpi: Kpi) -> list[Period]:
    """The KPI's own periods ending in the report's, oldest first."""
    found = [report.of_kind(kpi.period)]
    while len(found) < TREND:
        found.append(found[-1].previous())
    return found[::-1]


def _since_data(trend: list[KpiValue]) -> tuple[KpiValue, ...]:
    """A trend from its first period with data (the exports may cover less than its periods);
    the latest period stays, with data or without."""
    first = next((i for i, v in enumerate(trend) if v.value is not None), len(trend) - 1)
    return tuple(trend[first:])


def _losses(
    connection: Any, tables: Mapping[str, Any], lost: Mapping[str, str], period: Period
) -> Losses | None:
    """The lost records of the period by reason, the period placing them by when they closed
    (or were created, for an entity with no closing date)."""
    entity, field = lost["field"].split(".")
    reason = lost["reason"].split(".")[1]
    table = tables.get(entity)
    if table is None or not (table.has(field) and table.has(reason)):
        return None
    dated = next((d for d in ("closed_at", "created_at") if table.has(d)), "")
    window = f' AND "{dated}" >= ? AND "{dated}" < ?' if dated else ""
    params: list[object] = [lost["value"]]
    if dated:
        params += [period.start, period.end]
    rows = connection.execute(
        f'SELECT "{reason}", count(*) AS n FROM {table.table} WHERE "{field}" = ?{window} '
        f'GROUP BY "{reason}" ORDER BY n DESC, "{reason}"',
        params,
    ).fetchall()
    return Losses(entity, tuple((str(r) if r is not None else "", int(n)) for r, n in rows))


def chart_files(metrics: Metrics, playbook: Playbook, labels: Mapping[str, Any]) -> dict[str, bytes]:
    """Every chart of the dashboard as an SVG file among the site's files."""
    files = {}
    for trend in metrics.trends:
        kpi = trend[-1].kpi
        if any(v.value is not None for v in trend):
            points = [
                {"period": v.period.label, "value": float(v.value) if v.value is not None else None}
                for v in trend
            ]
            files[f"{FOLDER}/{trend_chart(kpi)}"] = _svg(
                _trend_spec(points, kpi.target, kpi.unit, labels), playbook.language
            )
    for funnel in metrics.funnels:
        bars = [{"label": s.name, "value": s.entered} for s in funnel.steps]
        files[f"{FOLDER}/{funnel_chart(funnel)}"] = _svg(
            _bars_spec(bars, labels["metrics_records"]), playbook.language
        )
    if metrics.losses and metrics.losses.reasons:
        bars = [{"label": r or labels["nothing"], "value": n} for r, n in metrics.losses.reasons]
        files[f"{FOLDER}/losses.svg"] = _svg(_bars_spec(bars, labels["metrics_records"]), playbook.language)
    return files


def trend_chart(kpi: Kpi) -> str:
    """The chart's file name, beside the dashboard's page."""
    return f"trend-{kpi.id}.svg"


def funnel_chart(funnel: Funnel) -> str:
    return f"funnel-{funnel.entity}.svg"


def trend_text(trend: Sequence[KpiValue], playbook: Playbook, labels: Mapping[str, Any]) -> str:
    """A trend as words, for the chart's alt text: every period's figure and the target."""
    kpi = trend[-1].kpi
    figures = "; ".join(f"{v.period.label}: {_figure(v, playbook, labels)}" for v in trend)
    target = measure(kpi.target, kpi.unit, playbook.language, playbook.currency)
    return f"{kpi.name} — {figures}; {labels['target']}: {target}".replace("[", "(").replace("]", ")")


def _figure(value: KpiValue, playbook: Playbook, labels: Mapping[str, Any]) -> str:
    if value.value is None:
        return str(labels["metrics_no_data"])
    return measure(value.value, value.kpi.unit, playbook.language, playbook.currency)


def _axis() -> dict[str, Any]:
    return {
        "labelFontSize": 14,
        "titleFontSize": 14,
        "labelColor": _INK,
        "titleColor": _INK,
        "domainColor": _INK,
        "tickColor": _INK,
    }


def _trend_spec(
    points: list[dict[str, Any]], target: float, unit: str, labels: Mapping[str, Any]
) -> dict[str, Any]:
    x = {
        "field": "period",
        "type": "ordinal",
        "title": None,
        "axis": {"labelAngle": -60, "labelFontSize": 13},
    }
    # millions as the language writes them («12 млн»), not as SI does («12M»)
    million = json.dumps(" " + str(labels["metrics_million"]))
    ticks = f"datum.value >= 1e6 ? format(datum.value / 1e6, ',~r') + {million} : format(datum.value, ',~r')"
    y = {
        "field": "value",
        "type": "quantitative",
        "title": None,
        "axis": {"labelExpr": ticks, "tickCount": 4}
        if unit == "money"
        else {"format": ",~r", "tickCount": 4},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": _WIDTH - 60,
        "height": 160,
        "config": {"axis": _axis(), "view": {"stroke": None}, "font": "sans-serif"},
        "layer": [
            {
                "data": {"values": points},
                "mark": {"type": "line", "point": True, "color": _ACCENT, "strokeWidth": 2.5},
                "encoding": {"x": x, "y": y},
            },
            {
                "data": {"values": [{"target": target}]},
                "mark": {"type": "rule", "color": _TARGET, "strokeDash": [6, 4], "strokeWidth": 2},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            },
        ],
    }


def _bars_spec(bars: list[dict[str, Any]], title: str) -> dict[str, Any]:
    # a long name on lines of its own, at most 16 characters each, so the bars keep the width
    bars = [b | {"label": "\n".join(textwrap.wrap(b["label"], 16) or [""])} for b in bars]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": _WIDTH - 150,
        "height": {"step": 40},
        "config": {"axis": _axis(), "view": {"stroke": None}, "font": "sans-serif"},
        "data": {"values": bars},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 180, "labelExpr": "split(datum.label, '\\n')", "labelLineHeight": 16},
            },
            "x": {"field": "value", "type": "quantitative", "title": title, "axis": {"tickCount": 3}},
        },
        "layer": [
            {"mark": {"type": "bar", "color": _ACCENT}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 14, "color": _INK},
                "encoding": {"text": {"field": "value"}},
            },
        ],
    }


def _svg(spec: dict[str, Any], language: str) -> bytes:
    """Drawn with the language's number format (CSS scales the picture down to a narrower column)."""
    return _drawn(json.dumps(spec, sort_keys=True), _LOCALES.get(language, "en-GB"))


@lru_cache(maxsize=256)
def _drawn(spec: str, locale: Locale) -> bytes:
    """Drawing is most of the dashboard's time; serve redraws only the charts whose data changed."""
    svg: str = vl_convert.vegalite_to_svg(json.loads(spec), format_locale=locale)
    return svg.encode("utf-8")
