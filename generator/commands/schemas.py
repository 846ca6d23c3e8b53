"""`playbook schemas DIR`: export self-contained JSON Schemas for editors and other tools."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.kinds import KINDS
from generator.kinds.kind import YAML_SUFFIXES
from generator.project import STANDARDS, Project, make_folder, write_file
from generator.schemas import compiled


@dataclass(frozen=True)
class SchemasOptions:
    out: Path
    project: Project
    vscode: bool = False


def execute(options: SchemasOptions) -> list[str]:
    settings_file = options.project.vscode_settings
    # what stops the editor's settings stops the schemas too, before anything is written
    settings = _settings(settings_file, _schema_dir(options)) if options.vscode else None
    make_folder(options.out)
    done = []
    for kind in KINDS:
        target = options.out / kind.schema_file
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **compiled()[kind.name].schema,
        }
        write_file(target, _json(schema))
        done.append(f"wrote {target}")
    if settings is not None:
        write_file(settings_file, _json(settings))
        done.append(f"wrote {settings_file}")
    return done


def _schema_dir(options: SchemasOptions) -> str:
    """Where the schemas go, relative to the root, as the editor's settings name them."""
    root = options.project.root.resolve()
    out = options.out.resolve()
    if not out.is_relative_to(root):
        raise UsageError(
            f"{options.out} is outside the project {root}: with --vscode the schemas must lie "
            "inside it, where the editor's settings can name them"
        )
    return out.relative_to(root).as_posix()


def _settings(path: Path, schema_dir: str) -> dict[str, Any]:
    """The editor's settings there are (none: {}), with the schemas of ``schema_dir`` mapped."""
    try:
        settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(
            f"{path} is not plain JSON ({exc}): remove its comments and trailing commas, or the file, "
            "and run the command again"
        ) from None
    if not isinstance(settings, dict):
        raise UsageError(f"{path} does not hold a JSON object: remove it and run the command again")
    settings.update(vscode_settings(schema_dir))
    return settings


def _json(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def vscode_settings(schema_dir: str) -> dict[str, Any]:
    """Settings for the YAML extension: each schema applied to its folder, so keys autocomplete."""
    mapping = {}
    for kind in KINDS:
        if kind.folder:
            globs: str | list[str] = [f"{STANDARDS}/{kind.folder}/*{suffix}" for suffix in YAML_SUFFIXES]
        else:
            globs = f"{STANDARDS}/{kind.name}.yml"
        mapping[f"./{schema_dir}/{kind.schema_file}"] = globs
    return {
        "yaml.schemas": mapping,
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "files.associations": {f"{STANDARDS}/**/*.yml": "yaml"},
    }
