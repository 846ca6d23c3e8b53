"""`playbook schemas DIR`: export self-contained JSON Schemas for editors and other tools."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.kinds import KINDS
from generator.kinds.kind import YAML_SUFFIXES
from generator.project import STANDARDS, Project
from generator.schemas import compiled


@dataclass(frozen=True)
class SchemasOptions:
    out: Path
    project: Project
    vscode: bool = False


def execute(options: SchemasOptions) -> list[str]:
    options.out.mkdir(parents=True, exist_ok=True)
    done = []
    for kind in KINDS:
        target = options.out / kind.schema_file
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **compiled()[kind.name].schema,
        }
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        done.append(f"wrote {target}")
    if options.vscode:
        settings_file = options.project.vscode_settings
        settings: dict[str, Any] = (
            json.loads(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else {}
        )
        schema_dir = options.out.resolve().relative_to(options.project.root.resolve()).as_posix()
        settings.update(vscode_settings(schema_dir))
        settings_file.parent.mkdir(exist_ok=True)
        settings_file.write_text(json.dumps(settings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        done.append(f"wrote {settings_file}")
    return done


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
