"""`playbook serve`: a saved change shows in the browser; a broken file keeps the last good site."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_base
from tests.e2e.conftest import PLAYBOOK


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s")
        time.sleep(0.1)


class Server:
    def __init__(self, root: Path) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [str(PLAYBOOK), "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line.rstrip("\n"))

    def page(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Server]]:
    root = copy_base(tmp_path / "project")
    server = Server(root)
    try:
        _until(lambda: "Closing" in server.page("stages/closing/"), 60)
        yield root, server
    finally:
        server.stop()


def test_a_saved_change_is_served_and_an_error_keeps_the_last_good_site(served: tuple[Path, Server]) -> None:
    root, server = served
    stage = root / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("name: Closing", "name: Closing the deal"))
    _until(lambda: "Closing the deal" in server.page("stages/closing/"))
    assert any(line.startswith("playbook: regenerated in ") for line in server.log)

    stage.write_text(stage.read_text().replace("owner: seller", "owner: sellr"))
    expected = "standards/stages/closing.yml:4:8: error: unknown role 'sellr' (did you mean 'seller'?) [ref]"
    _until(lambda: expected in server.log)
    assert "playbook: the last good site is still served" in server.log
    assert "Closing the deal" in server.page("stages/closing/")


def test_serve_listens_only_on_this_machine_by_default() -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "127.0.0.1:8000" in help_text
