"""The project: one value that owns every path under a project's root folder.

The command line makes a `Project` from `-C DIR` and every command passes it on; no other code
joins a path from the root. The relative names below are also how diagnostics and git revisions
name the same places (``standards/stages/closing.yml``, ``templates/documents/contract.docx``).

It also holds the one rule for symbolic links: what the tool reads or writes of its own goes
through `Project.confined`, so a link leads it anywhere inside the project and nowhere outside
(`build/`, `site/` and `out/` are properties that apply it; `load` applies it to what it reads and
reports a link out as a diagnostic). What the user names on the command line (`--out`, `--data`)
may lie anywhere; every file the tool writes goes through `write_file`, so a path the file system
refuses is one line, not a traceback.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import CannotWrite, LinkOutside, ProjectNotFound, UsageError

STANDARDS = "standards"
TEMPLATES = "templates"
DOCUMENT_TEMPLATES = f"{TEMPLATES}/documents"  # the .docx files documents are filled from
# what else lies in templates/, a project's own files before the built-in ones (`template_dirs`)
PAGE_TEMPLATES = "site"  # the site's page templates, labels and assets
SKELETONS = "new"  # the skeletons `playbook new` writes
SCAFFOLD = "init"  # the repository `playbook init` writes
MKDOCS = "mkdocs.yml"
BUILD = "build"
SITE = "site"
OUT = "out"
SCHEMAS = "schemas"
VSCODE_SETTINGS = ".vscode/settings.json"


@dataclass(frozen=True)
class Project:
    """A project's root folder and everything under it."""

    root: Path

    def require_standards(self) -> Project:
        """This project, when it has a standards/ folder; ProjectNotFound otherwise."""
        if not self.standards.is_dir():
            raise ProjectNotFound(
                f"no '{STANDARDS}/' folder in {self.root.resolve()}: run playbook in a project's root folder"
            )
        return self

    def path(self, relative: str) -> Path:
        """The file a relative name (a diagnostic's path, a source file's) stands for."""
        return self.root / relative

    def relative(self, path: Path) -> str:
        """A path under the root as the relative name diagnostics use."""
        return path.relative_to(self.root).as_posix()

    def leads_inside(self, path: Path) -> bool:
        """Whether the place ``path`` leads to, every symbolic link on the way followed, is in the project."""
        return path.resolve().is_relative_to(self.root.resolve())

    def confined(self, path: Path) -> Path:
        """``path`` (one under the root), when it leads inside the project: links within the
        project keep working. LinkOutside, naming the first link that leads out, otherwise."""
        if self.leads_inside(path):
            return path
        # only to name the link: the last step, `path` itself, leads out at the latest
        link = next(step for step in _steps(self.root, path) if not self.leads_inside(step))
        raise LinkOutside(self.relative(link), str(link.resolve()))

    @property
    def standards(self) -> Path:
        return self.root / STANDARDS

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES

    @property
    def document_templates(self) -> Path:
        return self.root / DOCUMENT_TEMPLATES

    @property
    def mkdocs_file(self) -> Path:
        """The site configuration a user may edit."""
        return self.root / MKDOCS

    # What the tool writes is confined: a link in build/ cannot make a build write or delete
    # files outside the project (build/ may come from a clone as much as standards/ does).

    @property
    def build(self) -> Path:
        return self.confined(self.root / BUILD)

    @property
    def docs(self) -> Path:
        """The generated Markdown MkDocs builds the site from."""
        return self.confined(self.build / "docs")

    @property
    def build_config(self) -> Path:
        """The generated MkDocs configuration, which INHERITs mkdocs.yml."""
        return self.confined(self.build / MKDOCS)

    @property
    def zensical_config(self) -> Path:
        """The generated configuration `playbook build --engine zensical` gives Zensical."""
        return self.confined(self.build / "zensical.yml")

    @property
    def zensical_site(self) -> Path:
        """Where Zensical builds, before the result moves to `fresh_site`: Zensical writes only
        below its configuration's folder."""
        return self.confined(self.build / f".{SITE}.zensical")

    @property
    def template_cache(self) -> Path:
        """Compiled page templates, kept between builds."""
        return self.confined(self.build / ".templates")

    @property
    def build_lock(self) -> Path:
        """The lock that lets one build at a time generate and swap the site."""
        return self.confined(self.build / ".lock")

    @property
    def site(self) -> Path:
        """The built site; never a symbolic link, even to a folder inside the project: a build
        swaps the new site in by renaming, which would replace the link, not fill its folder."""
        site = self.root / SITE
        if site.is_symlink():
            raise UsageError(
                f"{SITE} is a symbolic link (to {os.readlink(site)}): playbook build replaces {SITE}/ "
                f"whole and never writes through a link; remove the link (rm {SITE}) and publish the "
                f"folder {SITE}/ that the next build makes"
            )
        return site

    @property
    def fresh_site(self) -> Path:
        """Where MkDocs builds, before the result replaces site/."""
        return self.root / f".{SITE}.new"

    @property
    def old_site(self) -> Path:
        """Where the previous site/ waits while the new one takes its place."""
        return self.root / f".{SITE}.old"

    @property
    def out(self) -> Path:
        """Where `render` writes documents unless told otherwise."""
        return self.confined(self.root / OUT)

    @property
    def vscode_settings(self) -> Path:
        return self.root / VSCODE_SETTINGS

    def template_dirs(self, name: str) -> tuple[Path, ...]:
        """Where templates of one sort (`PAGE_TEMPLATES`, `SKELETONS`) are looked up, first match
        winning: the project's own ``templates/NAME/``, then the built-in ones."""
        own = self.templates / name
        # a project's own folder that links out is not read (`load` reports templates/ itself)
        folders = (own, builtin(TEMPLATES) / name) if self.leads_inside(own) else (builtin(TEMPLATES) / name,)
        return tuple(d for d in folders if d.is_dir())


def _steps(root: Path, path: Path) -> Iterator[Path]:
    """Each path from the root down to ``path``: root/a, root/a/b, …"""
    step = root
    for part in path.relative_to(root).parts:
        step = step / part
        yield step


def make_folder(path: Path) -> Path:
    """``path`` as a folder, made with the folders above it; CannotWrite when the file system refuses."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(cannot_write(path, exc)) from None
    return path


def write_file(path: Path, content: bytes) -> None:
    """Writes ``content`` to ``path``, making the folders above it; CannotWrite, one line that
    names the path and what is in the way, when the file system refuses."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError as exc:
        raise CannotWrite(cannot_write(path, exc)) from None


def cannot_write(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be written, said of what is in the way: the nearest thing that exists."""
    blocker = next((p for p in (path, *path.parents) if os.path.lexists(p)), path)
    if blocker.is_symlink() and not blocker.exists():
        why = f"{blocker} is a symbolic link to {os.readlink(blocker)}, which does not exist: remove the link or create what it points to"
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST) and not blocker.is_dir():
        why = f"{blocker} is a file, not a folder: move it away or choose another place"
    elif exc.errno == errno.EISDIR:
        why = f"{path} is a folder: remove it or choose another name"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"{blocker} is not writable ({exc.strerror}): choose another place"
    else:
        why = exc.strerror or str(exc)
    return f"cannot write {path}: {why}"


def builtin(name: str) -> Path:
    """A folder shipped with the package (schemas, templates): inside the wheel, or at the
    repository's root in development."""
    installed = Path(__file__).parent / "data" / name
    return installed if installed.is_dir() else Path(__file__).parent.parent / name
