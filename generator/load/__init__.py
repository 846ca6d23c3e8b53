"""Step 1: read a tree's standards into a `Source` of values with positions.

Files come from a `Tree`: the working tree on disk (`tree`), or a git revision (`git`); the
parsing (`parse`) is the same for both. Nothing after this step reads the standards again. Each
file is classified by where it lies — `standards/<folder>/<id>.yml` for every kind in the
registry, `standards/playbook.yml` — and parsed safely, within limits that are settings.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostic, did_you_mean, error
from generator.kinds import BY_FOLDER, PLAYBOOK
from generator.kinds.kind import ID_PATTERN, YAML_SUFFIXES, Kind
from generator.limits import from_environment
from generator.load.parse import Limits, parse, read_mkdocs
from generator.load.tree import Tree, WorkingTree, read_file
from generator.project import DOCUMENT_TEMPLATES, STANDARDS
from generator.source import Source, SourceFile, YamlFile

__all__ = ["Limits", "Tree", "WorkingTree", "load", "load_deal"]

_ID = re.compile(ID_PATTERN)


def load(tree: Tree, limits: Limits | None = None) -> Source:
    """Every standards file of ``tree`` (the working tree or a git revision), the document
    templates, and the site configuration."""
    limits = limits or from_environment(Limits)
    with _collector_paused():
        return _load(tree, limits)


def load_deal(path: Path, limits: Limits | None = None) -> YamlFile | list[Diagnostic]:
    """A deal's data file, read as safely as the standards; its diagnostics when it cannot be."""
    limits = limits or from_environment(Limits)
    diagnostics: list[Diagnostic] = []
    # the user named this file, so it may lie anywhere: no project root confines its symlinks
    raw = read_file(path, str(path), limits.max_file_bytes, diagnostics, None)
    parsed = None if raw is None else parse(raw, str(path), limits, diagnostics)
    if parsed is None:
        return diagnostics
    data, text = parsed
    return YamlFile(str(path), data, text)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading allocates millions of long-lived objects; the cyclic collector would rescan that
    growing heap again and again (superlinear time) while nothing here makes cycles to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # the source tree lives as long as the command: later steps need not rescan it
        if enabled:
            gc.enable()


def _load(tree: Tree, limits: Limits) -> Source:
    diagnostics: list[Diagnostic] = []
    ids: dict[str, dict[str, str]] = {}
    wanted: dict[str, tuple[Kind, str]] = {}  # path -> kind and id, for the files to parse
    count = 0
    for rel in tree.standards(diagnostics):
        kind = _classify(PurePosixPath(rel).relative_to(STANDARDS), rel, diagnostics)
        if kind is None:
            continue
        count += 1
        if count > limits.max_files:
            diagnostics.append(
                error(
                    rel,
                    (1, 1),
                    f"more than {limits.max_files} files; the rest were not read",
                    "limit",
                )
            )
            break
        stem = PurePosixPath(rel).stem
        if kind is not PLAYBOOK:
            if not _ID.match(stem):
                diagnostics.append(
                    error(
                        rel,
                        (1, 1),
                        f"file name '{stem}' is not a valid id: use lowercase Latin letters and digits joined by hyphens{_suggest_id(stem)}",
                        "file-name",
                    )
                )
                continue
            seen = ids.setdefault(kind.name, {})
            if stem in seen:
                diagnostics.append(
                    error(
                        rel,
                        (1, 1),
                        f"duplicate {kind.noun} id '{stem}': {seen[stem]} has the same id",
                        "duplicate-id",
                    )
                )
                continue
            seen[stem] = rel
        wanted[rel] = (kind, stem)
    files: list[SourceFile] = []
    for rel, raw in tree.read(list(wanted), limits.max_file_bytes, diagnostics):
        parsed = parse(raw, rel, limits, diagnostics)
        if parsed is not None:
            kind, stem = wanted[rel]
            data, text = parsed
            files.append(SourceFile(rel, data, text, kind=kind, id=stem))
    if count and not any(kind is PLAYBOOK for kind, _ in wanted.values()):
        diagnostics.append(
            error(
                f"{STANDARDS}/{PLAYBOOK.name}.yml",
                (1, 1),
                "missing: the playbook's title, language, company, roles and pipelines live here",
                "missing-file",
            )
        )
    names = tree.templates(diagnostics)
    docx = [f"{DOCUMENT_TEMPLATES}/{name}" for name in names if name.endswith(".docx")]
    template_bytes = {
        PurePosixPath(rel).name: content
        for rel, content in tree.read(docx, limits.max_template_bytes, diagnostics)
    }
    return Source(
        files=tuple(files),
        file_count=count,
        ids=ids,
        templates=frozenset(names),
        template_bytes=template_bytes,
        mkdocs=read_mkdocs(tree.mkdocs(limits.max_file_bytes, diagnostics), diagnostics),
        diagnostics=tuple(diagnostics),
    )


def _classify(rel: PurePosixPath, path: str, diagnostics: list[Diagnostic]) -> Kind | None:
    """The kind of a file from where it lies, or None (with a diagnostic for a misplaced YAML file)."""
    if rel.suffix not in YAML_SUFFIXES:
        return None
    parts = rel.parts
    if len(parts) == 1:
        if rel.stem == PLAYBOOK.name:
            return PLAYBOOK
        diagnostics.append(
            error(
                path,
                (1, 1),
                f"'{rel.name}' is not in a kind folder: move it into one of {', '.join(sorted(BY_FOLDER))}",
                "unknown-folder",
            )
        )
        return None
    if len(parts) == 2 and parts[0] in BY_FOLDER:
        return BY_FOLDER[parts[0]]
    folder = parts[0]
    if folder in BY_FOLDER:
        message = f"nested folders are not read: move '{rel.name}' to {STANDARDS}/{folder}/"
    else:
        message = f"unknown folder '{folder}'{did_you_mean(folder, BY_FOLDER)}; known folders: {', '.join(sorted(BY_FOLDER))}"
    diagnostics.append(error(path, (1, 1), message, "unknown-folder"))
    return None


def _suggest_id(stem: str) -> str:
    suggestion = "-".join(re.findall(r"[a-z0-9]+", stem.lower()))
    return f" (did you mean '{suggestion}'?)" if suggestion and suggestion != stem else ""
