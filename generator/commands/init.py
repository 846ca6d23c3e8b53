"""`playbook init DIR`: a new company's standards repository that passes `check` and builds on
the first run, offline: one of every kind, the site configuration, editor schemas, a pre-commit
hook and CI for GitLab and GitHub that check the standards and publish the site as Pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import __version__
from generator.commands import schemas
from generator.errors import UsageError
from generator.project import SCAFFOLD, SCHEMAS, TEMPLATES, Project, builtin, make_folder, write_file

_TEXT_SUFFIXES = {".yml", ".yaml", ".md", ".json", ""}  # "" for .gitignore and the like


@dataclass(frozen=True)
class InitOptions:
    target: Path
    force: bool = False
    today: date | None = None  # the review date the new standards start from; None for today


def execute(options: InitOptions) -> list[str]:
    """Writes the scaffold; returns what was done and what to do next, for people."""
    target = options.target
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not options.force:
        raise UsageError(
            f"{target} is not empty: choose a new folder, or add --force to write over its files"
        )
    project = Project(make_folder(target))
    scaffold = builtin(TEMPLATES) / SCAFFOLD
    # the new standards are reviewed as they are written; CI installs this very version
    tokens = {"__TODAY__": (options.today or date.today()).isoformat(), "__VERSION__": __version__}
    written = []
    for source in sorted(p for p in scaffold.rglob("*") if p.is_file()):
        rel = source.relative_to(scaffold)
        content = source.read_bytes()
        if source.suffix in _TEXT_SUFFIXES:
            text = content.decode("utf-8")
            for token, value in tokens.items():
                text = text.replace(token, value)
            content = text.encode("utf-8")
        write_file(project.path(rel.as_posix()), content)
        written.append(rel.as_posix())
    schemas.execute(schemas.SchemasOptions(out=project.path(SCHEMAS), project=project, vscode=True))
    return [
        f"created {target}: {len(written)} files, the schemas in {SCHEMAS}/ and .vscode/settings.json",
        "next:",
        f"  cd {target}",
        "  git init && git add . && git commit -m 'Sales standards'",
        "  playbook check && playbook build",
        "  then set the company's details, roles and teams in standards/playbook.yml",
    ]
