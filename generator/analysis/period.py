"""Reporting periods: the one asked for (``2026-11``, ``2026-W48``, ``2026-Q4``, ``2026``), and
each KPI's own period (a week, a month, a quarter…) that ends in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from generator.errors import UsageError

_FORMS = {
    "year": re.compile(r"(\d{4})"),
    "quarter": re.compile(r"(\d{4})-Q([1-4])"),
    "month": re.compile(r"(\d{4})-(0[1-9]|1[0-2])"),
    "week": re.compile(r"(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])"),
    "day": re.compile(r"(\d{4})-(\d\d)-(\d\d)"),
}


@dataclass(frozen=True, order=True)
class Period:
    """Days from ``start`` up to, not including, ``end``."""

    start: date
    end: date
    kind: str

    @classmethod
    def parse(cls, text: str) -> Period:
        for kind, form in _FORMS.items():
            match = form.fullmatch(text)
            if match:
                try:
                    return _made(kind, *map(int, match.groups()))
                except ValueError:
                    break
        raise UsageError(
            f"--period {text!r}: write a month (2026-11), a week (2026-W48), a quarter (2026-Q4), a year (2026) or a day (2026-11-30)"
        )

    @classmethod
    def containing(cls, day: date, kind: str) -> Period:
        if kind == "week":
            year, week, _ = day.isocalendar()
            return _made("week", year, week)
        if kind == "quarter":
            return _made("quarter", day.year, (day.month - 1) // 3 + 1)
        if kind == "day":
            return _made("day", day.year, day.month, day.day)
        return _made(kind, day.year, day.month) if kind == "month" else _made("year", day.year)

    def of_kind(self, kind: str) -> Period:
        """The period of ``kind`` a KPI is judged over for this report: the last whole week that
        ends in it, or the month, quarter or year it ends in."""
        last = self.end - timedelta(days=1)
        if kind == "week" and self.kind != "day":
            return Period.containing(last - timedelta(days=(last.isoweekday() % 7)), "week")
        return Period.containing(last, kind)

    def previous(self) -> Period:
        return Period.containing(self.start - timedelta(days=1), self.kind)

    @property
    def label(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return str(self.start.year) if self.kind == "year" else self.start.isoformat()


def _made(kind: str, year: int, number: int = 1, day: int = 1) -> Period:
    if kind == "week":
        start = date.fromisocalendar(year, number, 1)
        return Period(start, start + timedelta(days=7), kind)
    if kind == "day":
        start = date(year, number, day)
        return Period(start, start + timedelta(days=1), kind)
    months = {"year": (1, 12), "quarter": (3 * number - 2, 3), "month": (number, 1)}[kind]
    start = date(year, months[0], 1)
    following = months[0] - 1 + months[1]
    return Period(start, date(year + following // 12, following % 12 + 1, 1), kind)
