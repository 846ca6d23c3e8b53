"""Crash safety and determinism of the installed command: `playbook build` and bulk `playbook render`
are killed (SIGKILL, the whole process group: LibreOffice and the render workers too) at random
points and at the worst ones, and what a user finds afterwards is checked.

* `build`: site/ is, after every kill, byte for byte the previous site or the complete new one,
  never a mix; a kill between the two renames of the swap leaves the previous site in
  `.site.old`, which the next build puts back; leftovers never break the next build.
* `render`: OUT holds only whole documents, byte-identical to an uninterrupted render; what a
  kill can leave besides is `write_new`'s temporary file, `.<name>.docx.<pid>.tmp`: hidden,
  and not a `.docx` to any tool that picks documents by their extension.
* Two builds of the same input differ only where MkDocs stamps the build date (sitemap.xml's
  `<lastmod>`, sitemap.xml.gz) and where LibreOffice stamps its PDFs (/CreationDate, /ID,
  /DocChecksum); two renders give identical .docx.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import DEAL, write_yaml
from tests.docx_factory import text_of
from tests.e2e.conftest import PLAYBOOK, copy_example, playbook

SEED = 6  # the number: the same kill points on every run
STAGE = "standards/stages/closing.yml"
OLD_NAME, NEW_NAME = "name: Закрытие сделки\n", "name: Закрытие сделки и оплата\n"
SITE, FRESH, OLD = "site", ".site.new", ".site.old"

# What a build stamps with the time, and nothing else may differ between two builds of one input.
LASTMOD = re.compile(rb"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>")  # MkDocs: the build date
PDF_STAMPS = re.compile(  # LibreOffice: the conversion time, and an id and checksum made from it
    rb"/(?:CreationDate|ModDate)\s*\([^)]*\)|/ID\s*\[[^\]]*\]|/DocChecksum\s*/[0-9A-Fa-f]+"
)

# write_new's temporary file: `.<final name>.<pid>.tmp` beside the final file.
TEMPORARY = re.compile(r"\.(?P<final>.+\.docx)\.\d+\.tmp")

# Runs the installed `playbook` script, killing its whole process group (SIGKILL) just before the
# audit event KILL_EVENT happens for the COUNT-th time after ARM_EVENT whose arguments, joined by
# spaces, match ARM_PATTERN (COUNT 0: at that event itself). Forked render workers inherit the hook.
_KILL_AT = """
import os, re, runpy, signal, sys
script, arm_event, arm_pattern, kill_event, count = sys.argv[1:6]
state = {"armed": False, "seen": 0}

def hook(event, args):
    if not state["armed"]:
        if event != arm_event or not re.search(arm_pattern, " ".join(map(str, args))):
            return
        state["armed"] = True
        if int(count):
            return
    elif event != kill_event:
        return
    else:
        state["seen"] += 1
        if state["seen"] < int(count):
            return
    os.killpg(0, signal.SIGKILL)

sys.addaudithook(hook)
sys.argv = [script, *sys.argv[6:]]
runpy.run_path(script, run_name="__main__")
"""


# --- what a folder holds -------------------------------------------------------------------------


def _raw(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, path -> sha256: the exact bytes a reader is served."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _unstamped(path: Path) -> bytes:
    """The file's bytes without the build-time stamps named above."""
    data, name = path.read_bytes(), path.name
    if name == "sitemap.xml.gz":
        data, name = gzip.decompress(data), "sitemap.xml"  # the gzip header holds the build date
    if name == "sitemap.xml":
        return LASTMOD.sub(b"<lastmod/>", data)
    if path.suffix == ".pdf":
        return PDF_STAMPS.sub(b"", data)
    return data


def _content(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, path -> sha256 of its bytes without the build-time stamps."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(_unstamped(p)).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _mix(actual: Mapping[str, str], expected: Mapping[str, str]) -> str:
    """How a snapshot differs from another, for the assertion message."""
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(k for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    return (
        f"missing {missing[:5]} ({len(missing)}), extra {extra[:5]}, changed {changed[:5]} ({len(changed)})"
    )


# --- killing -------------------------------------------------------------------------------------


def _environment(tmp: Path) -> dict[str, str]:
    """A killed command cannot clean up its temporary folders (LibreOffice's profile): keep them
    under the test's own folder."""
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp)}


def _group_alive(group: int) -> bool:
    """Whether any process of ``group`` is still running (zombies waiting for a parent are not)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] not in "ZX" and int(fields[2]) == group:
            return True
    return False


def _reap(process: subprocess.Popen[bytes]) -> None:
    """Waits until the killed command and every process it started are gone, so that nothing
    writes while the test looks."""
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _group_alive(process.pid):
        assert time.monotonic() < deadline, "a killed process group did not die"
        time.sleep(0.02)


def _kill_after(command: list[str], cwd: Path, delay: float, tmp: Path) -> None:
    """Starts ``command`` in a new process group and kills the whole group after ``delay`` s."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=_environment(tmp),
    )
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # it finished first: the state after a whole run
        os.killpg(process.pid, signal.SIGKILL)
    _reap(process)


def _kill_at(
    args: list[str], cwd: Path, tmp: Path, arm: tuple[str, str], kill: tuple[str, int] = ("", 0)
) -> None:
    """Runs the installed `playbook ARGS` and kills it at an exact point (see _KILL_AT)."""
    (arm_event, arm_pattern), (kill_event, count) = arm, kill
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _KILL_AT,
            str(PLAYBOOK),
            arm_event,
            arm_pattern,
            kill_event,
            str(count),
            *args,
        ],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=_environment(tmp),
    )
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == -signal.SIGKILL, f"the kill point was never reached: {stderr.decode()}"
    _reap(process)


def _delays(duration: float, count: int) -> list[float]:
    """``count`` seeded kill points spread over the whole run: one in each equal slice of it
    (the last slices reach past the end, where the swap and the clean-up happen)."""
    rng = random.Random(SEED)
    span = duration * 1.1 / count
    return [rng.uniform(i * span, (i + 1) * span) for i in range(count)]


# --- build ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """The example built as it is (old) and with one stage renamed (new), in two folders."""

    old: Path
    new: Path
    duration: float  # of a whole `playbook build`, measured here


def _set_stage_name(root: Path, line: str) -> None:
    stage = root / STAGE
    text = stage.read_text(encoding="utf-8")
    stage.write_text(text.replace(OLD_NAME, line).replace(NEW_NAME, line), encoding="utf-8")


def _example(target: Path) -> Path:
    """The example project, with a site_url so that MkDocs dates every page in the sitemap."""
    root = copy_example(target)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("site_url: https://standards.example.org/\n")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    old = _example(tmp_path_factory.mktemp("old") / "example")
    assert playbook("build", cwd=old).returncode == 0
    new = _example(tmp_path_factory.mktemp("new") / "example")
    _set_stage_name(new, NEW_NAME)
    start = time.perf_counter()
    result = playbook("build", cwd=new)
    duration = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    # the stage's name is in every page's navigation: a site mixed of the two shows everywhere
    assert _content(old / SITE) != _content(new / SITE)
    return Built(old, new, duration)


def _working_copy(built: Built, target: Path) -> Path:
    """The old project with its site/ and build/, as a user has it before the next build."""
    shutil.copytree(built.old, target, symlinks=True)
    return target


def test_a_build_killed_at_any_point_leaves_the_old_or_the_new_site_whole(
    built: Built, tmp_path: Path
) -> None:
    root = _working_copy(built, tmp_path / "project")
    versions = {OLD_NAME: _content(built.old / SITE), NEW_NAME: _content(built.new / SITE)}
    current, target, before = OLD_NAME, NEW_NAME, _raw(root / SITE)
    for delay in _delays(built.duration, 8):
        target = NEW_NAME if current == OLD_NAME else OLD_NAME  # each build changes the site
        _set_stage_name(root, target)
        _kill_after([str(PLAYBOOK), "build"], root, delay, tmp_path / "tmp")
        site = root / SITE
        if not site.exists():  # killed between the two renames: the old site waits aside
            assert _raw(root / OLD) == before, f"at {delay:.2f} s: {_mix(_raw(root / OLD), before)}"
            assert _content(root / FRESH) == versions[target]
            continue
        now = _raw(site)
        if now == before:
            continue
        # anything else must be the whole new site; a mix or a missing file fails here
        assert _content(site) == versions[target], (
            f"killed at {delay:.2f} s: {_mix(_content(site), versions[target])}"
        )
        current, before = target, now
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert _content(root / SITE) == versions[target]  # what the standards now say
    assert not (root / FRESH).exists() and not (root / OLD).exists()


def test_a_build_killed_between_the_two_renames_is_recovered_by_the_next(
    built: Built, tmp_path: Path
) -> None:
    root = _working_copy(built, tmp_path / "project")
    before = _raw(root / SITE)
    _set_stage_name(root, NEW_NAME)
    # just before `.site.new` -> `site/`: site/ was already moved aside to .site.old
    _kill_at(
        ["build"],
        root,
        tmp_path / "tmp",
        arm=("os.rename", r"/site \S*/\.site\.old "),
        kill=("os.rename", 1),
    )
    assert not (root / SITE).exists()
    assert _raw(root / OLD) == before
    assert _content(root / FRESH) == _content(built.new / SITE)
    # the next build first puts the old site back (killed right after that, it is all there)
    _kill_at(["build"], root, tmp_path / "tmp", arm=("shutil.rmtree", r"\.site\.new"))
    assert _raw(root / SITE) == before
    assert not (root / OLD).exists()
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert _content(root / SITE) == _content(built.new / SITE)
    assert not (root / FRESH).exists() and not (root / OLD).exists()


def test_a_build_killed_while_removing_the_old_site_leaves_the_new_one_and_builds_again(
    built: Built, tmp_path: Path
) -> None:
    root = _working_copy(built, tmp_path / "project")
    _set_stage_name(root, NEW_NAME)
    # after the swap (the rename of .site.new to site/), 40 files into deleting the previous site
    _kill_at(
        ["build"],
        root,
        tmp_path / "tmp",
        arm=("os.rename", r"/\.site\.new \S*/site "),
        kill=("os.remove", 40),
    )
    assert _content(root / SITE) == _content(built.new / SITE)
    assert (root / OLD).exists()  # half deleted
    _set_stage_name(root, OLD_NAME)
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert _content(root / SITE) == _content(built.old / SITE)
    assert not (root / FRESH).exists() and not (root / OLD).exists()


def test_two_builds_differ_only_in_the_dates_mkdocs_stamps(built: Built, tmp_path: Path) -> None:
    # Another folder, and MkDocs' clock set to another day (SOURCE_DATE_EPOCH is how MkDocs dates
    # a build), so that every stamp shows: nothing else may differ.
    again = _example(tmp_path / "elsewhere")
    result = subprocess.run(
        [str(PLAYBOOK), "build"],
        cwd=again,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},  # 2023-11-14
    )
    assert result.returncode == 0, result.stderr
    first, second = _raw(built.old / SITE), _raw(again / SITE)
    assert first.keys() == second.keys()
    differing = {path for path in first if first[path] != second[path]}
    pdfs = {path for path in first if path.endswith(".pdf")}
    # MkDocs: each page's <lastmod> in sitemap.xml, and the date in sitemap.xml.gz's header too.
    # LibreOffice stamps every PDF with the second it was made, but a PDF made once is kept by its
    # .docx (PLAYBOOK_CACHE, this test run's own): the second build's are the first's
    assert differing == {"sitemap.xml", "sitemap.xml.gz"}
    assert "<lastmod>2023-11-14</lastmod>" in (again / SITE / "sitemap.xml").read_text(encoding="utf-8")
    if shutil.which("soffice"):
        assert pdfs  # each document's filled sample
    # and apart from those stamps, byte for byte the same: pages, search index, assets, .docx
    assert _content(built.old / SITE) == _content(again / SITE)


# --- render --------------------------------------------------------------------------------------

DEALS = 60


def _render(out: str, *extra: str) -> list[str]:
    """The arguments of a bulk render of every deal over two processes."""
    return ["render", "contract", "--data", "deals", "--out", out, "--jobs", "2", *extra]


def _documents_left(out: Path, reference: Mapping[str, bytes]) -> list[str]:
    """Checks what a kill left in ``out``: whole documents, each exactly the uninterrupted one,
    and besides them only write_new's hidden temporary files. Returns the temporary files."""
    temporary = []
    for path in sorted(out.iterdir()):
        if path.suffix == ".docx" and not path.name.startswith("."):
            content = path.read_bytes()
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                assert archive.testzip() is None, path.name
            assert content == reference[path.name], f"{path.name} is not the document it should be"
        else:
            match = TEMPORARY.fullmatch(path.name)
            assert match is not None and match["final"] in reference, f"unexpected file {path.name}"
            temporary.append(match["final"])
    return temporary


@pytest.fixture
def deals(documents_project: Path) -> tuple[Path, dict[str, bytes]]:
    """The documents project with 60 deals in deals/, and each deal's contract as an
    uninterrupted render writes it."""
    for n in range(DEALS):
        write_yaml(documents_project / "deals" / f"deal-{n:03d}.yml", {**DEAL, "number": f"П-2026/{n}"})
    result = playbook(*_render("reference"), cwd=documents_project)
    assert result.returncode == 0, result.stderr
    reference = {p.name: p.read_bytes() for p in (documents_project / "reference").iterdir()}
    assert len(reference) == DEALS
    for content in reference.values():
        text = text_of(content)
        assert "Договор поставки № П-2026/" in text and "{{" not in text and "{%" not in text
    return documents_project, reference


def test_two_renders_give_identical_documents(deals: tuple[Path, dict[str, bytes]]) -> None:
    root, reference = deals
    result = playbook(*_render("again", "--jobs", "1"), cwd=root)  # another process, another batching
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in (root / "again").iterdir()} == reference


def test_a_bulk_render_killed_at_any_point_leaves_only_whole_documents(
    deals: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    root, reference = deals
    start = time.perf_counter()
    assert playbook(*_render("timed"), cwd=root).returncode == 0
    duration = time.perf_counter() - start
    out = root / "out"
    for delay in _delays(duration, 10):
        # --force: each run replaces what the killed one before it wrote
        _kill_after([str(PLAYBOOK), *_render("out", "--force")], root, delay, tmp_path / "tmp")
        if out.exists():
            _documents_left(out, reference)
    result = playbook(*_render("out", "--force"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"{DEALS} files written to out\n"
    _documents_left(out, reference)
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(reference)


def test_a_render_killed_as_it_names_a_document_leaves_only_a_hidden_temporary_file(
    deals: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    root, reference = deals
    name = "deal-030-contract.docx"
    # a new file: killed with its temporary file complete, just before it is linked to its name
    # (the other worker may have been as far along with another deal)
    _kill_at(_render("new"), root, tmp_path / "tmp", arm=("os.link", name))
    left = _documents_left(root / "new", reference)
    assert name in left and not (root / "new" / name).exists()
    # --force over existing files: killed just before the rename, the previous file is whole
    shutil.copytree(root / "reference", root / "replaced")
    _kill_at(_render("replaced", "--force"), root, tmp_path / "tmp", arm=("os.rename", name))
    assert name in _documents_left(root / "replaced", reference)
    assert sorted(p.name for p in (root / "replaced").glob("*.docx")) == sorted(reference)
    # the next render is not confused by the leftovers, and `*.docx` never picks them up
    result = playbook(*_render("new", "--force"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert _documents_left(root / "new", reference) == left  # left as they were: ignorable
    assert sorted(p.name for p in (root / "new").glob("*.docx")) == sorted(reference)
