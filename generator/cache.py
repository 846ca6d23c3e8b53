"""The user's cache: what took long to make and is the same for the same inputs, kept between
runs — LibreOffice's PDFs, the findings of the document templates.

It lives in ``PLAYBOOK_CACHE``, else ``$XDG_CACHE_HOME/playbook`` or ``~/.cache/playbook``;
``PLAYBOOK_CACHE=off`` keeps nothing. Each kind of entry has its own folder; an entry is one file
named by its key (a digest of everything it was made from), written whole (os.replace) so that
parallel processes never read half of one; the least recently used go first past a folder's
bound. A cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from functools import cache
from pathlib import Path

import generator


class Kept:
    """Entries of one kind: bytes by key, at most ``bound`` of them."""

    def __init__(self, folder: Path, suffix: str, bound: int) -> None:
        self.folder = folder
        self.suffix = suffix
        self.bound = bound

    def get(self, key: str) -> bytes | None:
        path = self.folder / f"{key}{self.suffix}"
        try:
            content = path.read_bytes()
            os.utime(path)  # used: the last to go
        except OSError:
            return None
        return content

    def put(self, key: str, content: bytes) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".part", delete=False) as part:
                part.write(content)
            os.replace(part.name, self.folder / f"{key}{self.suffix}")
            entries = sorted(self.folder.glob(f"*{self.suffix}"), key=lambda p: p.stat().st_mtime_ns)
            for old in entries[: max(0, len(entries) - self.bound)]:
                old.unlink(missing_ok=True)


def kept(kind: str, suffix: str, bound: int) -> Kept | None:
    """The cache's entries of ``kind`` (a folder name), or None when the cache is off."""
    setting = os.environ.get("PLAYBOOK_CACHE", "")
    if setting == "off":
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "playbook"
    return Kept((Path(setting) if setting else base) / kind, suffix, bound)


@cache
def code_identity() -> str:
    """This copy of the generator and what it runs on: every file of the package by size and
    modification time (as Python tells a stale .pyc) and every installed distribution's version,
    so an edited or upgraded generator or library finds nothing it kept."""
    package = Path(generator.__file__).parent
    digest = hashlib.sha256(generator.__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\0".encode())
    digest.update("\0".join(_distributions()).encode())
    return digest.hexdigest()


def _distributions() -> list[str]:
    """The installed distributions by their metadata folders' names, which hold the version
    (Jinja2-3.1.4.dist-info): listing them costs a few folder reads, reading them a file each."""
    found: list[str] = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            found.extend(
                f"{entry}/{name}"
                for name in os.listdir(entry or ".")
                if name.endswith((".dist-info", ".egg-info"))
            )
    return sorted(found)
