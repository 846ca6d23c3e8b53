"""Where `load` reads a project's files from: the working tree on disk, or (`generator.load.git`)
a git revision. Both list the same files and read them the same way, so a revision gives exactly
the source the working tree gave then."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path

from generator.diagnostics import Diagnostic, error
from generator.errors import LinkOutside
from generator.project import MKDOCS, Project


class Tree(ABC):
    """Where `load` reads a project's files: the working tree, or a git revision."""

    project: Project

    @abstractmethod
    def standards(self, diagnostics: list[Diagnostic]) -> Iterator[str]:
        """Every file under standards/, relative to the root, in the order `_walk` gives; hidden
        skipped. A folder that cannot be read gets a diagnostic instead."""

    @abstractmethod
    def read(
        self, paths: Sequence[str], max_bytes: int, diagnostics: list[Diagnostic]
    ) -> Iterator[tuple[str, bytes]]:
        """The bytes of each path, in order; a path that cannot be read, or is over ``max_bytes``,
        gets a diagnostic instead."""

    @abstractmethod
    def templates(self, diagnostics: list[Diagnostic]) -> list[str]:
        """The names of the files in templates/documents/, sorted (none, with a diagnostic, when
        the folder cannot be read)."""

    @abstractmethod
    def mkdocs(self, max_bytes: int, diagnostics: list[Diagnostic]) -> bytes | None:
        """mkdocs.yml, or None when there is none (or it cannot be read, with a diagnostic)."""


class WorkingTree(Tree):
    """The project's files on disk."""

    def __init__(self, project: Project) -> None:
        self.project = project.require_standards()

    def standards(self, diagnostics: list[Diagnostic]) -> Iterator[str]:
        root = str(self.project.root)
        for folder, names in _walk(self.project, diagnostics):
            prefix = os.path.relpath(folder, root).replace(os.sep, "/")
            for name in names:
                yield f"{prefix}/{name}"

    def read(
        self, paths: Sequence[str], max_bytes: int, diagnostics: list[Diagnostic]
    ) -> Iterator[tuple[str, bytes]]:
        for rel in paths:
            content = read_file(self.project.path(rel), rel, max_bytes, diagnostics, self.project)
            if content is not None:
                yield rel, content

    def templates(self, diagnostics: list[Diagnostic]) -> list[str]:
        folder = self.project.document_templates
        try:
            self.project.confined(folder)
        except LinkOutside as link:
            diagnostics.append(_leads_out(link.link, "folder"))
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []

    def mkdocs(self, max_bytes: int, diagnostics: list[Diagnostic]) -> bytes | None:
        path = self.project.mkdocs_file
        if not path.is_file():
            return None
        return read_file(path, MKDOCS, max_bytes, diagnostics, self.project)


def read_file(
    path: Path, rel: str, max_bytes: int, diagnostics: list[Diagnostic], confine: Project | None
) -> bytes | None:
    """A file's bytes, unless it is a symbolic link out of the project ``confine``, over
    ``max_bytes``, or unreadable. Its folder is the caller's to confine (`_walk` does)."""
    if confine is not None and os.path.islink(path) and not confine.leads_inside(path):
        diagnostics.append(_leads_out(rel, "file"))
        return None
    try:
        with open(path, "rb") as file:  # one open and one fstat: ten thousand files are read here
            size = os.fstat(file.fileno()).st_size
            if size > max_bytes:
                diagnostics.append(too_big(rel, size, max_bytes))
                return None
            return file.read()
    except OSError as exc:
        diagnostics.append(error(rel, (1, 1), f"cannot read the file: {exc.strerror}", "io"))
        return None


def too_big(rel: str, size: int, max_bytes: int) -> Diagnostic:
    return error(rel, (1, 1), f"file is {size:,} bytes, over the limit of {max_bytes:,}", "limit")


def _leads_out(rel: str, what: str) -> Diagnostic:
    return error(rel, (1, 1), f"symbolic link to a {what} outside the project; not read", "symlink")


def _walk(project: Project, diagnostics: list[Diagnostic]) -> Iterator[tuple[str, list[str]]]:
    """Each folder under standards/ with its files, sorted; hidden entries skipped. A folder that
    is a symbolic link is followed when it leads inside the project and reported when it leads
    out (standards/ itself too); each real folder is read once, so a link cannot make a loop."""
    try:
        standards = project.confined(project.standards)
    except LinkOutside as link:
        diagnostics.append(_leads_out(link.link, "folder"))
        return
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(standards, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames.clear()
            continue
        seen.add(real)
        followed = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            folder = Path(dirpath, name)
            if os.path.islink(folder) and not project.leads_inside(folder):
                diagnostics.append(_leads_out(project.relative(folder), "folder"))
            else:
                followed.append(name)
        dirnames[:] = followed
        yield dirpath, sorted(name for name in filenames if not name.startswith("."))
