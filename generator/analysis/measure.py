"""KPI measures → SQL → values. The SQL is generated from the measure: table and column names
come from validated ids (an entity's kebab-case id, a field's snake_case id), and every value a
standard or a user wrote — an enum value, a date, a stage's name — is a parameter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from generator.analysis.data import Dataset, Stages, table_name
from generator.analysis.period import Period
from generator.analysis.results import Funnel, FunnelStep, Group, KpiValue
from generator.kinds.kpi import Condition, Kpi, Measure, WorkingHours

Params = list[object]
_HUNDRED = Decimal(100)
_PLACES = {"money": Decimal("0.01"), "score": Decimal("0.01"), "count": Decimal(1)}
_PLACE = Decimal("0.1")
_PER_MINUTE = {"minutes": 1, "hours": 60, "days": 1440}


def _column(field_id: str) -> str:
    return f'"{field_id}"'


def _table(entity: str) -> str:
    return "t_" + table_name(entity)


@dataclass
class _Sql:
    """A WHERE clause being built, with its parameters in order."""

    clauses: list[str] = field(default_factory=list)
    params: Params = field(default_factory=list)

    def add(self, clause: str, *params: object) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    @property
    def where(self) -> str:
        return " AND ".join(self.clauses) or "true"


def _condition(condition: Condition, sql: _Sql, prefix: str = "") -> None:
    column = prefix + _column(condition.field)
    if condition.filled is not None:
        sql.add(f"{column} IS {'NOT ' if condition.filled else ''}NULL")
    elif condition.negated:
        sql.add(f"({column} IS NULL OR NOT list_contains(?, {column}))", list(condition.values))
    else:
        sql.add(f"list_contains(?, {column})", list(condition.values))


def _filtered(part: Measure, period: Period | None, prefix: str = "") -> _Sql:
    sql = _Sql()
    if part.date and period is not None:
        date = prefix + _column(part.date)
        sql.add(f"{date} >= ? AND {date} < ?", _moment(period.start), _moment(period.end))
    for condition in part.where:
        _condition(condition, sql, prefix)
    if part.linked_by:
        owner, _, link = part.linked_by.partition(".")
        sql.add(
            f"{prefix}_id IN (SELECT {_column(link)} FROM {_table(owner)} WHERE {_column(link)} IS NOT NULL)"
        )
    return sql


def _moment(day: date) -> datetime:
    return datetime.combine(day, time())


def _working_minutes(moment: str, hours: WorkingHours) -> str:
    """Working minutes from a Monday long ago (1900-01-01) to ``moment``: whole working days
    before its date, and the part of its own day inside the working hours."""
    length = hours.end - hours.start
    day = f"date_diff('day', DATE '1900-01-01', CAST({moment} AS DATE))"
    clock = f"(hour({moment}) * 60 + minute({moment}) + second({moment}) / 60.0)"
    inside = f"CASE WHEN {day} % 7 < {hours.days} THEN least(greatest({clock} - {hours.start}, 0), {length}) ELSE 0 END"
    return f"((({day}) // 7 * {hours.days} + least({day} % 7, {hours.days})) * {length} + {inside})"


def duration(part: Measure) -> str:
    """SQL for a duration measure's value of one record, in its unit."""
    start, end = _column(part.start), _column(part.end)
    if part.working_hours is None:
        return f"((epoch({end}) - epoch({start})) / {60 * _PER_MINUTE[part.unit]}.0)"
    hours = part.working_hours
    per = _PER_MINUTE[part.unit] if part.unit != "days" else hours.end - hours.start  # a working day
    return f"(({_working_minutes(end, hours)} - {_working_minutes(start, hours)}) / {per}.0)"


def _aggregates(part: Measure) -> tuple[str, ...]:
    """The SQL aggregates a part's value is made of (combined by :func:`_value`)."""
    if part.aggregate == "count":
        return ("count(*)",)
    if part.aggregate in ("sum", "average"):
        value = _column(part.field)
        return (f"sum({value})", f"count({value})")
    if part.aggregate == "median":
        value = _column(part.field)
        return (f"CAST(median({value}) AS VARCHAR)", f"count({value})")
    if part.aggregate == "duration":
        value = duration(part)
        statistic = "avg" if part.statistic == "average" else "median"
        return (f"CAST({statistic}({value}) AS VARCHAR)", f"count({value})")
    raise AssertionError(part.aggregate)  # share: _share_sql; conversion: _conversion


def _value(part: Measure, row: Sequence[object]) -> tuple[Decimal | None, int]:
    if part.aggregate == "count":
        n = int(row[0])  # type: ignore[call-overload]
        return (Decimal(n) if n else None), n
    first, records = row[0], int(row[1])  # type: ignore[call-overload]
    if not records or first is None:
        return None, records
    if part.aggregate == "average":
        return Decimal(str(first)) / records, records
    if part.aggregate == "share":
        return Decimal(str(first)) * _HUNDRED / records, records
    return Decimal(str(first)), records


Grouped = dict[
    str, dict[str | None, tuple[Decimal | None, int]]
]  # breakdown field ('' = all) -> key -> value


def _grouped(dataset: Dataset, part: Measure, period: Period | None, by: Sequence[str]) -> Grouped:
    """The part's value overall ('') and by each field of ``by``, in one query (grouping sets)."""
    if part.aggregate == "conversion":
        return _conversion(dataset, part, period, by)
    sql = _filtered(part, period)
    if part.aggregate == "share":
        inner = _Sql()
        for condition in part.share:
            _condition(condition, inner)
        aggregates: tuple[str, ...] = (f"count(*) FILTER (WHERE {inner.where})", "count(*)")
        params = [*inner.params, *sql.params]
    else:
        aggregates = _aggregates(part)
        params = sql.params
    return _run_grouped(
        dataset, aggregates, f"FROM {_table(part.entity)} WHERE {sql.where}", params, by, part
    )


def _run_grouped(
    dataset: Dataset, aggregates: Sequence[str], body: str, params: Params, by: Sequence[str], part: Measure
) -> Grouped:
    keys = [_column(f) for f in by]
    marks = ", ".join(f"GROUPING({k}), CAST({k} AS VARCHAR)" for k in keys)
    sets = ", ".join(["()", *(f"({k})" for k in keys)])
    select = ", ".join([*([marks] if marks else []), *aggregates])
    rows = dataset.connection.execute(
        f"SELECT {select} {body} GROUP BY GROUPING SETS ({sets})", params
    ).fetchall()
    found: Grouped = {"": {}, **{f: {} for f in by}}
    for row in rows:
        values = row[2 * len(by) :]
        breakdown = next((f for i, f in enumerate(by) if row[2 * i] == 0), "")
        key = row[2 * by.index(breakdown) + 1] if breakdown else None
        found[breakdown][key] = _value(part, values)
    return found


def _conversion(dataset: Dataset, part: Measure, period: Period | None, by: Sequence[str]) -> Grouped:
    """Of the records that entered ``from_stage`` in the period, the percent that went on to
    ``to_stage`` (then or later): from the stage history when there is one, otherwise from the
    current stage of the records the measure's date places in the period."""
    stages = dataset.stages(part.entity)
    assert stages is not None, "missing(): a conversion needs the entity's stage field"
    entered, went_on = stages.position(part.from_stage), stages.position(part.to_stage)
    names = dict(stages.order)
    history = dataset.history(part.entity)
    counted = Measure("share", entity=part.entity)  # entered and went on, as a share
    if history is None or period is None:
        sql = _filtered(part, period)
        position = f"list_position(?, {_column(stages.field)})"
        aggregates = (
            f"count(*) FILTER (WHERE {position} >= {went_on})",
            f"count(*) FILTER (WHERE {position} >= {entered})",
        )
        body = f"FROM {_table(part.entity)} WHERE {sql.where}"
        return _run_grouped(dataset, aggregates, body, [stages.names, stages.names, *sql.params], by, counted)
    sql = _filtered(
        Measure(part.aggregate, entity=part.entity, where=part.where, linked_by=part.linked_by), None, "d."
    )
    body = (
        f"FROM (SELECT _id, min(entered_at) AS at FROM {history.table} WHERE stage = ? AND entered_at >= ? "
        f"AND entered_at < ? GROUP BY _id) a JOIN {_table(part.entity)} d ON d._id = a._id "
        f"LEFT JOIN (SELECT _id, max(entered_at) AS at FROM {history.table} WHERE stage = ? GROUP BY _id) b "
        f"ON b._id = a._id WHERE {sql.where}"
    )
    params = [
        names[part.from_stage],
        _moment(period.start),
        _moment(period.end),
        names[part.to_stage],
        *sql.params,
    ]
    aggregates = ("count(*) FILTER (WHERE b.at >= a.at)", "count(*)")
    keyed = [f"d.{_column(f)}" for f in by]
    marks = ", ".join(f"GROUPING({k}), CAST({k} AS VARCHAR)" for k in keyed)
    sets = ", ".join(["()", *(f"({k})" for k in keyed)])
    select = ", ".join([*([marks] if marks else []), *aggregates])
    rows = dataset.connection.execute(
        f"SELECT {select} {body} GROUP BY GROUPING SETS ({sets})", params
    ).fetchall()
    found: Grouped = {"": {}, **{f: {} for f in by}}
    for row in rows:
        breakdown = next((f for i, f in enumerate(by) if row[2 * i] == 0), "")
        key = row[2 * by.index(breakdown) + 1] if breakdown else None
        found[breakdown][key] = _value(counted, row[2 * len(by) :])
    return found


def needs(measure: Measure) -> Iterable[tuple[str, str]]:
    """Every (entity, column) the measure reads."""
    for part in measure.parts:
        if part.aggregate == "ratio":
            continue
        columns = [
            part.date,
            part.field,
            part.start,
            part.end,
            *(c.field for c in (*part.where, *part.share)),
        ]
        yield from ((part.entity, c) for c in columns if c)
        if part.linked_by:
            owner, _, link = part.linked_by.partition(".")
            yield owner, link


def missing(dataset: Dataset, measure: Measure) -> str:
    """Why the measure cannot be computed from these exports ('' when it can)."""
    for part in measure.parts:
        if part.aggregate == "conversion" and dataset.stages(part.entity) is None:
            # check warns of it (kpi-measure): a stage renamed before the CRM value that names it
            return f"no field of {part.entity} names the pipeline's stages by their names: see check's kpi-measure"
    for entity, column in needs(measure):
        table = dataset.tables.get(entity)
        if table is None:
            return f"needs an export of {entity}: --data {entity}=FILE"
        if not table.has(column):
            field = dataset.entity(entity).field(column)
            return f"{table.export.shown} has no column «{field.label}» ({entity}.{column})"
    return ""


def compute(dataset: Dataset, kpi: Kpi, report: Period) -> KpiValue:
    """``kpi``'s value over its own period ending in ``report``, with its breakdowns."""
    period = report.of_kind(kpi.period)
    measure = kpi.measure
    if measure is None:
        return KpiValue(kpi, period, None, 0, reason="the KPI has no measure: its formula is text only")
    why = missing(dataset, measure)
    if why:
        return KpiValue(kpi, period, None, 0, reason=why)
    by = [f for f in measure.by if all(dataset.tables[p.entity].has(f) for p in _counted(measure))]
    if measure.aggregate == "ratio":
        assert measure.numerator is not None and measure.denominator is not None
        above = _grouped(dataset, measure.numerator, period, by)
        below = _grouped(dataset, measure.denominator, period, by)
        scale = _HUNDRED if kpi.unit == "percent" else Decimal(1)
        combined = _combine(above, below, lambda a, b: a * scale / b if b else None, denominator=True)
    else:
        combined = _grouped(dataset, measure, period, by)
        if measure.minus is not None:
            taken = _grouped(dataset, measure.minus, period, by)
            combined = _combine(combined, taken, lambda a, b: a - b, denominator=False)
    place = _PLACES.get(kpi.unit, _PLACE)
    rounded = {
        f: {k: (_round(v, place), n) for k, (v, n) in groups.items()} for f, groups in combined.items()
    }
    value, records = rounded[""].get(None, (None, 0))
    breakdowns = {
        f: tuple(Group(k, v, n) for k, (v, n) in sorted(groups.items(), key=_by_size))
        for f, groups in rounded.items()
        if f
    }
    return KpiValue(kpi, period, value, records, breakdowns)


def _counted(measure: Measure) -> tuple[Measure, ...]:
    return tuple(p for p in measure.parts if p.aggregate != "ratio")


def _combine(
    first: Grouped, second: Grouped, how: Callable[[Decimal, Decimal], Decimal | None], denominator: bool
) -> Grouped:
    """Two parts joined group by group: a ratio counts the records below the line; a difference
    those of its first part, a missing second value counting as nothing to subtract."""
    combined: Grouped = {}
    for breakdown, groups in first.items():
        other = second.get(breakdown, {})
        keys = set(groups) | set(other) if denominator else set(groups)
        combined[breakdown] = {}
        for key in keys:
            a, n = groups.get(key, (None, 0))
            b, m = other.get(key, (None, 0))
            if denominator:
                value = how(a or Decimal(0), b) if b else None
                combined[breakdown][key] = (value, m)
            else:
                value = how(a, b or Decimal(0)) if a is not None else None
                combined[breakdown][key] = (value, n)
    return combined


def _round(value: Decimal | None, place: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(place)


def _by_size(item: tuple[str | None, tuple[Decimal | None, int]]) -> tuple[int, str]:
    key, (_, records) = item
    return -records, key or ""


def funnel(dataset: Dataset, entity: str, stages: Stages, period: Period) -> Funnel:
    """Of the records that entered the pipeline in the period, how many reached each stage (or
    one after it: a deal from a lead starts at the presentation), and the percent that went on
    to the next; from the stage history, or else from each record's current stage."""
    history = dataset.history(entity)
    connection = dataset.connection
    window: Params = [_moment(period.start), _moment(period.end)]
    if history is not None:
        query = (
            f"SELECT reached, count(*) FROM (SELECT max(list_position(?, stage)) AS reached FROM {history.table} "
            "GROUP BY _id HAVING min(entered_at) >= ? AND min(entered_at) < ?) GROUP BY reached"
        )
    else:
        dated = dataset.tables[entity].has("created_at")
        where = f"{_column('created_at')} >= ? AND {_column('created_at')} < ?" if dated else "true"
        window = window if dated else []
        query = f"SELECT list_position(?, {_column(stages.field)}) AS reached, count(*) FROM {_table(entity)} WHERE {where} GROUP BY reached"
    rows = connection.execute(query, [stages.names, *window]).fetchall()
    at = {int(p): int(n) for p, n in rows if p is not None}
    counts = [sum(n for p, n in at.items() if p >= i) for i in range(1, len(stages.order) + 1)]
    values = dataset.entity(entity).field(stages.field).values
    first = next((i for i, (_, name) in enumerate(stages.order) if name in values), 0)
    steps = []
    for i in range(first, len(stages.order)):
        stage, name = stages.order[i]
        following = counts[i + 1] if i + 1 < len(counts) else None
        conversion = (
            None
            if following is None or not counts[i]
            else (Decimal(following) * _HUNDRED / counts[i]).quantize(_PLACE)
        )
        steps.append(FunnelStep(stage, name, counts[i], conversion))
    return Funnel(entity, history is not None, tuple(steps))


def kpis(dataset: Dataset, items: Iterable[Kpi], period: Period) -> tuple[KpiValue, ...]:
    return tuple(compute(dataset, kpi, period) for kpi in items)


def funnels(dataset: Dataset, period: Period) -> tuple[Funnel, ...]:
    found = []
    for entity in sorted(e for e in dataset.tables if not e.endswith("_history")):
        stages = dataset.stages(entity)
        if stages is not None and dataset.tables[entity].has(stages.field):
            found.append(funnel(dataset, entity, stages, period))
    return tuple(found)


def latest(dataset: Dataset, items: Iterable[Kpi]) -> Period | None:
    """The month of the latest date any KPI places records by: the default period."""
    moments: list[date] = []
    for kpi in items:
        for part in _counted(kpi.measure) if kpi.measure else ():
            table = dataset.tables.get(part.entity)
            if part.date and table is not None and table.has(part.date):
                found = dataset.connection.execute(
                    f"SELECT max({_column(part.date)}) FROM {table.table}"
                ).fetchone()
                if found and isinstance(found[0], date):  # a datetime is a date too
                    moments.append(found[0].date() if isinstance(found[0], datetime) else found[0])
    return Period.containing(max(moments), "month") if moments else None
