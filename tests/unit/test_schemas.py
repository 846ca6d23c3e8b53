"""The schemas themselves: valid Draft 2020-12, documented, self-contained once bundled."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.commands.schemas import vscode_settings
from generator.kinds import KINDS
from generator.schemas import compiled, source_schemas
from tests.conftest import REPO


def _properties(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in schema.items():
            if key not in ("properties", "if"):  # an `if` is a condition, not a shape
                yield from _properties(sub, f"{where}/{key}")
        for name, sub in schema.get("properties", {}).items():
            yield from _properties(sub, f"{where}.{name}")
    elif isinstance(schema, list):
        for i, sub in enumerate(schema):
            yield from _properties(sub, f"{where}[{i}]")


@pytest.mark.parametrize("name", sorted(source_schemas()))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(source_schemas()[name])


@pytest.mark.parametrize("name", sorted(source_schemas()))
def test_every_property_has_a_description(name: str) -> None:
    undocumented = [
        where for where, sub in _properties(source_schemas()[name], name) if not sub.get("description")
    ]
    assert not undocumented


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS])
def test_bundled_schema_refers_only_to_itself(kind: str) -> None:
    text = json.dumps(compiled()[kind].schema)
    assert "defs.schema.json" not in text
    assert compiled()[kind].schema["additionalProperties"] is False


def test_vscode_settings_in_the_repository_map_the_schemas_make_build_exports() -> None:
    shipped = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert shipped == vscode_settings("build/schemas")  # `make editor` writes it
    assert sorted(Path(p).name for p in shipped["yaml.schemas"]) == sorted(k.schema_file for k in KINDS)


def test_every_mapping_forbids_unknown_keys() -> None:
    def mappings(schema: Any) -> Iterator[dict[str, Any]]:
        if isinstance(schema, dict):
            if "properties" in schema:
                yield schema
            for key, sub in schema.items():
                if key != "if":  # an `if` is a condition, not a shape
                    yield from mappings(sub)
        elif isinstance(schema, list):
            for sub in schema:
                yield from mappings(sub)

    # as validation uses them: bundled, with a property for every kind where a schema says x-each-kind
    for name, compiled_schema in compiled().items():
        for mapping in mappings(compiled_schema.schema):
            assert mapping.get("additionalProperties") is False, f"{name}: {sorted(mapping['properties'])}"


def test_exported_schemas_validate_the_example(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    result = CliRunner().invoke(cli, ["schemas", "-C", str(REPO), str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    exported = json.loads((tmp_path / "out" / "stage.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(exported)
    assert not list(
        validator.iter_errors(
            {"name": "x", "summary": "x", "goal": "x", "owner": "x", "exit_criteria": ["x"]}
        )
    )
    assert [e.validator for e in validator.iter_errors({"name": "x", "nam": 1})][:1] == [
        "additionalProperties"
    ]
