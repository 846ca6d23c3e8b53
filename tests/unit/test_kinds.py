"""The registry: every kind is declared once and has all its parts; what is derived from it is."""

from __future__ import annotations

import io
import re
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
from generator.diagnostics import Diagnostic
from generator.kinds import KINDS, WITH_FILES
from generator.kinds.entity import Entity
from generator.kinds.kind import Kind
from generator.load.parse import Limits, parse
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
        assert kind.name in words["owned"]


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
    # click wraps a long choice anywhere, spaces before the rest of the line
    assert "{" + "|".join(kind.name for kind in WITH_FILES) + "}" in re.sub(r"\n\s*", "", output)


def test_every_kind_may_set_its_review_interval() -> None:
    review_days = compiled()["playbook"].schema["properties"]["review_days"]
    assert list(review_days["properties"]) == ["default", *(kind.name for kind in KINDS)]
    assert review_days["additionalProperties"] is False


def test_no_folder_of_a_kind_is_named_outside_the_registry() -> None:
    """A kind's folder is said once, in its declaration; the code and the page templates ask the
    registry (`project.py` names templates/documents/, a folder of the project, not of a kind)."""
    folders = [str(kind.folder) for kind in WITH_FILES]
    literals = {f"{quote}{folder}{quote}" for folder in folders for quote in "'\""}
    found = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if path.parent.name == "kinds":
            continue
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if token.type == tokenize.STRING and token.string in literals:
                found.append(f"{path.relative_to(REPO)}:{token.start[0]}: {token.string}")
    # in a template: a kind's entities by folder (pb.stages), or a page path ("stages/x.md")
    in_templates = re.compile(rf"\bpb\.({'|'.join(folders)})\b|[\"'/]({'|'.join(folders)})/")
    for path in sorted(SITE_TEMPLATES.glob("*.j2")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if in_templates.search(line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []


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


def test_every_kind_has_a_model_class_of_its_own() -> None:
    """An entity's kind is found by its class: two kinds sharing one, or a kind taking the plain
    Entity that stands for playbook.yml, would take each other's pages and review intervals."""
    models = [kind.model for kind in WITH_FILES]
    assert len(set(models)) == len(models)
    assert Entity not in models


def test_the_shipped_labels_are_clean_yaml() -> None:
    """labels.yml read as strictly as the standards: a key given twice would silently lose a word."""
    diagnostics: list[Diagnostic] = []
    parsed = parse((SITE_TEMPLATES / "labels.yml").read_bytes(), "labels.yml", Limits(), diagnostics)
    assert (parsed is not None, diagnostics) == (True, [])
