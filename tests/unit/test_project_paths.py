"""The one rule for links (`Project.confined`) and the one way to write a file (`write_file`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import CannotWrite, LinkOutside, UsageError
from generator.project import PAGE_TEMPLATES, Project, make_folder, write_file


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "project").mkdir()
    (tmp_path / "outside").mkdir()
    return Project(tmp_path / "project")


def test_a_folder_inside_the_project_is_itself(project: Project) -> None:
    assert project.confined(project.root / "build/docs") == project.root / "build/docs"
    assert project.docs == project.root / "build/docs"


def test_a_link_that_stays_inside_the_project_keeps_working(project: Project) -> None:
    (project.root / "generated").mkdir()
    os.symlink("generated", project.root / "build")
    assert project.docs == project.root / "build/docs"


@pytest.mark.parametrize("link", ["build", "build/docs", "build/docs/stages"])
def test_the_first_link_that_leads_out_is_named(project: Project, link: str) -> None:
    (project.root / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(project.root.parent / "outside", project.root / link)
    with pytest.raises(LinkOutside) as refused:
        project.confined(project.root / "build/docs/stages/closing.md")
    assert refused.value.link == link
    assert str(refused.value) == (
        f"{link} is a symbolic link to {project.root.parent / 'outside'}, outside the project: "
        f"playbook does not write through it; remove the link (rm {link}) and run the command again"
    )


def test_a_dangling_link_out_of_the_project_is_refused_too(project: Project) -> None:
    os.symlink("/nonexistent/out", project.root / "out")
    with pytest.raises(LinkOutside, match=r"^out is a symbolic link to /nonexistent/out"):
        project.out  # noqa: B018 -- the property is what render uses


def test_a_relative_root_is_confined_the_same(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    os.symlink("../outside", "build")
    with pytest.raises(LinkOutside, match=r"^build is a symbolic link"):
        Project(Path(".")).build_config  # noqa: B018


@pytest.mark.parametrize("target", ["public", "../outside"])
def test_site_is_never_a_link(project: Project, target: str) -> None:
    (project.root / "public").mkdir()
    os.symlink(target, project.root / "site")
    with pytest.raises(UsageError, match=rf"^site is a symbolic link \(to {target}\): .* remove the link"):
        project.site  # noqa: B018


def test_page_templates_of_a_folder_that_leads_out_are_not_used(project: Project) -> None:
    (project.root.parent / "outside/site").mkdir()
    os.symlink(project.root.parent / "outside", project.root / "templates")
    folders = project.template_dirs(PAGE_TEMPLATES)
    assert folders and all(not folder.is_relative_to(project.root) for folder in folders)


def test_write_file_makes_the_folders_above(tmp_path: Path) -> None:
    write_file(tmp_path / "a/b/file.txt", b"text")
    assert (tmp_path / "a/b/file.txt").read_bytes() == b"text"


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("kept")
    with pytest.raises(CannotWrite) as refused:
        write_file(tmp_path / "file/sub/x.txt", b"text")
    assert str(refused.value) == (
        f"cannot write {tmp_path}/file/sub/x.txt: {tmp_path}/file is a file, not a folder: "
        "move it away or choose another place"
    )
    assert (tmp_path / "file").read_text() == "kept"


def test_a_dangling_link_is_named_with_where_it_points(tmp_path: Path) -> None:
    os.symlink("missing/folder", tmp_path / "out")
    with pytest.raises(CannotWrite) as refused:
        make_folder(tmp_path / "out")
    assert str(refused.value) == (
        f"cannot write {tmp_path}/out: {tmp_path}/out is a symbolic link to missing/folder, "
        "which does not exist: remove the link or create what it points to"
    )


def test_a_folder_where_the_file_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "CODEOWNERS").mkdir()
    with pytest.raises(CannotWrite, match=r"CODEOWNERS is a folder: remove it or choose another name$"):
        write_file(tmp_path / "CODEOWNERS", b"text")


def test_a_folder_that_cannot_be_written_is_named() -> None:
    # /sys refuses new entries even to root, where a read-only folder would not
    with pytest.raises(CannotWrite, match=r"^cannot write /sys/playbook/x: /sys is not writable \(.+\): "):
        write_file(Path("/sys/playbook/x"), b"text")
