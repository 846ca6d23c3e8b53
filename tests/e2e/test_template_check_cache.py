"""The findings of the document templates are kept in the user's cache, by everything they are
made from (the documents, the templates' bytes, the samples, the sellers and the generator's own
code): a `check` whose templates did not change reads no .docx. What is kept is what is shown, so
an entry changed on disk shows — the proof that the second run read it; a damaged entry is made
anew, and a changed template is checked anew."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from tests import docx_factory
from tests.e2e.conftest import playbook

TYPO = "'byer' is neither a field of this document nor a helper (did you mean 'buyer'?)"


def _template(root: Path, paragraph: str) -> None:
    """The fixture's contract with one more paragraph."""
    contract = docx_factory.CONTRACT
    spec = dataclasses.replace(contract, paragraphs=[*contract.paragraphs, paragraph])
    (root / "templates/documents/contract.docx").write_bytes(docx_factory.build(spec))


def _check(root: Path, cache: str) -> list[str]:
    result = playbook("check", cwd=root, env={**os.environ, "PLAYBOOK_CACHE": cache})
    return [line for line in result.stdout.splitlines() if "[template-" in line]


def test_template_findings_come_from_the_cache_until_a_template_changes(
    documents_project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    _template(documents_project, "Покупатель: {{ byer.name }}")
    first = _check(documents_project, str(cache))
    assert len(first) == 1 and TYPO in first[0]
    [entry] = (cache / "template-checks").iterdir()

    entry.write_text(entry.read_text(encoding="utf-8").replace("byer", "KEPT"), encoding="utf-8")
    assert _check(documents_project, str(cache)) == [first[0].replace("byer", "KEPT")]

    entry.write_bytes(b"\x00 not json")
    assert _check(documents_project, str(cache)) == first

    _template(documents_project, "Покупатель: {{ buyer.name }}")
    assert _check(documents_project, str(cache)) == []
    assert len(list((cache / "template-checks").iterdir())) == 2


def test_off_keeps_no_findings(documents_project: Path, tmp_path: Path) -> None:
    _template(documents_project, "Покупатель: {{ byer.name }}")
    env_cache = tmp_path / "home-cache"
    result = playbook(
        "check",
        cwd=documents_project,
        env={**os.environ, "PLAYBOOK_CACHE": "off", "XDG_CACHE_HOME": str(env_cache)},
    )
    assert TYPO in result.stdout
    assert not env_cache.exists()
