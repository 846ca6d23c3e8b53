"""A document LibreOffice converted once is not converted again: its PDF is kept in the cache by
the .docx's content (and the LibreOffice that made it), so a build whose samples did not change
starts no LibreOffice. LibreOffice's every PDF differs (its /ID and creation time), so the same
bytes twice can only be the kept ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.documents.pdf import convert
from tests.conftest import REPO

pytestmark = pytest.mark.slow

TEMPLATE = REPO / "templates/documents/act.docx"


def _docx(folder: Path, name: str, extra: bytes = b"") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(TEMPLATE.read_bytes() + extra)  # bytes after a zip's end leave it readable
    return path


def test_a_converted_document_comes_from_the_cache_the_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLAYBOOK_CACHE", str(tmp_path / "cache"))
    first = convert([_docx(tmp_path / "a", "act.docx")], tmp_path / "profile")
    again = convert([_docx(tmp_path / "b", "same-act.docx")], tmp_path / "profile")
    assert set(first.values()) == set(again.values())
    pdf = next(iter(first.values()))
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    assert [p.suffix for p in (tmp_path / "cache/pdf").iterdir()] == [".pdf"]
    other = convert([_docx(tmp_path / "c", "act.docx", b"\0")], tmp_path / "profile")
    assert set(other.values()) != set(first.values())  # another .docx is converted anew


def test_off_keeps_nothing_and_converts_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    first = convert([_docx(tmp_path / "a", "act.docx")], tmp_path / "profile")
    again = convert([_docx(tmp_path / "b", "act.docx")], tmp_path / "profile")
    assert all(
        isinstance(pdf, bytes) and pdf.startswith(b"%PDF") for pdf in [*first.values(), *again.values()]
    )
    assert set(first.values()) != set(again.values())
    assert not (tmp_path / "home-cache/playbook").exists()
