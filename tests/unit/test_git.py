"""Reading the standards at a git revision gives exactly what reading the working tree gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.errors import PlaybookError, ProjectNotFound
from generator.load import Limits, load
from generator.load.git import GitRevision, release_tags
from generator.project import Project
from generator.source import Source
from tests.conftest import source_of
from tests.gitrepo import commit, git, init_repo


def _same(a: Source, b: Source) -> None:
    assert [(f.path, f.kind, f.id, f.data, f.text) for f in a.files] == [
        (f.path, f.kind, f.id, f.data, f.text) for f in b.files
    ]
    assert (a.file_count, a.ids, a.templates, a.mkdocs) == (b.file_count, b.ids, b.templates, b.mkdocs)
    assert a.template_bytes == b.template_bytes
    assert sorted(a.diagnostics) == sorted(b.diagnostics)


def _write(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())


def test_a_revision_reads_as_the_working_tree_does(project: Path) -> None:
    init_repo(project)
    # the awkward cases too: a broken file, a misplaced one, a nested folder, hidden entries,
    # a non-UTF-8 file, an .yaml twin, a template and a site configuration
    _write(project, "standards/stages/broken.yml", "name: [unclosed\n")
    _write(project, "standards/stray.yml", "name: x\n")
    _write(project, "standards/stages/old/x.yml", "name: x\n")
    _write(project, "standards/.hidden/x.yml", "name: x\n")
    _write(project, "standards/stages/.draft.yml", "name: x\n")
    _write(project, "standards/scripts/latin1.yml", b"name: \xe9t\xe9\n")
    _write(project, "standards/stages/closing.yaml", "name: twin\n")
    _write(project, "templates/documents/offer.docx", b"PK\x05\x06" + b"\0" * 18)
    _write(project, "mkdocs.yml", "site_name: x\ntheme:\n  name: material\n")
    commit(project, "standards")
    _same(load(GitRevision(Project(project), "HEAD")), source_of(project))


def test_a_revision_is_read_as_it_was_not_as_it_is(project: Path) -> None:
    init_repo(project)
    commit(project, "first", tag="v1")
    stage = project / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("name: Closing", "name: Signing"))
    (project / "standards/checklists/closing.yml").unlink()
    old = load(GitRevision(Project(project), "v1"))
    assert (
        next(f for f in old.files if f.id == "closing" and f.kind.name == "stage").data["name"] == "Closing"
    )
    assert "closing" in old.ids["checklist"]


def test_a_file_over_the_limit_at_a_revision_is_not_read(project: Path) -> None:
    init_repo(project)
    _write(project, "standards/stages/closing.yml", "name: x\n" + "# padding\n" * 200)
    commit(project, "big")
    [finding] = load(GitRevision(Project(project), "HEAD"), Limits(max_file_bytes=1000)).diagnostics
    assert (finding.path, finding.code, finding.message) == (
        "standards/stages/closing.yml",
        "limit",
        "file is 2,008 bytes, over the limit of 1,000",
    )


def test_symbolic_links_at_a_revision(project: Path) -> None:
    init_repo(project)
    shutil.move(project / "standards/stages/closing.yml", project / "closing.yml")
    os.symlink("../../closing.yml", project / "standards/stages/closing.yml")  # outside what is read
    os.symlink("first-call.yml", project / "standards/stages/opening.yml")  # to a file that is read
    commit(project, "links")
    source = load(GitRevision(Project(project), "HEAD"))
    assert [(d.path, d.code, d.message) for d in source.diagnostics] == [
        (
            "standards/stages/closing.yml",
            "symlink",
            "symbolic link to a file that is not read at revision 'HEAD'; not read",
        )
    ]
    opening = next(f for f in source.files if f.id == "opening")
    assert opening.data == next(f for f in source.files if f.id == "first-call").data


def test_bad_revisions_say_why(project: Path, tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match="is not in a git repository"):
        GitRevision(Project(project), "HEAD")
    init_repo(project)
    commit(project, "first")
    with pytest.raises(PlaybookError, match=r"^unknown revision 'v9': name a tag, a branch or a commit"):
        GitRevision(Project(project), "v9")
    with pytest.raises(PlaybookError, match="unknown revision '--output=x'"):
        GitRevision(Project(project), "--output=x")  # never read as an option
    shutil.rmtree(project / "standards")
    commit(project, "gone")
    with pytest.raises(ProjectNotFound, match="no 'standards/' folder at revision 'HEAD'"):
        GitRevision(Project(project), "HEAD")


def test_a_shallow_clone_says_to_fetch_the_history(project: Path, tmp_path: Path) -> None:
    init_repo(project)
    commit(project, "first", tag="v1")
    commit(project, "second", date="2026-03-02T10:00:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-tags", project.as_uri(), str(clone))
    with pytest.raises(PlaybookError, match="revision 'v1' is not in this shallow clone: fetch the history"):
        GitRevision(Project(clone), "v1")


def test_release_tags_in_order_of_history(project: Path) -> None:
    assert release_tags(Project(project)) == []  # not a repository
    init_repo(project)
    commit(project, "untagged")
    assert release_tags(Project(project)) == []
    first = commit(project, "one", date="2026-02-01T10:00:00", tag="v1.0")
    # the same second: the order comes from ancestry, not the clock
    second = commit(project, "two", date="2026-02-01T10:00:00", tag="v1.1")
    git(project, "tag", "v1.1-light")
    commit(project, "three", date="2026-02-03T10:00:00")
    assert [(t.name, t.commit, t.date) for t in release_tags(Project(project))] == [
        ("v1.0", first, "2026-02-01"),
        ("v1.1", second, "2026-02-01"),
        ("v1.1-light", second, "2026-02-01"),
    ]
