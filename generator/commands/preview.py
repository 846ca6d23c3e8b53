"""What `playbook serve` shows: MkDocs' build of the generated pages in a folder of its own, and
MkDocs' live-reload server, which serves it and rebuilds it when `serve`'s watcher says so.

Imported only when serving: the command line starts faster without MkDocs.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from generator.project import Project
from generator.site.generate import Generation

Shown = tuple[str, list[str], bytes, bytes]


_LONGEST_PATH = 1024  # characters in a requested path; the site's longest is a tenth of that


def refusal(method: str, path_info: str) -> str | None:
    """The status a malformed request gets before MkDocs' server sees it, or None for one it may
    serve. MkDocs answers a NUL in the path with a 500 and a traceback in the log, and serves any
    method. ``path_info`` is what WSGI gives: the path percent-decoded, its bytes as Latin-1."""
    if not re.fullmatch(r"[A-Z]{1,20}", method):
        return "400 Bad Request"
    if method not in ("GET", "HEAD"):
        return "405 Method Not Allowed"
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:  # not UTF-8: no page has such a name
        return "400 Bad Request"
    if len(path) > _LONGEST_PATH or any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
        return "400 Bad Request"
    if ".." in path.split("/"):
        return "404 Not Found"  # nothing lies above the site
    return None


class Preview:
    """The site `serve` shows: MkDocs builds it into a folder of its own, every page at first, then
    after each regeneration the pages whose Markdown changed — every page when what they all show
    changed, or when a page or download went away (a dirty build would leave it served)."""

    def __init__(
        self, project: Project, dev_addr: str, regenerate: Callable[[Generation | None], Generation | None]
    ) -> None:
        self.project = project
        self.dev_addr = dev_addr
        self.regenerate = regenerate  # from the last good generation; None on errors, printed
        self.generation = regenerate(None)  # the last good one
        self.folder = tempfile.mkdtemp(prefix="playbook-serve-")
        self.url: str | None = None  # the server's, once it has one: pages link to it
        self.shown: Shown | None = None  # at the last build
        self.whole = True  # the next build builds every page
        self.theme: jinja2.Environment | None = None  # the theme's templates, compiled, between builds

    def config(self) -> MkDocsConfig:
        config = load_config(str(self.project.build_config), site_dir=self.folder, dev_addr=self.dev_addr)
        config.site_url = self.url or config.site_url
        return config

    def rebuild(self) -> None:
        """The server's builder, called when a burst of saves is over."""
        generation = self.regenerate(self.generation)
        if generation is not None:  # else the errors are printed and the pages stay as they were
            self.generation = generation
            self.build(self.config())

    def build(self, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        generation, shown = self.generation, None
        if generation is not None and generation.site is not None:
            shown = _shown_everywhere(self.project, generation)
            site = generation.site
            gone = any(path not in site.pages and path not in site.files for path in generation.changed)
            self.whole = self.whole or gone or shown != self.shown
        if self.whole:  # a new configuration may name other theme folders or another language
            self.theme = None
        self._keep_theme(config)
        if not self.whole:
            config.plugins["playbook/titles"] = _Titles()
        try:
            build(config, serve_url=self.url, dirty=not self.whole)
        except Exception as exc:  # the server would stop serving: its builder must not raise
            print(f"playbook: error: mkdocs: {exc}", file=sys.stderr)
            print("playbook: the last good site is still served", file=sys.stderr)
            self.whole = True  # what this build left half done
            return
        what = "every page" if self.whole else "the changed pages"
        print(f"playbook: built {what} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
        self.shown, self.whole = shown, shown is None

    def _keep_theme(self, config: MkDocsConfig) -> None:
        """Has the build use the theme's templates as the last build compiled them: MkDocs makes
        a new Jinja environment for each build, and compiling Material's templates again took
        more than a third of the rebuild of one page."""
        made = config.theme.get_env

        def environment() -> jinja2.Environment:
            if self.theme is None:
                self.theme = _listing_once(made())
            return self.theme

        config.theme.get_env = environment  # type: ignore[method-assign]

    def error_page(self, code: int) -> bytes | None:
        page = Path(self.folder) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _listing_once(theme: jinja2.Environment) -> jinja2.Environment:
    """The theme with its list of files made once: MkDocs lists them on every build to find the
    static ones, and walking and filtering Material's 14,500 (its icons) was two fifths of the
    build of one changed page. Its filter depends on the configuration alone, which is the same while
    the theme is kept (a new one means a build of every page, with a new theme)."""
    listed: dict[tuple[object, ...], list[str]] = {}
    walk = theme.list_templates

    def list_templates(
        extensions: Collection[str] | None = None, filter_func: Callable[[str], bool] | None = None
    ) -> list[str]:
        key = (tuple(extensions or ()), getattr(filter_func, "__code__", None))
        if key not in listed:
            listed[key] = walk(extensions, filter_func)
        return list(listed[key])

    theme.list_templates = list_templates  # type: ignore[method-assign]
    return theme


class _NoOptions(Config):  # type: ignore[no-untyped-call]  # MkDocs 1.6 leaves it untyped
    """The plugin takes none."""


class _Titles(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    """Reads the pages of the navigation that a dirty build leaves alone: MkDocs takes a page's
    title from its Markdown, and without it every other page's title in the navigation read "None"."""

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        for page in nav.pages:
            if page.markdown is None:
                page.read_source(config)
        return nav


class Server(LiveReloadServer):
    """MkDocs' live-reload server, answering what `refusal` refuses itself, and rebuilding when
    `serve`'s watcher says so rather than when its own watcher polls build/docs (twice a second: a
    save would wait for the poll, and MkDocs would build again once the pages were written)."""

    def __init__(
        self, builder: Callable[[], None], address: tuple[str, int], root: str, mount_path: str, quiet: float
    ) -> None:
        super().__init__(builder, *address, root, mount_path)
        self.build_delay = quiet  # seconds without a save before the rebuild: an editor saves in bursts

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        status = refusal(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""))
        if status is None:
            return super().serve_request(environ, start_response)
        headers = [("Content-Type", "text/plain; charset=utf-8")]
        if status.startswith("405"):
            headers.append(("Allow", "GET, HEAD"))
        start_response(status, headers)
        return [status.encode()]

    def watching(self, paths: Iterable[Path]) -> None:
        """Says what `serve` watches: MkDocs (1.6) adds its live-reload script to the pages only
        while it watches something."""
        self._watched_paths = {str(path): 1 for path in paths}

    def changed(self) -> None:
        """What MkDocs' (1.6) own watcher does on a change: its build loop then waits until
        `build_delay` passes without another, builds, and reloads the browsers."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


def _shown_everywhere(project: Project, generation: Generation) -> Shown:
    """What every page shows besides its own text: the navigation, each page's title in it (its
    front matter's first line), and the site's configuration — the user's and the generated one."""
    assert generation.site is not None
    titles = [text.split("\n", 2)[1] for text in generation.site.pages.values()]
    user, generated = (
        path.read_bytes() if path.is_file() else b"" for path in (project.mkdocs_file, project.build_config)
    )
    return repr(generation.site.nav), titles, user, generated
