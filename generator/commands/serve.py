"""`playbook serve`: the site on a local address, regenerated within a moment of any saved change.

A watcher regenerates the Markdown when standards/, templates/ or mkdocs.yml change and writes
only the pages that changed; MkDocs' own server rebuilds and live-reloads the browser. When the
standards have errors they are printed as `check` prints them and the last good pages stay.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass

from generator.errors import PlaybookError
from generator.project import Project
from generator.report.diagnostics import TextReporter
from generator.site.generate import Generation, generate

_QUIET = 0.3  # seconds without further changes before regenerating: an editor saves in bursts


@dataclass(frozen=True)
class ServeOptions:
    project: Project
    dev_addr: str = "127.0.0.1:8000"
    color: bool = False


def regenerate(
    project: Project, color: bool = False, previous: Generation | None = None
) -> Generation | None:
    """One regeneration, reported on the terminal; None (and the old pages kept) on errors."""
    started = time.perf_counter()
    try:
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
    took = time.perf_counter() - started
    print(f"playbook: regenerated in {took:.2f} s, {len(generation.changed)} pages changed", file=sys.stderr)
    return generation


def execute(options: ServeOptions) -> int:
    from mkdocs.commands.serve import serve
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
    try:
        serve(config_file=str(project.build_config), dev_addr=options.dev_addr, livereload=True)
    finally:
        observer.stop()
    return 0
