"""`playbook serve`: the site on a local address, rebuilt within a moment of any saved change.

A watcher notices a save in standards/, templates/ or mkdocs.yml and asks MkDocs' live-reload
server for a rebuild; the server waits until the burst of saves is over, then calls `Preview`:
it regenerates the Markdown (writing only the pages that changed) and has MkDocs rebuild those
pages alone — its "dirty" build, a page whose Markdown is older than its HTML is left as it is —
before the browsers reload. When what every page shows changed (the navigation, a title in it,
the site's configuration) or a page went away, every page is built again. When the standards
have errors they are printed as `check` prints them and the last good pages stay.
"""

from __future__ import annotations

import logging
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.errors import PlaybookError
from generator.project import Project
from generator.report.diagnostics import TextReporter
from generator.site.generate import Generation, generate
from generator.site.publish import one_build

_QUIET = 0.1  # seconds without further saves before regenerating: an editor saves in a burst of ms


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
    took = time.perf_counter() - started
    print(f"playbook: regenerated in {took:.2f} s, {len(generation.changed)} pages changed", file=sys.stderr)
    return generation


def execute(options: ServeOptions) -> int:
    from watchdog import events
    from watchdog.observers import Observer

    from generator.commands.preview import Preview, Server

    project = Project(options.project.root.resolve())
    preview = Preview(project, options.dev_addr, lambda last: regenerate(project, options.color, last))
    if preview.generation is None and not project.build_config.is_file():
        raise PlaybookError("nothing to serve yet: fix the errors above")
    # a dirty build is the point here: MkDocs' warning that it makes the navigation inaccurate is not
    logging.getLogger("mkdocs.commands.build").addFilter(lambda r: not r.getMessage().startswith("A 'dirty'"))
    config = preview.config()
    config.plugins.on_startup(command="serve", dirty=True)
    mount_path = urlsplit(config.site_url or "/").path
    server = Server(preview.rebuild, config.dev_addr, preview.folder, mount_path, _QUIET)
    server.error_handler = preview.error_page
    config.site_url = preview.url = server.url

    class Saves(events.FileSystemEventHandler):
        def on_any_event(self, event: events.FileSystemEvent) -> None:
            server.changed()

    # what a save does, and not a read, which the kernel then does not even report: a regeneration
    # reads the files watched, and watchdog's thread taking its 232 opened and closed events (the
    # example's) kept the regeneration waiting for Python's lock 0.02 s
    saves: list[type[events.FileSystemEvent]] = [
        *(events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent),
        *(events.DirCreatedEvent, events.DirModifiedEvent, events.DirDeletedEvent, events.DirMovedEvent),
    ]
    observer = Observer()
    watched = [path for path in (project.standards, project.templates) if path.is_dir()]
    for path in watched:
        observer.schedule(Saves(), str(path), recursive=True, event_filter=saves)
    if project.mkdocs_file.is_file():  # the folder, not the file: an editor saves by renaming over it
        observer.schedule(Saves(), str(project.root), recursive=False, event_filter=saves)
    server.watching([*watched, project.mkdocs_file])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # terminated, it still cleans up below
    try:
        preview.build(config)
        observer.start()
        print(f"playbook: serving on {server.url}", file=sys.stderr)
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.shutdown()
        config.plugins.on_shutdown()
        shutil.rmtree(preview.folder, ignore_errors=True)
    return 0
