"""PDF through LibreOffice headless: one profile per process, many files per start-up.

LibreOffice locks its user profile, so two conversions sharing one fail or wait; each worker
gets its own (``-env:UserInstallation``). A failed conversion can exit 0 and write nothing,
so success is a PDF that exists and starts like one.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.errors import UsageError

_SECONDS_TO_START = 120
_SECONDS_PER_FILE = 30


def soffice() -> str:
    """The LibreOffice executable, or a UsageError saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise UsageError(
            "--pdf needs LibreOffice, and neither soffice nor libreoffice is on the PATH "
            "(Debian: apt-get install libreoffice-writer-nogui)"
        )
    return found


def convert(documents: Sequence[Path], profile: Path) -> dict[Path, bytes | str]:
    """Each .docx's PDF bytes, or why there is none; ``profile`` is this process's own folder."""
    if not documents:
        return {}
    with tempfile.TemporaryDirectory(prefix="playbook-pdf-") as folder:
        command = [
            soffice(),
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            *(str(path) for path in documents),
        ]
        try:
            finished = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=_SECONDS_TO_START + _SECONDS_PER_FILE * len(documents),
                check=False,
            )
            said = (finished.stderr or finished.stdout).strip().splitlines()
            reason = (
                f"LibreOffice wrote no PDF (exit code {finished.returncode}{': ' + said[-1] if said else ''})"
            )
        except subprocess.TimeoutExpired:
            reason = "LibreOffice did not finish in time"
        results: dict[Path, bytes | str] = {}
        for path in documents:
            pdf = Path(folder) / f"{path.stem}.pdf"
            content = pdf.read_bytes() if pdf.is_file() else b""
            results[path] = content if content.startswith(b"%PDF") else reason
        return results
