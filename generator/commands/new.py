"""`playbook new KIND ID`: write a commented skeleton that passes `playbook check` as it stands.

The skeleton names real entities of the project (its first role, stage, category, template), and a
new stage is appended to a pipeline in playbook.yml, so the project stays valid.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from generator.errors import UsageError
from generator.kinds import BY_NAME, ID_PATTERN, PLAYBOOK, STANDARDS_DIR, package_data
from generator.load import SourceFile, load


@dataclass(frozen=True)
class NewOptions:
    root: Path
    kind: str
    id: str
    pipeline: str | None = None


def execute(options: NewOptions) -> list[str]:
    """Creates the file (and, for a stage, its place in a pipeline); returns what was done, for people."""
    kind = BY_NAME[options.kind]
    if kind is PLAYBOOK or kind.folder is None:
        raise UsageError("the playbook file exists once per project; edit standards/playbook.yml")
    if not re.match(ID_PATTERN, options.id):
        raise UsageError(
            f"'{options.id}' is not a valid id: use lowercase Latin letters and digits joined by hyphens, e.g. 'cold-call'"
        )
    source = load(options.root)
    target = options.root / STANDARDS_DIR / kind.folder / f"{options.id}.yml"
    if target.exists() or options.id in source.ids.get(kind.name, {}):
        raise UsageError(f"{kind.label} '{options.id}' already exists")
    playbook = source.playbook
    if playbook is None or not isinstance(playbook.data, dict):
        raise UsageError("standards/playbook.yml is missing or broken: run playbook check")
    skeleton = string.Template(
        (package_data("templates") / "new" / f"{kind.name}.yml").read_text(encoding="utf-8")
    )
    text = skeleton.substitute(
        id=options.id,
        title=options.id.replace("-", " ").capitalize(),
        today=date.today().isoformat(),  # a new standard is reviewed as it is written
        role=_first(playbook.data.get("roles"), "role", "roles in standards/playbook.yml"),
        category=_first(
            playbook.data.get("objection_categories"),
            "objection category",
            "objection_categories in standards/playbook.yml",
        )
        if kind.name == "objection"
        else "",
        stage=options.id
        if kind.name == "stage"
        else _first(source.ids.get("stage"), "stage", "standards/stages/"),
        template=_first(dict.fromkeys(sorted(source.templates)), "template", "templates/documents/")
        if kind.name == "document"
        else "",
    )
    done = []
    if kind.name == "stage":
        pipeline = options.pipeline or _first(
            playbook.data.get("pipelines"), "pipeline", "pipelines in standards/playbook.yml"
        )
        updated = _append_to_pipeline(playbook, pipeline, options.id)
        (options.root / playbook.path).write_text(updated, encoding="utf-8")
        done.append(f"added '{options.id}' to pipeline '{pipeline}' in {playbook.path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    done.insert(0, f"created {target.relative_to(options.root).as_posix()}")
    return done


def _first(items: object, what: str, where: str) -> str:
    if isinstance(items, dict) and items:
        return str(next(iter(items)))
    raise UsageError(f"no {what} to refer to yet: add one to {where} first")


def _append_to_pipeline(playbook: SourceFile, pipeline: str, stage: str) -> str:
    """playbook.yml's text with ``stage`` added at the end of the pipeline's list, comments kept."""
    stages_path = ["pipelines", pipeline, "stages"]
    node = playbook.node
    for element in stages_path:
        found = (
            next((value for key, value in node.value if key.value == element), None)
            if isinstance(node, yaml.MappingNode)
            else None
        )
        if found is None:
            raise UsageError(f"no pipeline '{pipeline}' with a list of stages in {playbook.path}")
        node = found
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise UsageError(f"pipeline '{pipeline}' has no list of stages in {playbook.path}")
    text = playbook.text
    if node.flow_style:
        closing = node.end_mark.index - 1  # the position of ']'
        return f"{text[:closing]}, {stage}{text[closing:]}"
    lines = text.splitlines(keepends=True)
    last = node.value[-1]
    prefix = lines[last.start_mark.line][: last.start_mark.column]  # indentation and "- "
    at = last.end_mark.line + (1 if last.end_mark.column else 0)
    if at > len(lines) or (at == len(lines) and lines and not lines[-1].endswith("\n")):
        lines[-1] += "\n" if lines else ""
    lines.insert(at, f"{prefix}{stage}\n")
    return "".join(lines)
