"""People: who is on the team, in which role, and which certifications they hold. check judges
each record against its certification: a score below its pass mark or a date after today is an
error; a certification past its `valid_days` is a warning naming the person (its own code,
`certification-lapsed`: a fact about a person to act on, not a flaw of the standards)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.kinds import certification
from generator.kinds.entity import Entity, from_file
from generator.kinds.kind import Kind, Scope
from generator.source import Position, SourceFile

EXPIRING_DAYS = 30  # a certification that ends within this many days is shown as expiring
VALID, EXPIRING, LAPSED = "valid", "expiring", "lapsed"


@dataclass(frozen=True)
class Record:
    certification: str
    date: datetime.date
    score: int
    assessor: str

    def expires(self, valid_days: int) -> datetime.date:
        """The first day it is no longer valid."""
        return self.date + timedelta(days=valid_days)

    def status(self, valid_days: int, today: datetime.date) -> str:
        ends = self.expires(valid_days)
        if ends <= today:
            return LAPSED
        return EXPIRING if (ends - today).days <= EXPIRING_DAYS else VALID


@dataclass(frozen=True)
class Person(Entity):
    role: str = ""
    certifications: tuple[Record, ...] = ()

    @property
    def expiring_days(self) -> int:
        """Days before its end from which a certification shows as expiring (for the pages)."""
        return EXPIRING_DAYS

    def holds(self, certification_id: str) -> Record | None:
        """Their latest record of a certification."""
        records = [r for r in self.certifications if r.certification == certification_id]
        return max(records, key=lambda r: r.date) if records else None


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Person:
    return from_file(
        Person, file, certifications=tuple(_record(r) for r in file.data.get("certifications", ()))
    )


def _record(data: Mapping[str, Any]) -> Record:
    return Record(
        data["certification"], datetime.date.fromisoformat(data["date"]), data["score"], data["assessor"]
    )


def record_position(file: SourceFile, index: int) -> Position:
    """Where a person's file gives the day of its record at ``index``."""
    return file.position(["certifications", index, "date"])


def check_records(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """Each record against its certification and the day of the check (an unknown certification
    is the reference check's)."""
    known = {f.id: certification.build(f, {}) for f in scope.files(certification.KIND)}
    for file in files:
        person = build(file, {})
        latest = {r.certification: r for r in sorted(person.certifications, key=lambda r: r.date)}
        for i, record in enumerate(person.certifications):
            at: list[str | int] = ["certifications", i]
            given = known.get(record.certification)
            if record.date > scope.today:
                yield error(
                    file.path,
                    file.position([*at, "date"]),
                    f"{person.name}: '{record.certification}' given on {record.date}, after today ({scope.today})",
                    "certification-date",
                )
            if given is None:
                continue
            if record.score < given.pass_mark:
                yield error(
                    file.path,
                    file.position([*at, "score"]),
                    f"{person.name}: score {record.score} for '{given.id}' is below its pass mark {given.pass_mark}",
                    "certification-score",
                )
            if (
                latest[record.certification] is record
                and record.status(given.valid_days, scope.today) == LAPSED
            ):
                yield warning(
                    file.path,
                    file.position([*at, "date"]),
                    f"{person.name}: certification '{given.id}' given on {record.date} lapsed on"
                    f" {record.expires(given.valid_days)} (valid {given.valid_days} days): recertify",
                    "certification-lapsed",
                )


KIND = Kind(
    name="person",
    noun="person",
    folder="people",
    model=Person,
    build=build,
    checks=(check_records,),
)
