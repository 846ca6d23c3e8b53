"""Step 4b: write the generated pages and build/mkdocs.yml, run MkDocs, and swap the site in whole.

Only pages whose text changed are written, so `serve` (and MkDocs' live reload) sees exactly what
changed. The site is built into a fresh folder beside `site/` and swapped in only when MkDocs (or
Zensical, when asked: generator/site/zensical.py, from build/zensical.yml) succeeded: a failed
build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from generator.errors import CannotWrite, PlaybookError
from generator.model import Playbook
from generator.project import MKDOCS, PAGE_TEMPLATES, SITE, Project, cannot_write, make_folder, write_file
from generator.site import hooks, zensical
from generator.site.calls import FOLDER as CALLS
from generator.site.dashboard import FOLDER as METRICS
from generator.site.downloads import FOLDER as DOWNLOADS
from generator.site.pages import Site, title_text
from generator.site.quizzes import FOLDER as SELF_TESTS

ASSETS = "assets"
_OWN_CSS = [
    "assets/stylesheets/playbook.css",
    "assets/stylesheets/call.css",
    "assets/stylesheets/quiz.css",
    "assets/stylesheets/dashboard.css",
]
# playbook.js loads mermaid.min.js on the pages with a diagram; call.js and quiz.js, after it, use its onEveryPage
_OWN_JS = ["assets/javascripts/playbook.js", "assets/javascripts/call.js", "assets/javascripts/quiz.js"]
# seconds a build waits for another: serve's regenerations take well under one, a whole build many
_PATIENCE = 5.0
_HOOKS = str(Path(hooks.__file__).resolve())  # cleans every page's HTML by the site's allowlist


class BuildFailed(PlaybookError):
    """MkDocs could not build the generated pages; the message holds what it said."""


class AnotherBuild(PlaybookError):
    """Another process holds the build lock: it is generating or swapping the site."""


def write_docs(project: Project, site: Site) -> list[str]:
    """Writes the pages and assets into build/docs; returns the pages whose text changed.

    Nothing is read, written or deleted through a link that leads out of the project: build/
    may come from a clone, and MkDocs would publish whatever such a link points to."""
    docs = project.docs
    present = _present(project, docs)
    changed = []
    # pages compared as bytes: a page cut off by a killed build may not even be valid UTF-8
    wanted = {**{path: text.encode("utf-8") for path, text in site.pages.items()}, **site.files}
    for path, content in wanted.items():
        target = docs / path
        if _written(target) != content:
            _generate(target, content)
            changed.append(path)
    for stale in present:
        path = stale.relative_to(docs).as_posix()
        ours = stale.suffix == ".md" or path.startswith(
            (f"{DOWNLOADS}/", f"{CALLS}/", f"{SELF_TESTS}/", f"{METRICS}/")
        )
        if ours and path not in site.pages and path not in site.files:
            stale.unlink()
            changed.append(path)
    # the project's own assets last, so a file of the same name replaces the built-in one
    for folder in (d / ASSETS for d in reversed(project.template_dirs(PAGE_TEMPLATES))):
        if folder.is_dir():
            for asset in sorted(p for p in folder.rglob("*") if p.is_file()):
                target = docs / ASSETS / asset.relative_to(folder)
                if _written(target) != asset.read_bytes():
                    _generate(target, asset.read_bytes())
    return changed


def _present(project: Project, docs: Path) -> list[Path]:
    """The files in build/docs now, sorted. build/docs is ours alone, so no link below it is kept
    and nothing is written through one: a link that leads out of the project is refused
    (LinkOutside: MkDocs would have published what it points to), any other is removed, and what
    a build writes goes into plain folders and files (rglob lists a linked folder as a link)."""
    found = sorted(docs.rglob("*")) if docs.is_dir() else []
    links = [path for path in found if path.is_symlink()]
    for link in links:
        project.confined(link)
    for link in links:
        link.unlink()
    return [path for path in found if path.is_file()]  # the links are gone; rglob never went into them


def _generate(path: Path, content: bytes) -> None:
    """A generated file written as a file of its own: a link in its place (even one to a file of
    the project, say standards/playbook.yml) is replaced, never written through."""
    if path.is_symlink():
        path.unlink()
    write_file(path, content)


def _written(path: Path) -> bytes | None:
    """What a generated file holds now (None when there is none, or a link stands in its place)."""
    if path.is_symlink():
        return None
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def write_config(project: Project, site: Site, playbook: Playbook, user: Mapping[str, Any]) -> Path:
    """build/mkdocs.yml: INHERITs the user's mkdocs.yml and adds what the standards decide."""
    config: dict[str, Any] = {
        "INHERIT": f"../{MKDOCS}",
        "site_name": title_text(playbook.title),
        "docs_dir": project.docs.name,
        "site_dir": f"../{SITE}",
        "theme": {"language": playbook.language},
        "extra_css": [*user.get("extra_css", []), *_OWN_CSS],
        "extra_javascript": [*user.get("extra_javascript", []), *_OWN_JS],
        # the project's hooks are relative to mkdocs.yml, which is one folder up from this file
        "hooks": [*(str(project.path(str(hook)).resolve()) for hook in user.get("hooks") or []), _HOOKS],
        # pages of big sections are reached from their index, not listed in the navigation
        "validation": {"nav": {"omitted_files": "info"}},
        "nav": site.nav,
    }
    if not project.mkdocs_file.is_file():
        del config["INHERIT"]
        config["theme"] = {"name": "material", "language": playbook.language}
    _write_config(project.zensical_config, zensical.settings(config, user, project))
    return _write_config(project.build_config, config)


def _write_config(target: Path, config: Mapping[str, Any]) -> Path:
    text = "# Generated by `playbook build`: edit ../mkdocs.yml and standards/ instead.\n"
    text += yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=False, width=1000)
    if _written(target) != text.encode("utf-8"):
        _generate(target, text.encode("utf-8"))
    return target


def build_site(project: Project, engine: str = "mkdocs") -> None:
    """Builds build/ with ``engine`` (one of `ENGINES`, strict) into a fresh folder and swaps it in
    for site/."""
    project = Project(project.root.resolve())  # MkDocs resolves a relative site_dir against the config file
    site, fresh, old = project.site, project.fresh_site, project.old_site
    recover_site(project)
    building = (fresh, project.zensical_site)  # Zensical builds below build/, then moves its site to fresh
    for folder in building:
        _remove(folder)
    failure = zensical.build(project, fresh) if engine == "zensical" else _mkdocs(project, fresh)
    if failure is not None:
        for folder in building:
            _remove(folder)
        raise BuildFailed(failure)
    if site.exists():
        os.replace(site, old)
    os.replace(fresh, site)
    _remove(old)


def _mkdocs(project: Project, into: Path) -> str | None:
    """Runs `mkdocs build --strict` on build/mkdocs.yml into ``into``; what MkDocs said when it failed."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _warnings() as warnings:
        try:
            build(load_config(str(project.build_config), site_dir=str(into), strict=True))
        except MkDocsException as exc:
            return "\n".join([*warnings, f"mkdocs: {exc}"])
    return None


@contextmanager
def one_build(project: Project, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Holds build/.lock while a build generates and swaps the site, so two of them (two
    terminals, or `build` while `serve` regenerates) cannot interleave their files. Without
    ``waiting`` a build waits `_PATIENCE` seconds for the other, then stops with AnotherBuild; with
    it (`serve`), it is told what it waits for and waits as long as it takes."""
    from filelock import FileLock, Timeout

    path = project.build_lock
    make_folder(path.parent)
    # flock only: a soft lock's marker would be the file this process signs with its id
    lock = FileLock(path, on_acquired=_sign, fallback_to_soft=False)
    try:
        try:
            lock.acquire(timeout=_PATIENCE)
        except Timeout:
            holder = _holder(path)
            if waiting is None:
                raise AnotherBuild(
                    f"another build is running ({holder}): wait for it to finish, then run playbook build again"
                ) from None
            waiting(f"another build is running ({holder}): waiting for it to finish")
            lock.acquire()
    except OSError as exc:  # build/ read-only, say
        raise CannotWrite(cannot_write(path, exc)) from None
    try:
        yield
    finally:
        lock.release()


def _sign(descriptor: int) -> None:
    """Writes this process's id into the lock it now holds, for the message of one that waits."""
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, str(os.getpid()).encode(), 0)


def _holder(lock: Path) -> str:
    try:
        pid = lock.read_text(encoding="utf-8").strip()
    except OSError:
        pid = ""
    # the holder signs just after taking the lock: in between there is no id to name
    return f"pid {pid}" if pid.isdigit() else "pid unknown"


def recover_site(project: Project) -> None:
    """A build killed between the two renames left the previous site aside: put it back. One
    killed after them, while deleting the previous site, left part of it: finish deleting it
    (site/ is then the newer, complete site), or the next swap could not rename site/ onto it."""
    site, old = project.site, project.old_site
    if old.is_dir() and not old.is_symlink() and not site.exists():
        os.replace(old, site)
    _remove(old)


def _remove(path: Path) -> None:
    """Removes a folder of ours (.site.new, .site.old) whatever it is now: a link is removed, never
    what it points to, so MkDocs cannot be made to build into a folder outside the project."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _warnings() -> Iterator[list[str]]:
    """Collects what MkDocs warns about, to show it when the strict build fails."""
    collected: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                collected.append(f"mkdocs: {record.getMessage()}")

    handler = Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield collected
    finally:
        logger.removeHandler(handler)
