"""Adding a kind of standard is adding its files: done here to a copy of the package exactly as
README ("Adding a kind of standard") says — a schema, a module declaring the kind with its model
class, a page template, its words in labels.yml, a skeleton, and one line in the registry — and
the new kind then works in `new`, `check`, `build`, `diff` and `schemas` with no other edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, copy_base
from tests.gitrepo import commit, init_repo

pytestmark = pytest.mark.slow

SCHEMA = """\
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "Lesson",
  "description": "`standards/lessons/<id>.yml`: a training lesson built on the standards it teaches.",
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "stages"],
  "properties": {
    "name": {"$ref": "defs.schema.json#/$defs/text", "description": "The lesson's name."},
    "description": {"$ref": "defs.schema.json#/$defs/markdown", "description": "What a new seller learns."},
    "stages": {
      "type": "array",
      "minItems": 1,
      "items": {"$ref": "defs.schema.json#/$defs/stage-ref"},
      "description": "The stages the lesson teaches."
    },
    "owner": {"$ref": "defs.schema.json#/$defs/role-ref", "description": "The role that gives the lesson."},
    "reviewed": {"$ref": "defs.schema.json#/$defs/date", "description": "When the owner last checked it."}
  }
}
"""

MODULE = '''"""Lessons: a training lesson built on the standards it teaches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.kinds.kind import Kind, Pages
from generator.kinds.entity import Entity, Texts, from_file
from generator.source import SourceFile


@dataclass(frozen=True)
class Lesson(Entity):
    description: str = ""
    stages: Texts = ()


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Lesson:
    return from_file(Lesson, file)


KIND = Kind(
    name="lesson",
    noun="lesson",
    folder="lessons",
    model=Lesson,
    build=build,
    pages=Pages(page="lesson.md.j2", title="lessons"),
    review_days=365,
)
'''

PAGE = """\
{% set lesson = entity %}
# {{ lesson.name|inline }}

{% if lesson.description %}
{{ lesson.description }}

{% endif %}
{% for stage_id in lesson.stages %}
- {{ link(pb.entities.stage[stage_id]) }}
{% endfor %}

{{ source(lesson) }}
"""

SKELETON = """\
# Lesson "$id". Every key is described in schemas/lesson.schema.json.
name: $title
owner: $role
reviewed: $today
# The stages the lesson teaches.
stages:
  - $stage
"""

WORDS = {
    "ru": {
        "one": "урок",
        "title": "Уроки",
        "added": "Добавлен урок",
        "removed": "Удалён урок",
        "changed": "Изменён урок",
    },
    "en": {
        "one": "lesson",
        "title": "Lessons",
        "added": "Added lesson",
        "removed": "Removed lesson",
        "changed": "Changed lesson",
    },
}


def add_the_kind(package: Path) -> list[str]:
    """The six edits of README's list, made to a copy of the package; the files touched."""
    (package / "schemas/lesson.schema.json").write_text(SCHEMA, encoding="utf-8")
    (package / "generator/kinds/lesson.py").write_text(MODULE, encoding="utf-8")
    (package / "templates/site/lesson.md.j2").write_text(PAGE, encoding="utf-8")
    (package / "templates/new/lesson.yml").write_text(SKELETON, encoding="utf-8")
    labels_file = package / "templates/site/labels.yml"
    labels = yaml.safe_load(labels_file.read_text(encoding="utf-8"))
    for language, words in WORDS.items():
        entry = labels[language]
        entry["lessons"] = words["title"]
        entry["kinds"]["lesson"] = words["one"]
        entry["owned"]["lesson"] = words["title"]
        for action in ("added", "removed", "changed"):
            entry[f"diff_{action}"]["lesson"] = words[action]
    labels_file.write_text(yaml.safe_dump(labels, allow_unicode=True, sort_keys=False), encoding="utf-8")
    registry = package / "generator/kinds/__init__.py"
    text = registry.read_text(encoding="utf-8")
    edited = text.replace("    kpi,\n", "    kpi,\n    lesson,\n", 1)
    edited = edited.replace(".KIND,\n)\n", ".KIND,\n    lesson.KIND,\n)\n", 1)  # the last of KINDS
    assert edited.count("lesson") == 2, "the registry's import list or KINDS changed shape"
    registry.write_text(edited, encoding="utf-8")
    return [
        "schemas/lesson.schema.json",
        "generator/kinds/lesson.py",
        "templates/site/lesson.md.j2",
        "templates/site/labels.yml",
        "templates/new/lesson.yml",
        "generator/kinds/__init__.py",
    ]


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This package, copied, with the lesson kind added as README says."""
    root = tmp_path_factory.mktemp("package")
    for name in ("generator", "schemas", "templates"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    before = _files(root)
    touched = add_the_kind(root)
    after = _files(root)
    changed = sorted(p for p in after.keys() | before.keys() if before.get(p) != after.get(p))
    assert changed == sorted(touched)
    assert len(changed) == 6
    return root


def playbook(package: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command of the changed package (first on the path), as a user runs it."""
    environment = {**os.environ, "PYTHONPATH": str(package), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )


def test_a_new_kind_works_in_every_command(package: Path, tmp_path: Path) -> None:
    project = copy_base(tmp_path / "project")
    init_repo(project)
    commit(project, "standards", tag="v1")

    made = playbook(package, "new", "lesson", "onboarding", cwd=project)
    assert (made.returncode, made.stdout) == (0, "created standards/lessons/onboarding.yml\n"), made.stderr
    checked = playbook(package, "check", "--strict", cwd=project)
    assert (checked.returncode, checked.stdout) == (0, "10 files checked: no problems found\n")

    # its references are checked from its schema, with what was meant
    lesson = project / "standards/lessons/onboarding.yml"
    text = lesson.read_text(encoding="utf-8")
    assert "  - closing\n" in text  # the skeleton names the project's first stage
    lesson.write_text(text.replace("- closing", "- closng"), encoding="utf-8")
    wrong = playbook(package, "check", cwd=project)
    assert wrong.returncode == 1
    assert "unknown stage 'closng' (did you mean 'closing'?) [ref]" in wrong.stdout
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("- closng", "- closing"), encoding="utf-8")

    # playbook.yml may set how often it is reviewed
    settings = project / "standards/playbook.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "review_days:\n  lessn: 30\n", encoding="utf-8"
    )
    typo = playbook(package, "check", cwd=project)
    assert "unknown key 'lessn' in review_days (did you mean 'lesson'?)" in typo.stdout
    settings.write_text(settings.read_text(encoding="utf-8").replace("lessn:", "lesson:"), encoding="utf-8")

    built = playbook(package, "build", cwd=project)
    assert built.returncode == 0, built.stderr
    page = (project / "site/lessons/onboarding/index.html").read_text(encoding="utf-8")
    assert '<h1 id="onboarding">Onboarding</h1>' in page
    assert 'href="../../stages/closing/"' in page
    index = (project / "site/lessons/index.html").read_text(encoding="utf-8")
    assert 'href="onboarding/"' in index and ">Lessons<" in index
    roles = (project / "build/docs/roles.md").read_text(encoding="utf-8")
    assert "**Lessons:** [Onboarding](lessons/onboarding.md)" in roles

    diff = playbook(package, "diff", "v1", cwd=project)
    assert "Added lesson “Onboarding” (standards/lessons/onboarding.yml)" in diff.stdout, diff.stderr

    exported = playbook(package, "schemas", "exported", cwd=project)
    assert exported.returncode == 0
    assert (project / "exported/lesson.schema.json").is_file()
