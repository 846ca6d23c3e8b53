"""The registry: every kind is declared once and has all its parts; what is derived from it is."""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from click.testing import CliRunner
from jinja2 import nodes

from generator.cli import cli
from generator.kinds import KINDS, WITH_FILES
from generator.kinds.kind import Kind
from generator.model import Playbook
from generator.project import builtin
from generator.schemas import compiled, source_schemas
from tests import docx_factory
from tests.conftest import REPO

SITE_TEMPLATES = builtin("templates") / "site"
LABELS = yaml.safe_load((SITE_TEMPLATES / "labels.yml").read_text(encoding="utf-8"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_every_kind_has_its_schema(kind: Kind) -> None:
    assert kind.schema_file in source_schemas()
    assert compiled()[kind.name].schema["additionalProperties"] is False


@pytest.mark.parametrize("kind", [k for k in KINDS if k.pages], ids=[k.name for k in KINDS if k.pages])
def test_every_kind_with_pages_has_its_templates(kind: Kind) -> None:
    assert kind.pages is not None
    for template in (kind.pages.page, kind.pages.index):
        assert template is None or (SITE_TEMPLATES / template).is_file(), template


@pytest.mark.parametrize("language", sorted(LABELS))
@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_every_kind_has_its_words_in_every_language(kind: Kind, language: str) -> None:
    words = LABELS[language]
    for group in ("kinds", "diff_added", "diff_removed", "diff_changed"):
        assert kind.name in words[group], f"{group}.{kind.name}"
    if kind.pages is not None:
        assert kind.pages.title in words
        assert kind.name in words["owns"]


@pytest.mark.parametrize("kind", WITH_FILES, ids=[k.name for k in WITH_FILES])
def test_every_kind_has_a_skeleton_that_passes_check(project: Path, kind: Kind) -> None:
    # a document's skeleton names the project's first template: give it one
    (project / "templates/documents").mkdir(parents=True)
    template = docx_factory.build(docx_factory.Spec(paragraphs=["Date: {{ date|date_words }}"]))
    (project / "templates/documents/offer.docx").write_bytes(template)
    code, output = run("new", kind.name, "fresh-one", "-C", str(project))
    assert code == 0, output
    assert output.splitlines()[0] == f"created standards/{kind.folder}/fresh-one.yml"
    assert (project / f"standards/{kind.folder}/fresh-one.yml").read_text().startswith("#")
    assert run("check", "-C", str(project), "--strict") == (0, "10 files checked: no problems found\n")


def test_new_offers_the_kinds_with_files_of_their_own(project: Path) -> None:
    code, output = run("new", "--help")
    assert code == 0
    assert "{" + "|".join(kind.name for kind in WITH_FILES) + "}" in output.replace("\n", "")


def test_every_kind_may_set_its_review_interval() -> None:
    review_days = compiled()["playbook"].schema["properties"]["review_days"]
    assert list(review_days["properties"]) == ["default", *(kind.name for kind in KINDS)]
    assert review_days["additionalProperties"] is False


def test_no_folder_of_a_kind_is_named_outside_the_registry() -> None:
    """A kind's folder is said once, in its declaration; everything else asks the registry
    (`project.py` names templates/documents/, a folder of the project, not of a kind)."""
    folders = {repr(kind.folder) for kind in WITH_FILES} | {f'"{kind.folder}"' for kind in WITH_FILES}
    package = REPO / "generator"
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.parent.name == "kinds":
            continue
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if token.type == tokenize.STRING and token.string in folders:
                found.append(f"{path.relative_to(REPO)}:{token.start[0]}: {token.string}")
    assert found == []


def test_no_folder_of_a_kind_hides_a_part_of_the_playbook() -> None:
    """Templates read a kind's entities as ``pb.<folder>``: no folder may shadow what the
    playbook has by that name."""
    assert [kind.folder for kind in WITH_FILES if hasattr(Playbook, str(kind.folder))] == []


def _labels_used(template: nodes.Template) -> Iterator[str]:
    for node in template.find_all((nodes.Getattr, nodes.Getitem)):
        assert isinstance(node, nodes.Getattr | nodes.Getitem)
        if isinstance(node.node, nodes.Name) and node.node.name == "L":
            if isinstance(node, nodes.Getattr):
                yield node.attr
            elif isinstance(node.arg, nodes.Const):
                yield str(node.arg.value)


@pytest.mark.parametrize("language", sorted(LABELS))
def test_every_word_a_page_template_uses_is_there_in_every_language(language: str) -> None:
    env = jinja2.Environment()
    missing: list[str] = []
    words: dict[str, Any] = LABELS[language]
    for path in sorted(SITE_TEMPLATES.glob("*.j2")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        missing += [f"{path.name}: {name}" for name in _labels_used(tree) if name not in words]
    assert missing == []
