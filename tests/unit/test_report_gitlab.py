"""`check --format gitlab`: GitLab Code Quality, with fingerprints that survive moved lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from generator.cli import cli


def _report(project: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", "-C", str(project), "--format", "gitlab"])
    assert result.exit_code == 1
    issues: list[dict[str, Any]] = json.loads(result.stdout)
    return issues


def test_fingerprints_are_stable_and_unique(project: Path) -> None:
    script = project / "standards/scripts/cold-call.yml"
    script.write_text(script.read_text().replace("next: offer\n", "next: ofer\n"))
    first = _report(project)
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in first] == [
        ("script-no-outcome", "major", 7),
        ("script-next", "major", 11),
        ("script-no-outcome", "major", 15),
        ("script-next", "major", 17),
        ("script-unreachable", "minor", 18),
    ]
    assert {i["location"]["path"] for i in first} == {"standards/scripts/cold-call.yml"}
    assert first[1]["description"] == "no step 'ofer' in this script (did you mean 'offer'?)"
    assert len({i["fingerprint"] for i in first}) == 5  # the same message twice: two fingerprints

    script.write_text("# a comment moves every line down\n" + script.read_text())
    moved = _report(project)
    assert [i["location"]["lines"]["begin"] for i in moved] == [8, 12, 16, 18, 19]
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in first]
