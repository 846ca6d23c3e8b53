"""`playbook new KIND ID`: write a commented skeleton that passes `playbook check` as it stands.

A kind's skeleton is ``templates/new/KIND.yml`` (a project's own first); it may name real
entities of the project — ``$role``, ``$stage``, ``$category``, ``$template``, the first of each —
besides ``$id``, ``$title`` and ``$today``. A kind that must do more (a new stage joins a pipeline
in playbook.yml) says so in its declaration.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from generator.errors import UsageError
from generator.kinds import BY_NAME
from generator.kinds.kind import ID_PATTERN, Created
from generator.kinds.stage import KIND as STAGE
from generator.load import WorkingTree, load
from generator.project import DOCUMENT_TEMPLATES, SKELETONS, STANDARDS, Project
from generator.source import Source


@dataclass(frozen=True)
class NewOptions:
    project: Project
    kind: str
    id: str
    pipeline: str | None = None


def execute(options: NewOptions) -> list[str]:
    """Creates the file (and whatever its kind does besides); returns what was done, for people."""
    kind = BY_NAME[options.kind]
    if kind.folder is None:
        raise UsageError(f"the {kind.noun} file exists once per project; edit {STANDARDS}/{kind.name}.yml")
    if not re.match(ID_PATTERN, options.id):
        raise UsageError(
            f"'{options.id}' is not a valid id: use lowercase Latin letters and digits joined by hyphens, e.g. 'cold-call'"
        )
    project = options.project
    # what is there, as step 1 reads it: `new` must work in standards that do not pass yet
    source = load(WorkingTree(project))
    target = project.standards / kind.folder / f"{options.id}.yml"
    if target.exists() or options.id in source.ids.get(kind.name, {}):
        raise UsageError(f"{kind.noun} '{options.id}' already exists")
    if source.playbook is None or not isinstance(source.playbook.data, dict):
        raise UsageError(f"{STANDARDS}/playbook.yml is missing or broken: run playbook check")
    skeleton = _skeleton(project, kind.skeleton_file)
    tokens = _tokens(source, options.id)
    unknown = [name for name in skeleton.get_identifiers() if name not in tokens]
    if unknown:
        raise UsageError(
            f"the skeleton {kind.skeleton_file} names ${unknown[0]}: it may name ${', $'.join(tokens)}"
        )
    text = skeleton.substitute({name: tokens[name]() for name in skeleton.get_identifiers()})
    done = kind.created(Created(project, source, options.id, options.pipeline)) if kind.created else []
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return [f"created {project.relative(target)}", *done]


def _skeleton(project: Project, name: str) -> string.Template:
    for folder in project.template_dirs(SKELETONS):
        if (folder / name).is_file():
            return string.Template((folder / name).read_text(encoding="utf-8"))
    raise UsageError(f"no skeleton {SKELETONS}/{name} for this kind")


def _tokens(source: Source, entity_id: str) -> dict[str, Callable[[], str]]:
    """What a skeleton may name, each found only when it does (a project without objection
    categories can still make a stage)."""
    playbook = source.playbook.data if source.playbook else {}
    return {
        "id": lambda: entity_id,
        "title": lambda: entity_id.replace("-", " ").capitalize(),
        "today": lambda: date.today().isoformat(),  # a new standard is reviewed as it is written
        "role": lambda: _first(playbook.get("roles"), "role", "roles in standards/playbook.yml"),
        "category": lambda: _first(
            playbook.get("objection_categories"),
            "objection category",
            "objection_categories in standards/playbook.yml",
        ),
        "stage": lambda: _first(source.ids.get(STAGE.name), "stage", f"{STANDARDS}/{STAGE.folder}/"),
        "template": lambda: _first(sorted(source.templates), "template", f"{DOCUMENT_TEMPLATES}/"),
    }


def _first(items: Iterable[str] | None, what: str, where: str) -> str:
    for item in items or ():
        return str(item)
    raise UsageError(f"no {what} to refer to yet: add one to {where} first")
