"""Zensical, the successor of Material for MkDocs, as the engine that turns build/ into a site.

Zensical reads the same Markdown and the same mkdocs.yml, with three differences that shape
build/zensical.yml (written from build/mkdocs.yml's settings by `settings`): it writes the site
only below its configuration's folder; it appends the lists of an INHERITed file to the
inheriting file's, where MkDocs lets the inheriting file's replace them; and it runs no MkDocs
hooks. So the site's allowlist (generator/markup/html.py) is applied here by a Markdown extension
that Zensical loads from the configuration: what Markdown made of a page, and the labels of its
table of contents (which Zensical's theme writes as HTML), are cleaned before the theme and the
search index see them, as generator/site/hooks.py does under MkDocs.

Zensical runs in a process of its own (`python -m generator.site.zensical CONFIG`): it writes
its findings to the process's standard error from native code, where only a parent can read
them, and it keeps its configuration in globals.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from generator.errors import UsageError
from generator.markup import html
from generator.markup.html import clean
from generator.project import Project

MISSING = "Zensical is not installed: pip install 'playbook[zensical]'"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # Zensical colours its findings even when told NO_COLOR


def require() -> None:
    """UsageError unless Zensical can be run."""
    if importlib.util.find_spec("zensical") is None:
        raise UsageError(MISSING)


def settings(mkdocs: Mapping[str, Any], user: Mapping[str, Any], project: Project) -> dict[str, Any]:
    """build/zensical.yml's settings, from build/mkdocs.yml's (``mkdocs``) and the user's mkdocs.yml."""
    config = {key: value for key, value in mkdocs.items() if key != "hooks"}  # Zensical runs none
    config["site_dir"] = project.zensical_site.name  # relative to build/, like the configuration
    if "INHERIT" in config:  # the user's own entries come from the inheritance, which appends ours
        for key in ("extra_css", "extra_javascript"):
            config[key] = [entry for entry in mkdocs[key] if entry not in (user.get(key) or [])]
    # appended to the user's extensions, and run after them: `_Cleaned` is the last postprocessor
    config["markdown_extensions"] = [{__name__: {"allowlist": _allowlist()}}]
    return config


def _allowlist() -> str:
    """A digest of what cleaning depends on (this module, the allowlist, nh3). Zensical keeps the
    pages it rendered between builds, keyed by the extensions' settings: with this among them, no
    page cleaned by an older allowlist is reused."""
    digest = hashlib.sha256(version("nh3").encode())
    for module in (__file__, html.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:16]


def build(project: Project, into: Path) -> str | None:
    """Builds build/zensical.yml (strict) and moves the site to ``into``; what Zensical said when it
    failed. The caller removes what a build leaves in `Project.zensical_site`."""
    require()
    ran = subprocess.run(
        [sys.executable, "-m", __name__, str(project.zensical_config)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    if ran.returncode != 0:
        said = _ANSI.sub("", ran.stderr).strip()
        return said or f"zensical: stopped with exit code {ran.returncode}"
    os.replace(project.zensical_site, into)
    return None


class _Cleaned(Postprocessor):
    """A page's HTML cleaned by the site's allowlist. The toc extension runs every postprocessor
    on each heading's label too, so the table of contents Zensical writes is cleaned as well."""

    def run(self, text: str) -> str:
        return clean(text)


class CleanExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"allowlist": ["", "the digest `_allowlist` gives; only for Zensical's cache"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # last: after the raw HTML is put back (30) and every other postprocessor
        md.postprocessors.register(_Cleaned(md), "playbook_clean", 0)


def makeExtension(**kwargs: Any) -> CleanExtension:
    """How Python-Markdown loads this module, named in build/zensical.yml's markdown_extensions."""
    return CleanExtension(**kwargs)


def main(config: str) -> int:
    """Zensical's strict build of ``config``, in this process; 1 with its reason when it failed."""
    import zensical

    try:
        zensical.build(config, {"clean": False, "strict": True})
    except Exception as exc:  # whatever stopped it is the parent's message, not a traceback
        print(f"zensical: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
