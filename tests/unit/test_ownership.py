"""Owners and review dates as `check` reports them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import CASES


def _check(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "-C", str(project), "--strict", *args])
    return result.exit_code, result.output


def _review(project: Path, reviewed: date) -> None:
    base = (CASES / "base/standards/scripts/cold-call.yml").read_text()
    script = project / "standards/scripts/cold-call.yml"
    script.write_text(base.replace("owner: seller\n", f"owner: seller\nreviewed: {reviewed}\n"))


def test_without_today_the_real_date_judges_the_review(project: Path) -> None:
    _review(project, date.today() - timedelta(days=90))
    assert _check(project) == (0, "9 files checked: no problems found\n")
    _review(project, date.today() - timedelta(days=91))
    code, output = _check(project)
    assert code == 1
    due = date.today() - timedelta(days=1)
    assert f"due every 90 days: overdue since {due} [review-overdue]" in output


def test_the_interval_of_a_kind_comes_from_review_days(project: Path) -> None:
    _review(project, date(2026, 1, 10))
    playbook = project / "standards/playbook.yml"
    playbook.write_text(playbook.read_text() + "review_days:\n  default: 30\n  script: 365\n")
    assert _check(project, "--today", "2027-01-10") == (0, "9 files checked: no problems found\n")
    code, output = _check(project, "--today", "2027-01-11")
    assert (code, output.splitlines()[0]) == (
        1,
        "standards/scripts/cold-call.yml:3:11: warning: reviewed 2026-01-10, due every 365 days: overdue since 2027-01-10 [review-overdue]",
    )


def test_review_days_are_checked_by_the_schema(project: Path) -> None:
    playbook = project / "standards/playbook.yml"
    playbook.write_text(playbook.read_text() + "review_days:\n  scripts: 30\n  default: 0\n")
    code, output = _check(project)
    assert code == 1
    assert "review_days.default: must be at least 1, not 0 [schema]" in output
    assert "unknown key 'scripts' in review_days (did you mean 'script'?)" in output


def test_an_unknown_code_to_ignore_is_a_usage_error(project: Path) -> None:
    code, output = _check(project, "--ignore", "review-overdu")
    assert code == 2
    assert "Invalid value for '--ignore': 'review-overdu' is not one of" in output
