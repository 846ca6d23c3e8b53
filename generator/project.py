"""The project: one value that owns every path under a project's root folder.

The command line makes a `Project` from `-C DIR` and every command passes it on; no other code
joins a path from the root. The relative names below are also how diagnostics and git revisions
name the same places (``standards/stages/closing.yml``, ``templates/documents/contract.docx``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import ProjectNotFound

STANDARDS = "standards"
TEMPLATES = "templates"
DOCUMENT_TEMPLATES = f"{TEMPLATES}/documents"  # the .docx files documents are filled from
# what else lies in templates/, a project's own files before the built-in ones (`template_dirs`)
PAGE_TEMPLATES = "site"  # the site's page templates, labels and assets
SKELETONS = "new"  # the skeletons `playbook new` writes
SCAFFOLD = "init"  # the repository `playbook init` writes
MKDOCS = "mkdocs.yml"
BUILD = "build"
SITE = "site"
OUT = "out"
SCHEMAS = "schemas"
VSCODE_SETTINGS = ".vscode/settings.json"


@dataclass(frozen=True)
class Project:
    """A project's root folder and everything under it."""

    root: Path

    def require_standards(self) -> Project:
        """This project, when it has a standards/ folder; ProjectNotFound otherwise."""
        if not self.standards.is_dir():
            raise ProjectNotFound(
                f"no '{STANDARDS}/' folder in {self.root.resolve()}: run playbook in a project's root folder"
            )
        return self

    def path(self, relative: str) -> Path:
        """The file a relative name (a diagnostic's path, a source file's) stands for."""
        return self.root / relative

    def relative(self, path: Path) -> str:
        """A path under the root as the relative name diagnostics use."""
        return path.relative_to(self.root).as_posix()

    @property
    def standards(self) -> Path:
        return self.root / STANDARDS

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES

    @property
    def document_templates(self) -> Path:
        return self.root / DOCUMENT_TEMPLATES

    @property
    def mkdocs_file(self) -> Path:
        """The site configuration a user may edit."""
        return self.root / MKDOCS

    @property
    def build(self) -> Path:
        return self.root / BUILD

    @property
    def docs(self) -> Path:
        """The generated Markdown MkDocs builds the site from."""
        return self.build / "docs"

    @property
    def build_config(self) -> Path:
        """The generated MkDocs configuration, which INHERITs mkdocs.yml."""
        return self.build / MKDOCS

    @property
    def template_cache(self) -> Path:
        """Compiled page templates, kept between builds."""
        return self.build / ".templates"

    @property
    def site(self) -> Path:
        return self.root / SITE

    @property
    def fresh_site(self) -> Path:
        """Where MkDocs builds, before the result replaces site/."""
        return self.root / f".{SITE}.new"

    @property
    def old_site(self) -> Path:
        """Where the previous site/ waits while the new one takes its place."""
        return self.root / f".{SITE}.old"

    @property
    def out(self) -> Path:
        """Where `render` writes documents unless told otherwise."""
        return self.root / OUT

    @property
    def vscode_settings(self) -> Path:
        return self.root / VSCODE_SETTINGS

    def template_dirs(self, name: str) -> tuple[Path, ...]:
        """Where templates of one sort (`PAGE_TEMPLATES`, `SKELETONS`) are looked up, first match
        winning: the project's own ``templates/NAME/``, then the built-in ones."""
        return tuple(d for d in (self.templates / name, builtin(TEMPLATES) / name) if d.is_dir())


def builtin(name: str) -> Path:
    """A folder shipped with the package (schemas, templates): inside the wheel, or at the
    repository's root in development."""
    installed = Path(__file__).parent / "data" / name
    return installed if installed.is_dir() else Path(__file__).parent.parent / name
