"""`playbook serve`: the site on a local address, regenerated within a moment of any saved change.

A watcher regenerates the Markdown when standards/, templates/ or mkdocs.yml change and writes
only the pages that changed; MkDocs' own server rebuilds those pages alone (its "dirty" build:
a page whose Markdown is older than its HTML is left as it is) and live-reloads the browser.
When the navigation changed — a page added, removed or renamed — every page is rebuilt, since
each shows the navigation. When the standards have errors they are printed as `check` prints
them and the last good pages stay.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.errors import PlaybookError
from generator.project import Project
from generator.report.diagnostics import TextReporter
from generator.site.generate import Generation, generate
from generator.site.publish import one_build

if TYPE_CHECKING:  # imported when serving: the command line starts faster without MkDocs
    from mkdocs.livereload import LiveReloadServer

_QUIET = 0.1  # seconds without further changes before regenerating: an editor saves in a burst of ms
_LONGEST_PATH = 1024  # characters in a requested path; the site's longest is a tenth of that


@dataclass(frozen=True)
class ServeOptions:
    project: Project
    dev_addr: str = "127.0.0.1:8000"
    color: bool = False


def regenerate(
    project: Project, color: bool = False, previous: Generation | None = None
) -> Generation | None:
    """One regeneration, reported on the terminal; None (and the old pages kept) on errors. It
    takes the build lock, so a `playbook build` meanwhile waits for it, and it for a build."""
    try:
        with one_build(project, waiting=lambda why: print(f"playbook: {why}", file=sys.stderr)):
            started = time.perf_counter()
            generation = generate(project, previous=previous)
    except PlaybookError as exc:  # the watcher keeps watching: the next save may mend it
        print(f"playbook: error: {exc}", file=sys.stderr)
        print("playbook: the last good site is still served", file=sys.stderr)
        return None
    if generation.diagnostics:
        TextReporter(sys.stderr, color).report(generation.diagnostics, generation.summary)
    if not generation.ok:
        print("playbook: the last good site is still served", file=sys.stderr)
        return None
    if generation.site and (previous is None or _navigation(generation) != _navigation(previous)):
        for page in project.docs.rglob("*.md"):  # the dirty build then rebuilds every page
            os.utime(page)
    took = time.perf_counter() - started
    print(f"playbook: regenerated in {took:.2f} s, {len(generation.changed)} pages changed", file=sys.stderr)
    return generation


def _navigation(generation: Generation) -> tuple[str, list[str]]:
    """What every page shows of the others: the navigation, and each page's title in it."""
    assert generation.site is not None
    titles = [text.split("\n", 2)[1] for text in generation.site.pages.values()]  # front matter's first line
    return repr(generation.site.nav), titles


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


def _guarded_server() -> type[LiveReloadServer]:
    """MkDocs' live-reload server, answering what `refusal` refuses itself."""
    from mkdocs.livereload import LiveReloadServer

    class Guarded(LiveReloadServer):
        def serve_request(
            self, environ: dict[str, Any], start_response: Callable[..., Any]
        ) -> Iterable[bytes]:
            status = refusal(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""))
            if status is None:
                return super().serve_request(environ, start_response)
            headers = [("Content-Type", "text/plain; charset=utf-8")]
            if status.startswith("405"):
                headers.append(("Allow", "GET, HEAD"))
            start_response(status, headers)
            return [status.encode()]

    return Guarded


def execute(options: ServeOptions) -> int:
    import mkdocs.commands.serve
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    project = Project(options.project.root.resolve())
    last = regenerate(project, options.color)
    if last is None and not project.build_config.is_file():
        raise PlaybookError("nothing to serve yet: fix the errors above")

    changed = threading.Event()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("created", "modified", "deleted", "moved"):
                changed.set()

    def watch() -> None:
        nonlocal last
        while True:
            changed.wait()
            while changed.is_set():  # wait until the burst of saves is over
                changed.clear()
                time.sleep(_QUIET)
            last = regenerate(project, options.color, last) or last

    observer = Observer()
    for path in (project.standards, project.templates):
        if path.is_dir():
            observer.schedule(Handler(), str(path), recursive=True)
    if project.mkdocs_file.is_file():
        observer.schedule(Handler(), str(project.root), recursive=False)
    observer.start()
    threading.Thread(target=watch, daemon=True).start()
    # MkDocs makes its server inside `serve`, with no way in but a plugin: give it ours to make
    mkdocs.commands.serve.LiveReloadServer = _guarded_server()  # type: ignore[attr-defined]
    try:
        mkdocs.commands.serve.serve(
            config_file=str(project.build_config),
            dev_addr=options.dev_addr,
            livereload=True,
            build_type="dirty",
        )
    finally:
        observer.stop()
    return 0
