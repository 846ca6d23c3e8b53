"""The kinds of standards files: where each lives and which schema describes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
YAML_SUFFIXES = (".yml", ".yaml")
STANDARDS_DIR = "standards"
PLAYBOOK_FILE = "playbook.yml"
MKDOCS_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Kind:
    name: str
    folder: str | None  # None for the single playbook.yml at the root of standards/
    label: str

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"


PLAYBOOK = Kind("playbook", None, "playbook")
KINDS: tuple[Kind, ...] = (
    PLAYBOOK,
    Kind("stage", "stages", "stage"),
    Kind("script", "scripts", "script"),
    Kind("objection", "objections", "objection"),
    Kind("kpi", "kpis", "KPI"),
    Kind("crm", "crm", "CRM entity"),
    Kind("checklist", "checklists", "checklist"),
    Kind("document", "documents", "document"),
    Kind("sample", "samples", "sample deal"),
)
BY_NAME = {kind.name: kind for kind in KINDS}
BY_FOLDER = {kind.folder: kind for kind in KINDS if kind.folder}


def package_data(name: str) -> Path:
    """A folder shipped with the package: inside the wheel, or at the repository root in development."""
    installed = Path(__file__).parent / "data" / name
    return installed if installed.is_dir() else Path(__file__).parent.parent / name
