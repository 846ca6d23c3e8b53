"""Recertification: a person's certification stops being valid when the standards it covers
change after it was given. Found the way `playbook diff` finds changes: the standards at the last
commit on or before the record's day against the working tree's, compared entity by entity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from generator.changes.diff import diff
from generator.diagnostics import Diagnostic, warning
from generator.errors import PlaybookError
from generator.kinds import crm
from generator.kinds.certification import Certification
from generator.kinds.person import LAPSED, Person, Record, record_position
from generator.load.git import commit_on
from generator.pipeline import Standards, read_standards
from generator.project import Project

CODE = "certification-lapsed"


def invalidated(project: Project, current: Standards, today: date) -> Iterator[Diagnostic]:
    """A warning naming the person for each latest record whose certification's standards changed
    since the record's day (a record lapsed by time already has check's own warning)."""
    playbook = current.playbook
    if playbook is None:
        return
    certifications = playbook.of(Certification)
    files = {f.path: f for f in current.source.files}
    for person in playbook.of(Person).values():
        for i, record in enumerate(person.certifications):
            given = certifications.get(record.certification)
            if given is None or person.holds(given.id) is not record:
                continue
            if record.status(given.valid_days, today) == LAPSED:
                continue
            changed = _changed(project, current, record, given)
            if changed:
                yield warning(
                    person.path,
                    record_position(files[person.path], i),
                    f"{person.name}: certification '{given.id}' given on {record.date}: the standards it"
                    f" covers changed since ({', '.join(changed)}): recertify",
                    CODE,
                )


def _changed(project: Project, current: Standards, record: Record, given: Certification) -> list[str]:
    """The covered standards changed since the record's day, as «kind 'id'»; none when git cannot
    tell (no repository, no commit by that day, a shallow clone)."""
    commit = commit_on(project, record.date.isoformat())
    if commit is None:
        return []
    try:
        then = read_standards(project, commit)
    except PlaybookError:
        return []
    covered = {(kind, entity_id) for kind, ids in given.covers.by_kind() for entity_id in ids}
    covered |= {(crm.KIND.name, ref.partition(".")[0]) for ref in given.covers.crm}
    return [
        f"{change.kind.noun} '{change.id}'"
        for change in diff(then.source, current.source)
        if (change.kind.name, change.id) in covered
    ]
