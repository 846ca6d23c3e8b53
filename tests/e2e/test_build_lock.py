"""One build at a time: `build` and `serve` share build/.lock. A second build waits a moment for
the first, then stops with "another build is running (pid N)"; site/ is always one whole site."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

from generator.project import Project
from generator.site.publish import one_build
from tests.conftest import copy_base
from tests.e2e.conftest import PLAYBOOK, playbook
from tests.e2e.test_serve import Server, _until

REFUSED = (
    f"playbook: error: another build is running (pid {os.getpid()}): wait for it to finish, "
    "then run playbook build again"
)


def _files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def _built(tmp_path: Path) -> tuple[Path, list[str]]:
    """A project built once, and the files of its whole site."""
    root = copy_base(tmp_path / "project")
    first = playbook("build", cwd=root)
    assert first.returncode == 0, first.stderr
    return root, _files(root / "site")


def test_a_build_while_another_holds_the_lock_stops_and_leaves_the_site(tmp_path: Path) -> None:
    root, whole = _built(tmp_path)
    stage = root / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("name: Closing", "name: Closing the deal"))
    with one_build(Project(root)):  # this test process is the other build
        started = time.monotonic()
        second = playbook("build", cwd=root)
        waited = time.monotonic() - started
    assert second.returncode == 2
    assert second.stderr.splitlines() == [REFUSED]
    assert waited >= 5  # it waited for the other build before giving up
    assert _files(root / "site") == whole
    assert "Closing the deal" not in (root / "site/stages/closing/index.html").read_text()


def test_a_build_waits_for_a_short_one_then_runs(tmp_path: Path) -> None:
    root, whole = _built(tmp_path)
    held, release = threading.Event(), threading.Event()

    def other_build() -> None:
        with one_build(Project(root)):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=other_build)
    holder.start()
    held.wait(30)
    second = subprocess.Popen([str(PLAYBOOK), "build"], cwd=root, stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    release.set()
    holder.join()
    out, _ = second.communicate(timeout=300)
    assert second.returncode == 0
    assert out.startswith("built site/: ")
    assert _files(root / "site") == whole


def test_two_builds_at_once_leave_one_whole_site(tmp_path: Path) -> None:
    root, whole = _built(tmp_path)
    builds = [
        subprocess.Popen(
            [str(PLAYBOOK), "build"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [b.communicate(timeout=300) for b in builds]
    results = [(b.returncode, out, err) for b, (out, err) in zip(builds, outputs, strict=True)]
    for code, _, err in results:
        # each one built, or (if the other took longer than it waits) said who holds the lock
        assert (code, err) == (0, "") or (code == 2 and "another build is running (pid " in err), err
    assert any(code == 0 and out.startswith("built site/: ") for code, out, _ in results)
    assert _files(root / "site") == whole
    assert not (root / ".site.new").exists() and not (root / ".site.old").exists()


def test_serve_waits_for_a_build_and_then_regenerates(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "project")
    server = Server(root)
    try:
        _until(lambda: "Closing" in server.page("stages/closing/"), 60)
        stage = root / "standards/stages/closing.yml"
        with one_build(Project(root)):
            stage.write_text(stage.read_text().replace("name: Closing", "name: Closing the deal"))
            waiting = f"playbook: another build is running (pid {os.getpid()}): waiting for it to finish"
            _until(lambda: waiting in server.log)
            assert "Closing the deal" not in server.page("stages/closing/")
        _until(lambda: "Closing the deal" in server.page("stages/closing/"))
    finally:
        server.stop()
