"""`serve` regenerates the site from the last generation on every save, keeping what did not
change (the quiz pools and exports, the words, the finder's keys): after each save its site is
the site a fresh process makes of the same files, every page and every file the change shows on."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.project import Project
from generator.site.generate import Generation, generate
from tests.conftest import REPO

DAY = date(2026, 12, 1)

_FRESH = """
import json, sys
from pathlib import Path
from generator.project import Project
from generator.site.generate import generate
from tests.unit.test_regeneration import DAY, digests
print(json.dumps(digests(generate(Project(Path(sys.argv[1])), today=DAY))))
"""


def digests(generation: Generation) -> dict[str, str]:
    """Every page and file of a generation's site, each by its digest."""
    assert generation.site is not None, generation.diagnostics
    pages = {path: text.encode("utf-8") for path, text in generation.site.pages.items()}
    files = {**pages, **generation.site.files}
    return {path: hashlib.sha256(content).hexdigest() for path, content in files.items()}


def _fresh(root: Path) -> dict[str, str]:
    """What a process that never generated before makes of the project."""
    made = subprocess.run(
        [sys.executable, "-c", _FRESH, str(root)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    fresh: dict[str, str] = json.loads(made.stdout)
    return fresh


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _new_objection(folder: Path) -> None:
    """An objection of its own words, made from another's file."""
    text = (folder / "no-time.yml").read_text(encoding="utf-8")
    head, _, rest = text.partition("aliases:\n")
    rest = rest[rest.index("meaning:") :]
    head = head.replace("name: Мне некогда", "name: Мы на ремонте")
    (folder / "closed-for-repairs.yml").write_text(
        f"{head}aliases:\n  - Закрыты на ремонт\n{rest}", encoding="utf-8"
    )


@pytest.mark.slow
def test_after_every_save_the_regenerated_site_is_what_a_fresh_build_makes(tmp_path: Path) -> None:
    root = tmp_path / "example"
    for name in ("standards", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    standards, project = root / "standards", Project(root)
    generation = generate(project, today=DAY)
    saves = [
        # a stage's summary: its page, the home page that lists it, the finder
        lambda: _edit(standards / "stages/closing.yml", "\nsummary: ", "\nsummary: Сверено заранее. "),
        # an objection's wording: its page, the quizzes made from the wordings, their exports
        lambda: _edit(
            standards / "objections/too-expensive.yml", "  - Цена кусается\n", "  - Ценник конский\n"
        ),
        # a document's name: the navigation, the pages and the self-test questions that link to it
        lambda: _edit(standards / "documents/act.yml", "name: Акт сдачи-приёмки\n", "name: Акт приёмки\n"),
        # a script's step: its page and call mode's data
        lambda: _edit(
            standards / "scripts/cold-call.yml", "Добрый день! Меня зовут", "Здравствуйте! Меня зовут"
        ),
        # the site's words: every generated question that says them
        lambda: _edit(root / "templates/site/labels.yml", "Какое это возражение?", "Что это за возражение?"),
        # a new page: the finder numbers its pages anew
        lambda: _new_objection(standards / "objections"),
    ]
    for number, save in enumerate(saves):
        before = digests(generation)
        save()
        generation = generate(project, today=DAY, previous=generation)
        after = digests(generation)
        assert after != before, number
        fresh = _fresh(root)
        assert (
            sorted(path for path in after.keys() | fresh.keys() if after.get(path) != fresh.get(path)) == []
        ), number
