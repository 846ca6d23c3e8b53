from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import REPO

PLAYBOOK = Path(sys.executable).parent / "playbook"


def playbook(
    *args: str, cwd: Path, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it (``env``: the environment, if not this one)."""
    return subprocess.run(
        [str(PLAYBOOK), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env
    )


def copy_example(target: Path) -> Path:
    """A copy of this repository's example project (standards, templates, site configuration, and
    the CRM exports its dashboard reads)."""
    for name in ("standards", "templates", "examples"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, built once for every test that only reads the site."""
    root = copy_example(tmp_path_factory.mktemp("built") / "example")
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_example: Path) -> Iterator[str]:
    """The built example's site/ over HTTP on this machine (search needs HTTP, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(built_example / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
