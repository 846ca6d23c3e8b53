"""Certifications and who holds them: a record's status by its day, and recertification when the
standards a certification covers changed in git since the record was given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.kinds.person import EXPIRING, LAPSED, VALID, Record
from tests.conftest import copy_base
from tests.gitrepo import commit, init_repo

CERTIFICATION = """name: First-call certification
owner: head
valid_days: 365
pass_mark: 80
requires:
  role_play: {task: A first call with the head of sales as the client., assessed_by: head}
covers:
  stages: [first-call]
"""


def person(day: str) -> str:
    return f"""name: Ann Lee
role: seller
owner: head
certifications:
  - {{certification: first-call, date: {day}, score: 90, assessor: Bob Stone}}
"""


def test_a_record_is_valid_then_expiring_for_its_last_30_days_then_lapsed() -> None:
    record = Record("first-call", date(2026, 1, 1), 90, "Bob Stone")
    assert record.expires(365) == date(2027, 1, 1)
    assert record.status(365, date(2026, 12, 1)) == VALID
    assert record.status(365, date(2026, 12, 2)) == EXPIRING
    assert record.status(365, date(2026, 12, 31)) == EXPIRING
    assert record.status(365, date(2027, 1, 1)) == LAPSED


def _project(tmp_path: Path, record_day: str) -> Path:
    root = init_repo(copy_base(tmp_path / "project"))
    (root / "standards" / "certifications").mkdir()
    (root / "standards" / "people").mkdir()
    (root / "standards" / "certifications" / "first-call.yml").write_text(CERTIFICATION, encoding="utf-8")
    (root / "standards" / "people" / "ann.yml").write_text(person(record_day), encoding="utf-8")
    commit(root, "standards", date="2026-03-01T10:00:00")
    return root


def _check(root: Path) -> str:
    return CliRunner().invoke(cli, ["check", "-C", str(root), "--today", "2026-04-11"]).output


def test_a_change_to_a_covered_stage_after_the_record_calls_for_recertification(tmp_path: Path) -> None:
    root = _project(tmp_path, "2026-03-05")
    stage = root / "standards" / "stages" / "first-call.yml"
    stage.write_text(
        stage.read_text(encoding="utf-8").replace("summary:", "summary: Changed.", 1), encoding="utf-8"
    )
    commit(root, "the first call changes", date="2026-03-10T10:00:00")
    assert (
        "standards/people/ann.yml:5:39: warning: Ann Lee: certification 'first-call' given on 2026-03-05:"
        " the standards it covers changed since (stage 'first-call'): recertify [certification-lapsed]"
    ) in _check(root)


def test_a_record_given_after_the_change_or_a_change_elsewhere_keeps_it_valid(tmp_path: Path) -> None:
    root = _project(tmp_path, "2026-03-05")
    script = root / "standards" / "scripts" / "cold-call.yml"
    script.write_text(script.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stage = root / "standards" / "stages" / "first-call.yml"
    stage.write_text(
        stage.read_text(encoding="utf-8").replace("summary:", "summary: Changed.", 1), encoding="utf-8"
    )
    commit(root, "the first call changes", date="2026-03-04T10:00:00")
    assert "certification-lapsed" not in _check(root)
