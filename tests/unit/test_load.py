"""The loader: positions of every key and value, hostile input turned into diagnostics."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.load import Limits
from generator.validate import validate
from tests.conftest import source_of


def _write(project: Path, rel: str, content: str | bytes) -> Path:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_positions_of_keys_and_values_are_one_based(project: Path) -> None:
    _write(
        project,
        "standards/stages/closing.yml",
        "name: Closing\nsummary: x\ngoal: y\nowner: seller\nexit_criteria:\n  - one\n  -   two\n",
    )
    stage = next(f for f in source_of(project).files if f.path == "standards/stages/closing.yml")
    assert stage.position(["name"], key=True) == (1, 1)
    assert stage.position(["name"]) == (1, 7)
    assert stage.position(["exit_criteria", 1]) == (7, 7)
    assert stage.position(["exit_criteria", 9]) == (
        6,
        3,
    )  # nearest existing parent: the list, at its first "-"
    assert stage.position(["missing", "deeper"]) == (1, 1)


def test_dates_stay_text_and_numbers_are_numbers(project: Path) -> None:
    _write(
        project,
        "standards/samples/big-deal.yml",
        "name: x\ndata:\n  date: 2026-11-27\n  price: 1200.50\n  count: 3\n  paid: false\n  note: ~\n",
    )
    sample = next(f for f in source_of(project).files if f.id == "big-deal")
    assert sample.data["data"] == {
        "date": "2026-11-27",
        "price": 1200.5,
        "count": 3,
        "paid": False,
        "note": None,
    }


def test_a_file_over_the_size_limit_is_not_read(project: Path) -> None:
    _write(project, "standards/stages/closing.yml", "name: x\n" + "# padding\n" * 200)
    [finding] = source_of(project, Limits(max_file_bytes=1000)).diagnostics
    assert (finding.path, finding.code) == ("standards/stages/closing.yml", "limit")
    assert finding.message == "file is 2,008 bytes, over the limit of 1,000"


def test_a_symlink_out_of_the_project_is_not_followed(project: Path, tmp_path: Path) -> None:
    secret = _write(tmp_path, "outside/secret.yml", "name: secret\n")
    (project / "standards/stages/closing.yml").unlink()
    os.symlink(secret, project / "standards/stages/closing.yml")
    found = validate(source_of(project))
    assert [(d.path, d.code, d.message) for d in found if d.code == "symlink"] == [
        ("standards/stages/closing.yml", "symlink", "symbolic link to a file outside the project; not read")
    ]
    assert not any(d.code == "pipeline" for d in found)  # its id still counts as a stage


def test_a_dangling_symlink_is_reported(project: Path) -> None:
    os.symlink(project / "standards/stages/nowhere.yml", project / "standards/stages/ghost.yml")
    [finding] = [d for d in source_of(project).diagnostics if d.path.endswith("ghost.yml")]
    assert finding.code == "io" and finding.message.startswith("cannot read the file:")


def test_too_many_files_stops_reading(project: Path) -> None:
    found = source_of(project, Limits(max_files=3)).diagnostics
    assert [d.message for d in found if d.code == "limit"] == ["more than 3 files; the rest were not read"]


def test_no_standards_folder_is_a_project_error(tmp_path: Path) -> None:
    from generator.errors import ProjectNotFound

    with pytest.raises(ProjectNotFound, match="no 'standards/' folder"):
        source_of(tmp_path)


def _assert_points_into_file(project: Path, finding: Diagnostic) -> None:
    path = project / finding.path
    if not path.is_file():
        assert finding.code == "missing-file"
        return
    lines = re.split(rb"\r\n|\r|\n", path.read_bytes())  # as editors count lines
    assert 1 <= finding.line <= len(lines), finding
    assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1, finding


_yaml_text = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}&*!'\"#|>?, \n\t.0123456789тест<>%@`\\")), max_size=200
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_yaml_text)
def test_any_text_gives_diagnostics_never_an_exception(project: Path, text: str) -> None:
    _write(project, "standards/stages/closing.yml", text)
    for finding in validate(source_of(project)):
        _assert_points_into_file(project, finding)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=200))
def test_any_bytes_give_diagnostics_never_an_exception(project: Path, data: bytes) -> None:
    _write(project, "standards/scripts/cold-call.yml", data)
    for finding in validate(source_of(project)):
        _assert_points_into_file(project, finding)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.dictionaries(
        st.sampled_from(["name", "stage", "goal", "channel", "steps", "summary", "tags", "x"]), _json_values
    )
)
def test_any_structure_gives_diagnostics_never_an_exception(project: Path, value: dict[str, object]) -> None:
    import json

    _write(project, "standards/scripts/cold-call.yml", json.dumps(value, ensure_ascii=False))  # JSON is YAML
    for finding in validate(source_of(project)):
        _assert_points_into_file(project, finding)


def test_lines_are_counted_as_editors_count_them(project: Path) -> None:
    # YAML breaks lines at U+0085 too; an editor does not, so neither do our positions
    _write(
        project,
        "standards/stages/closing.yml",
        'name: "a\u0085b"\nsummary: x\ngoal: y\nowner: nobody\nexit_criteria: [z]\n',
    )
    [finding] = [d for d in validate(source_of(project)) if d.code == "ref"]
    assert (finding.line, finding.column) == (4, 8)
