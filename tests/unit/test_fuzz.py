"""Fuzzing the example standards: random mutations of real files must still give diagnostics that
point into the named file, never an exception. `make test` runs a bounded number of examples;
`make fuzz` runs many more (PLAYBOOK_FUZZ_EXAMPLES)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.validate import validate
from tests.conftest import REPO, source_of

FILES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "standards").rglob("*.yml"))
IDS = sorted({Path(p).stem for p in FILES})
EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "60"))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "example"
    for name in ("standards", "templates"):
        shutil.copytree(REPO / name, root / name)
    return root


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a YAML value: mapping keys and list items, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*here, key)
            yield from _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*here, index)
            yield from _paths(item, (*here, index))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file of the example and new content for it: a key deleted, renamed or retyped, a
    reference swapped, or the file cut at a random byte."""
    rel = draw(st.sampled_from(FILES))
    raw = (REPO / rel).read_bytes()
    kind = draw(st.sampled_from(["delete", "rename", "retype", "swap", "truncate"]))
    if kind == "truncate":
        return rel, raw[: draw(st.integers(0, len(raw)))]
    data = yaml.safe_load(raw)
    places = list(_paths(data))
    if not places:
        return rel, raw
    path = draw(st.sampled_from(places))
    parent, last = _parent(data, path), path[-1]
    if kind == "delete":
        del parent[last]
    elif kind == "rename" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(last)
    elif kind == "retype":
        parent[last] = draw(
            st.one_of(
                st.none(),
                st.booleans(),
                st.integers(),
                st.floats(allow_nan=False),
                st.lists(st.integers(), max_size=2),
                st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
            )
        )
    else:
        parent[last] = draw(st.sampled_from(IDS))
    return rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_a_mutated_example_gives_diagnostics_at_real_places(
    example: Path, mutation: tuple[str, bytes]
) -> None:
    rel, content = mutation
    target = example / rel
    original = target.read_bytes()
    target.write_bytes(content)
    try:
        found = validate(source_of(example))  # an exception here is the failure hypothesis looks for
    finally:
        target.write_bytes(original)
    for finding in found:
        lines = (content if finding.path == rel else (example / finding.path).read_bytes()).split(b"\n")
        assert 1 <= finding.line <= len(lines), finding
        assert 1 <= finding.column <= len(lines[finding.line - 1].decode("utf-8", "replace")) + 1, finding
