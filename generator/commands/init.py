"""`playbook init DIR`: a new company's standards repository that passes `check` and builds on
the first run, offline: one of every kind, the site configuration, editor schemas, a pre-commit
hook and CI for GitLab and GitHub that check the standards and publish the site as Pages.

The scaffold is in the language asked for: a Russian company's (roubles, 22 % VAT, a supply
contract) or an English one's (a UK company in pounds, 20 % VAT, an order form). What does not
depend on the language (CI, hooks, the site's configuration) is common to both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import __version__
from generator.commands import schemas
from generator.errors import UsageError
from generator.project import SCAFFOLD, SCHEMAS, TEMPLATES, Project, builtin, make_folder, write_file

_TEXT_SUFFIXES = {".yml", ".yaml", ".md", ".json", ""}  # "" for .gitignore and the like
COMMON = "common"  # the scaffold's files of every language
LANGUAGES = ("ru", "en")  # a scaffold folder each, beside the common one


@dataclass(frozen=True)
class InitOptions:
    target: Path
    force: bool = False
    today: date | None = None  # the review date the new standards start from; None for today
    language: str = "ru"  # one of LANGUAGES: the standards' language, and the company's country


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
    layers = (scaffold / COMMON, scaffold / options.language)
    files = sorted((folder, path) for folder in layers for path in folder.rglob("*") if path.is_file())
    for layer, source in files:
        rel = source.relative_to(layer)
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
