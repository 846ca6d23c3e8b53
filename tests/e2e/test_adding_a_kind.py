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
  "title": "Course",
  "description": "`standards/courses/<id>.yml`: a training course built on the standards it teaches.",
  "type": "object",
  "additionalProperties": false,
  "required": ["name", "stages"],
  "properties": {
    "name": {"$ref": "defs.schema.json#/$defs/text", "description": "The course's name."},
    "description": {"$ref": "defs.schema.json#/$defs/markdown", "description": "What a new seller learns."},
    "stages": {
      "type": "array",
      "minItems": 1,
      "items": {"$ref": "defs.schema.json#/$defs/stage-ref"},
      "description": "The stages the course teaches."
    },
    "owner": {"$ref": "defs.schema.json#/$defs/role-ref", "description": "The role that runs the course."},
    "reviewed": {"$ref": "defs.schema.json#/$defs/date", "description": "When the owner last checked it."}
  }
}
"""

MODULE = '''"""Courses: a training programme built on the standards it teaches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.kinds.kind import Kind, Pages
from generator.kinds.entity import Entity, Texts, from_file
from generator.source import SourceFile


@dataclass(frozen=True)
class Course(Entity):
    description: str = ""
    stages: Texts = ()


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Course:
    return from_file(Course, file)


KIND = Kind(
    name="course",
    noun="course",
    folder="courses",
    model=Course,
    build=build,
    pages=Pages(page="course.md.j2", title="courses"),
    review_days=365,
)
'''

PAGE = """\
{% set course = entity %}
# {{ course.name|inline }}

{% if course.description %}
{{ course.description }}

{% endif %}
{% for stage_id in course.stages %}
- {{ link(pb.entities.stage[stage_id]) }}
{% endfor %}

{{ source(course) }}
"""

SKELETON = """\
# Course "$id". Every key is described in schemas/course.schema.json.
name: $title
owner: $role
reviewed: $today
# The stages the course teaches.
stages:
  - $stage
"""

WORDS = {
    "ru": {
        "one": "курс",
        "title": "Курсы",
        "added": "Добавлен курс",
        "removed": "Удалён курс",
        "changed": "Изменён курс",
    },
    "en": {
        "one": "course",
        "title": "Courses",
        "added": "Added course",
        "removed": "Removed course",
        "changed": "Changed course",
    },
}


def add_the_kind(package: Path) -> list[str]:
    """The six edits of README's list, made to a copy of the package; the files touched."""
    (package / "schemas/course.schema.json").write_text(SCHEMA, encoding="utf-8")
    (package / "generator/kinds/course.py").write_text(MODULE, encoding="utf-8")
    (package / "templates/site/course.md.j2").write_text(PAGE, encoding="utf-8")
    (package / "templates/new/course.yml").write_text(SKELETON, encoding="utf-8")
    labels_file = package / "templates/site/labels.yml"
    labels = yaml.safe_load(labels_file.read_text(encoding="utf-8"))
    for language, words in WORDS.items():
        entry = labels[language]
        entry["courses"] = words["title"]
        entry["kinds"]["course"] = words["one"]
        entry["owned"]["course"] = words["title"]
        for action in ("added", "removed", "changed"):
            entry[f"diff_{action}"]["course"] = words[action]
    labels_file.write_text(yaml.safe_dump(labels, allow_unicode=True, sort_keys=False), encoding="utf-8")
    registry = package / "generator/kinds/__init__.py"
    text = registry.read_text(encoding="utf-8")
    text = text.replace("import checklist, crm,", "import checklist, course, crm,")
    text = text.replace("    sample.KIND,\n)", "    sample.KIND,\n    course.KIND,\n)")
    registry.write_text(text, encoding="utf-8")
    return [
        "schemas/course.schema.json",
        "generator/kinds/course.py",
        "templates/site/course.md.j2",
        "templates/site/labels.yml",
        "templates/new/course.yml",
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
    """This package, copied, with the course kind added as README says."""
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

    made = playbook(package, "new", "course", "onboarding", cwd=project)
    assert (made.returncode, made.stdout) == (0, "created standards/courses/onboarding.yml\n"), made.stderr
    checked = playbook(package, "check", "--strict", cwd=project)
    assert (checked.returncode, checked.stdout) == (0, "10 files checked: no problems found\n")

    # its references are checked from its schema, with what was meant
    course = project / "standards/courses/onboarding.yml"
    text = course.read_text(encoding="utf-8")
    assert "  - closing\n" in text  # the skeleton names the project's first stage
    course.write_text(text.replace("- closing", "- closng"), encoding="utf-8")
    wrong = playbook(package, "check", cwd=project)
    assert wrong.returncode == 1
    assert "unknown stage 'closng' (did you mean 'closing'?) [ref]" in wrong.stdout
    course.write_text(course.read_text(encoding="utf-8").replace("- closng", "- closing"), encoding="utf-8")

    # playbook.yml may set how often it is reviewed
    settings = project / "standards/playbook.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "review_days:\n  cours: 30\n", encoding="utf-8"
    )
    typo = playbook(package, "check", cwd=project)
    assert "unknown key 'cours' in review_days (did you mean 'course'?)" in typo.stdout
    settings.write_text(settings.read_text(encoding="utf-8").replace("cours:", "course:"), encoding="utf-8")

    built = playbook(package, "build", cwd=project)
    assert built.returncode == 0, built.stderr
    page = (project / "site/courses/onboarding/index.html").read_text(encoding="utf-8")
    assert '<h1 id="onboarding">Onboarding</h1>' in page
    assert 'href="../../stages/closing/"' in page
    index = (project / "site/courses/index.html").read_text(encoding="utf-8")
    assert 'href="onboarding/"' in index and ">Courses<" in index
    roles = (project / "build/docs/roles.md").read_text(encoding="utf-8")
    assert "**Courses:** [Onboarding](courses/onboarding.md)" in roles

    diff = playbook(package, "diff", "v1", cwd=project)
    assert "Added course “Onboarding” (standards/courses/onboarding.yml)" in diff.stdout, diff.stderr

    exported = playbook(package, "schemas", "exported", cwd=project)
    assert exported.returncode == 0
    assert (project / "exported/course.schema.json").is_file()
