"""The standards at a git revision, and the repository's release tags.

A revision is read with one `git ls-tree` (names, modes, sizes) and one `git cat-file --batch`
(the contents of every file at once): a process per file would cost more than parsing them.
"""

from __future__ import annotations

import contextlib
import posixpath
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from generator.diagnostics import Diagnostic, error
from generator.errors import PlaybookError, ProjectNotFound
from generator.load.tree import Tree, too_big
from generator.project import DOCUMENT_TEMPLATES, MKDOCS, STANDARDS, Project

_SYMLINK = "120000"


class GitError(PlaybookError):
    """git cannot answer: no repository, no such revision, history cut off by a shallow clone."""


@dataclass(frozen=True)
class _Entry:
    mode: str
    oid: str
    size: int


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed: install it to compare revisions") from None


def is_repository(project: Project) -> bool:
    try:
        result = _git(project.root, "rev-parse", "--is-inside-work-tree")
    except GitError:
        return False
    return result.returncode == 0 and result.stdout.strip() == b"true"


def path_prefix(project: Project) -> str:
    """The project's folder inside its repository ("" at the top, or outside git), ending in "/"."""
    try:
        result = _git(project.root, "rev-parse", "--show-prefix")
    except GitError:
        return ""
    return result.stdout.decode("utf-8", "replace").strip() if result.returncode == 0 else ""


def commit_of(project: Project, revision: str) -> str:
    """The commit a revision names; a GitError that says why when there is none."""
    root = project.root
    if not is_repository(project):
        raise GitError(f"{root.resolve()} is not in a git repository: there are no revisions to compare")
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if result.returncode == 0:
        return result.stdout.decode().strip()
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true":
        raise GitError(
            f"revision '{revision}' is not in this shallow clone: fetch the history with "
            "'git fetch --unshallow --tags' (in CI: fetch-depth 0 or GIT_DEPTH 0)"
        )
    raise GitError(
        f"unknown revision '{revision}': name a tag, a branch or a commit (git tag lists the tags)"
    )


def commit_on(project: Project, day: str) -> str | None:
    """The last commit of HEAD made on or before ``day`` (YYYY-MM-DD), or None: not in git, no
    such commit, or a shallow clone that lacks it (then nothing can be said about that day)."""
    if not is_repository(project):
        return None
    result = _git(project.root, "rev-list", "-1", f"--before={day}T23:59:59", "HEAD", "--")
    found = result.stdout.decode().strip() if result.returncode == 0 else ""
    return found or None


class GitRevision(Tree):
    """The project's files as they were at a commit."""

    def __init__(self, project: Project, revision: str, commit: str | None = None) -> None:
        """``commit``: what ``revision`` names, when it is known already."""
        self.project = project
        self.revision = revision
        self.commit = commit or commit_of(project, revision)
        listing = _git(
            project.root,
            "ls-tree",
            "-r",
            "-z",
            "-l",
            self.commit,
            "--",
            STANDARDS,
            DOCUMENT_TEMPLATES,
            MKDOCS,
        )
        if listing.returncode != 0:
            raise GitError(f"cannot list the files at '{revision}': {listing.stderr.decode().strip()}")
        self.entries: dict[str, _Entry] = {}
        for record in listing.stdout.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, kind, oid, size = meta.split()
            if kind == b"blob":
                self.entries[name.decode("utf-8", "surrogateescape")] = _Entry(
                    mode.decode(), oid.decode(), int(size)
                )
        if not any(path.startswith(f"{STANDARDS}/") for path in self.entries):
            raise ProjectNotFound(f"no '{STANDARDS}/' folder at revision '{revision}'")

    def standards(self, diagnostics: list[Diagnostic]) -> Iterator[str]:
        paths = [
            path
            for path in self.entries
            if path.startswith(f"{STANDARDS}/")
            and not any(part.startswith(".") for part in PurePosixPath(path).parts)
        ]
        # the order of walking the folders on disk: a folder's files, then its subfolders
        yield from sorted(paths, key=lambda path: (PurePosixPath(path).parts[:-1], PurePosixPath(path).name))

    def read(
        self, paths: Sequence[str], max_bytes: int, diagnostics: list[Diagnostic]
    ) -> Iterator[tuple[str, bytes]]:
        targets = self._follow_links([p for p in paths if self.entries[p].mode == _SYMLINK])
        wanted: list[tuple[str, _Entry]] = []
        for rel in paths:
            entry = self.entries[rel]
            if entry.mode == _SYMLINK:
                target = targets.get(rel)
                if target is None:
                    diagnostics.append(
                        error(
                            rel,
                            (1, 1),
                            f"symbolic link to a file that is not read at revision '{self.revision}'; not read",
                            "symlink",
                        )
                    )
                    continue
                entry = target
            if entry.size > max_bytes:
                diagnostics.append(too_big(rel, entry.size, max_bytes))
                continue
            wanted.append((rel, entry))
        for (rel, _), content in zip(wanted, self._contents([entry.oid for _, entry in wanted]), strict=True):
            if content is None:
                diagnostics.append(
                    error(rel, (1, 1), f"cannot read the file at revision '{self.revision}'", "io")
                )
            else:
                yield rel, content

    def templates(self, diagnostics: list[Diagnostic]) -> list[str]:
        return sorted(
            PurePosixPath(path).name
            for path in self.entries
            if PurePosixPath(path).parent == PurePosixPath(DOCUMENT_TEMPLATES)
        )

    def mkdocs(self, max_bytes: int, diagnostics: list[Diagnostic]) -> bytes | None:
        entry = self.entries.get(MKDOCS)
        return next(self._contents([entry.oid]), None) if entry and entry.mode != _SYMLINK else None

    def _follow_links(self, links: Sequence[str]) -> dict[str, _Entry]:
        """Each symbolic link whose target is a plain file among those listed, with that file."""
        found = {}
        for link, target in zip(links, self._contents([self.entries[p].oid for p in links]), strict=True):
            if target is None:
                continue
            resolved = posixpath.normpath(
                posixpath.join(posixpath.dirname(link), target.decode("utf-8", "replace"))
            )
            entry = self.entries.get(resolved)
            if entry is not None and entry.mode != _SYMLINK:
                found[link] = entry
        return found

    def _contents(self, oids: Sequence[str]) -> Iterator[bytes | None]:
        """The contents of each blob in order (None for one missing), from one `git cat-file --batch`."""
        if not oids:
            return
        process = subprocess.Popen(
            ["git", "-C", str(self.project.root), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert process.stdin is not None and process.stdout is not None
        # written from a thread: git answers while it reads, and both pipes must keep flowing
        writer = threading.Thread(target=_write_lines, args=(process.stdin, oids), daemon=True)
        writer.start()
        try:
            for _ in oids:
                header = process.stdout.readline().split()
                if len(header) != 3:  # "<oid> missing": not in this clone
                    yield None
                    continue
                size = int(header[2])
                yield process.stdout.read(size)
                process.stdout.read(1)  # the newline after the contents
        finally:
            writer.join()
            process.stdout.close()
            process.wait()


def _write_lines(stream: IO[bytes], lines: Sequence[str]) -> None:
    # git may stop early (a broken repository): the reader then reports what is missing
    with contextlib.suppress(BrokenPipeError), stream:
        stream.write("".join(f"{line}\n" for line in lines).encode())


@dataclass(frozen=True)
class Tag:
    name: str
    commit: str
    date: str  # YYYY-MM-DD: when the tag (or, for a lightweight tag, its commit) was made


def release_tags(project: Project) -> list[Tag]:
    """The tags in the history of HEAD, oldest first (by ancestry, then by name); [] outside git."""
    if not is_repository(project):
        return []
    root = project.root
    tags = _git(root, "tag", "--merged", "HEAD", "--format=%(objectname)")
    if tags.returncode != 0 or not tags.stdout.strip():
        return []  # no tags at all: spare walking the history
    log = _git(
        root,
        "log",
        "--topo-order",
        "--reverse",
        "--simplify-by-decoration",
        "--decorate-refs=refs/tags/",
        "--format=%H%x00%D%x00%cs",
        "HEAD",
    )
    if log.returncode != 0:
        return []
    dates = _tag_dates(root)
    found: list[Tag] = []
    for line in log.stdout.decode("utf-8", "replace").splitlines():
        commit, decorations, committed = line.split("\0")
        names = sorted(d.removeprefix("tag: ") for d in decorations.split(", ") if d.startswith("tag: "))
        found.extend(Tag(name, commit, dates.get(name) or committed) for name in names)
    return found


def _tag_dates(root: Path) -> dict[str, str]:
    """The date of each annotated tag (lightweight ones have none of their own)."""
    result = _git(root, "for-each-ref", "--format=%(refname:short)%00%(taggerdate:short)", "refs/tags")
    pairs = (line.split("\0") for line in result.stdout.decode("utf-8", "replace").splitlines())
    return {name: date for name, date in pairs if date}
