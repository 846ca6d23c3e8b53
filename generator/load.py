"""Step 1: read the standards into a source tree of values with positions.

Files come from a `Tree`: the working tree on disk, or a git revision (`generator.git`); the
parsing is the same for both. Nothing after this step touches the standards. The YAML is composed with libyaml
(when available) into nodes, which keep the line and column of every key and value; values
are built from the nodes by our own walker, which accepts only the standard scalar tags and
bounds nesting and alias expansion, so no YAML input can execute code or exhaust memory.
"""

from __future__ import annotations

import gc
import math
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
import yaml.constructor

from generator.diagnostics import Diagnostic, did_you_mean, error
from generator.errors import ProjectNotFound
from generator.kinds import (
    BY_FOLDER,
    ID_PATTERN,
    MKDOCS_FILE,
    PLAYBOOK,
    PLAYBOOK_FILE,
    STANDARDS_DIR,
    YAML_SUFFIXES,
    Kind,
)
from generator.settings import from_environment

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Position = tuple[int, int]
PathElement = str | int

TEMPLATES_DIR = "templates/documents"
_ID = re.compile(ID_PATTERN)
_TAG = "tag:yaml.org,2002:"
_SCALARS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class Limits:
    """Bounds that keep any input from exhausting time or memory."""

    max_file_bytes: int = 1_000_000
    max_depth: int = 64
    max_alias_uses: int = 100
    max_nodes: int = 100_000
    max_files: int = 50_000
    max_template_bytes: int = 20_000_000


@dataclass(frozen=True)
class SourceFile:
    """One parsed standards file: its values, and its text for the positions of keys and values."""

    path: str  # relative to the project root, with forward slashes
    kind: Kind
    id: str
    data: Any
    text: str

    @cached_property
    def node(self) -> yaml.Node:
        """The file's YAML nodes, composed again from the text only when a position is asked for:
        keeping every file's nodes would triple the memory of a large project."""
        node: yaml.Node | None = yaml.compose(self.text, Loader=_Loader)
        assert node is not None  # the file parsed once, so it parses again
        return node

    def position(self, path: Sequence[PathElement], *, key: bool = False) -> Position:
        """Line and column of the value at ``path`` (or of its key), or of its nearest existing parent."""
        return _position(self.node, self.text, path, key)


@dataclass(frozen=True)
class DataFile:
    """A YAML file of deal data read for `playbook render`: its values, and its text for positions."""

    path: str  # as the user named it
    data: Any
    text: str

    @cached_property
    def node(self) -> yaml.Node:
        node: yaml.Node | None = yaml.compose(self.text, Loader=_Loader)
        assert node is not None  # the file parsed once, so it parses again
        return node

    def position(self, path: Sequence[PathElement], *, key: bool = False) -> Position:
        return _position(self.node, self.text, path, key)


def _position(node: yaml.Node, text: str, path: Sequence[PathElement], key: bool) -> Position:
    mark = node.start_mark
    for depth, element in enumerate(path):
        child = _child(node, element)
        if child is None:
            break
        key_node, node = child
        last = depth == len(path) - 1
        mark = key_node.start_mark if key and last and key_node is not None else node.start_mark
    return _offset_position(text, mark.index)


@dataclass(frozen=True)
class Source:
    """Everything `load` read: the parsed files, the templates present, and what went wrong."""

    root: Path
    files: tuple[SourceFile, ...]
    file_count: int
    ids: dict[str, dict[str, str]]  # kind -> id -> path, including files that failed to parse
    templates: frozenset[str]  # every file name in templates/documents/
    mkdocs: dict[str, Any]  # the site configuration a user may edit (mkdocs.yml), or {}
    diagnostics: tuple[Diagnostic, ...]
    template_bytes: Mapping[str, bytes] = field(default_factory=dict)  # each readable .docx, read once

    def of_kind(self, kind: Kind) -> Iterator[SourceFile]:
        return (f for f in self.files if f.kind is kind)

    @cached_property
    def playbook(self) -> SourceFile | None:
        return next(self.of_kind(PLAYBOOK), None)


def _child(node: yaml.Node, element: PathElement) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == element:
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(element, int) and 0 <= element < len(node.value):
        return None, node.value[element]
    return None


class Tree(ABC):
    """Where `load` reads a project's files: the working tree, or a git revision."""

    root: Path

    @abstractmethod
    def standards(self) -> Iterator[str]:
        """Every file under standards/, relative to the root, in the order `_walk` gives; hidden skipped."""

    @abstractmethod
    def read(
        self, paths: Sequence[str], max_bytes: int, diagnostics: list[Diagnostic]
    ) -> Iterator[tuple[str, bytes]]:
        """The bytes of each path, in order; a path that cannot be read, or is over ``max_bytes``,
        gets a diagnostic instead."""

    @abstractmethod
    def templates(self) -> list[str]:
        """The names of the files in templates/documents/, sorted."""

    @abstractmethod
    def mkdocs(self) -> bytes | None:
        """mkdocs.yml, or None when there is none."""


class WorkingTree(Tree):
    """The project's files on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def standards(self) -> Iterator[str]:
        for path in _walk(self.root / STANDARDS_DIR):
            yield path.relative_to(self.root).as_posix()

    def read(
        self, paths: Sequence[str], max_bytes: int, diagnostics: list[Diagnostic]
    ) -> Iterator[tuple[str, bytes]]:
        for rel in paths:
            content = _read_file(self.root / rel, rel, max_bytes, diagnostics, self.root)
            if content is not None:
                yield rel, content

    def templates(self) -> list[str]:
        folder = self.root / TEMPLATES_DIR
        return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []

    def mkdocs(self) -> bytes | None:
        path = self.root / MKDOCS_FILE
        return path.read_bytes() if path.is_file() else None


def _read_file(
    path: Path, rel: str, max_bytes: int, diagnostics: list[Diagnostic], confine: Path | None
) -> bytes | None:
    """A file's bytes, unless it is a symbolic link out of ``confine``, over ``max_bytes``, or unreadable."""
    if confine is not None and path.is_symlink() and not path.resolve().is_relative_to(confine.resolve()):
        diagnostics.append(
            error(rel, (1, 1), "symbolic link to a file outside the project; not read", "symlink")
        )
        return None
    try:
        size = path.stat().st_size
        if size > max_bytes:
            diagnostics.append(too_big(rel, size, max_bytes))
            return None
        return path.read_bytes()
    except OSError as exc:
        diagnostics.append(error(rel, (1, 1), f"cannot read the file: {exc.strerror}", "io"))
        return None


def too_big(rel: str, size: int, max_bytes: int) -> Diagnostic:
    return error(rel, (1, 1), f"file is {size:,} bytes, over the limit of {max_bytes:,}", "limit")


def load(root: Path, limits: Limits | None = None) -> Source:
    """Read every standards file under ``root/standards`` and the list of document templates."""
    if not (root / STANDARDS_DIR).is_dir():
        raise ProjectNotFound(
            f"no '{STANDARDS_DIR}/' folder in {root.resolve()}: run playbook in a project's root folder"
        )
    return load_tree(WorkingTree(root), limits)


def load_tree(tree: Tree, limits: Limits | None = None) -> Source:
    """Read the standards from ``tree``: the working tree or a git revision."""
    limits = limits or from_environment(Limits)
    with _collector_paused():
        return _load(tree, limits)


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
    for rel in tree.standards():
        kind = _classify(PurePosixPath(rel).relative_to(STANDARDS_DIR), rel, diagnostics)
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
                        f"duplicate {kind.label} id '{stem}': {seen[stem]} has the same id",
                        "duplicate-id",
                    )
                )
                continue
            seen[stem] = rel
        wanted[rel] = (kind, stem)
    files: list[SourceFile] = []
    for rel, raw in tree.read(list(wanted), limits.max_file_bytes, diagnostics):
        parsed = _parse(raw, rel, limits, diagnostics)
        if parsed is not None:
            kind, stem = wanted[rel]
            files.append(SourceFile(rel, kind, stem, *parsed))
    if (
        count
        and not any(f.kind is PLAYBOOK for f in files)
        and not any(d.path.endswith(PLAYBOOK_FILE) for d in diagnostics)
    ):
        diagnostics.append(
            error(
                f"{STANDARDS_DIR}/{PLAYBOOK_FILE}",
                (1, 1),
                "missing: the playbook's title, language, company, roles and pipelines live here",
                "missing-file",
            )
        )
    names = tree.templates()
    docx = [f"{TEMPLATES_DIR}/{name}" for name in names if name.endswith(".docx")]
    template_bytes = {
        PurePosixPath(rel).name: content
        for rel, content in tree.read(docx, limits.max_template_bytes, diagnostics)
    }
    mkdocs = _read_mkdocs(tree.mkdocs(), diagnostics)
    return Source(
        tree.root, tuple(files), count, ids, frozenset(names), mkdocs, tuple(diagnostics), template_bytes
    )


def load_data(path: Path, limits: Limits | None = None) -> DataFile | list[Diagnostic]:
    """A deal's data file, read as safely as the standards; its diagnostics when it cannot be."""
    limits = limits or from_environment(Limits)
    diagnostics: list[Diagnostic] = []
    # the user named this file, so it may lie anywhere: no project root confines its symlinks
    raw = _read_file(path, str(path), limits.max_file_bytes, diagnostics, None)
    parsed = None if raw is None else _parse(raw, str(path), limits, diagnostics)
    if parsed is None:
        return diagnostics
    data, text = parsed
    return DataFile(str(path), data, text)


class _MkdocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the few settings the generator needs; MkDocs' own tags
    (``!!python/name:``, ``!ENV``) are read as nothing, never resolved or run."""


_MkdocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_mkdocs(raw: bytes | None, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    if raw is None:
        return {}
    text = raw.decode("utf-8", errors="replace")
    try:
        config = yaml.load(text, Loader=_MkdocsLoader)
    except yaml.MarkedYAMLError as exc:
        diagnostics.append(
            error(MKDOCS_FILE, _mark_position(text, exc), _yaml_message(text, exc), "mkdocs-config")
        )
        return {}
    if not isinstance(config, dict):
        diagnostics.append(
            error(
                MKDOCS_FILE,
                (1, 1),
                "the site configuration must be a mapping of keys to values",
                "mkdocs-config",
            )
        )
        return {}
    return config


def _walk(standards: Path) -> Iterator[Path]:
    """Every file under standards/, sorted, without following symlinked folders; hidden entries skipped."""
    for dirpath, dirnames, filenames in os.walk(standards):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


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
        message = f"nested folders are not read: move '{rel.name}' to {STANDARDS_DIR}/{folder}/"
    else:
        message = f"unknown folder '{folder}'{did_you_mean(folder, BY_FOLDER)}; known folders: {', '.join(sorted(BY_FOLDER))}"
    diagnostics.append(error(path, (1, 1), message, "unknown-folder"))
    return None


def _suggest_id(stem: str) -> str:
    suggestion = "-".join(re.findall(r"[a-z0-9]+", stem.lower()))
    return f" (did you mean '{suggestion}'?)" if suggestion and suggestion != stem else ""


def _parse(raw: bytes, rel: str, limits: Limits, diagnostics: list[Diagnostic]) -> tuple[Any, str] | None:
    text = _decode(raw, rel, diagnostics)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        diagnostics.append(error(rel, _mark_position(text, exc), _yaml_message(text, exc), "yaml-syntax"))
        return None
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        # libyaml counts this position in bytes of UTF-8, not in characters
        position = len(text.encode("utf-8")[: getattr(exc, "position", 0)].decode("utf-8", "ignore"))
        character = getattr(exc, "character", None)
        if not isinstance(character, str) and 0 <= position < len(text):
            character = text[position]
        what = f"character {character!r}" if isinstance(character, str) else "a character"
        diagnostics.append(
            error(
                rel,
                _offset_position(text, position),
                f"{what} is not allowed in YAML (control characters and NUL bytes are not text)",
                "yaml-syntax",
            )
        )
        return None
    if node is None:
        diagnostics.append(error(rel, (1, 1), "file is empty", "empty-file"))
        return None
    builder = _Builder(rel, text, limits)
    try:
        data = builder.build(node, 0)
    except _Abort as abort:
        diagnostics.append(abort.diagnostic)
        return None
    if builder.diagnostics:
        diagnostics.extend(builder.diagnostics)
        return None
    return data, text


def _decode(raw: bytes, rel: str, diagnostics: list[Diagnostic]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diagnostics.append(error(rel, (1, 1), "file is UTF-16; save it as UTF-8", "encoding"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = raw.rfind(b"\n", 0, start) + 1
        line = raw.count(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1  # in characters, as editors count
        if exc.reason == "unexpected end of data":
            problem = "file ends in the middle of a character (was it cut off?)"
        else:
            hint = ""
            try:
                if re.search("[а-яА-ЯёЁ]", raw.decode("cp1251")):
                    hint = " (it looks like Windows-1251)"
            except UnicodeDecodeError:
                pass
            problem = f"file is not UTF-8: byte 0x{raw[start]:02X} cannot be decoded{hint}"
        diagnostics.append(error(rel, (line, column), f"{problem}; save it as UTF-8", "encoding"))
        return None


def _mark_position(text: str, exc: yaml.MarkedYAMLError) -> Position:
    mark = exc.problem_mark or exc.context_mark
    return _offset_position(text, mark.index) if mark else (1, 1)


def _yaml_message(text: str, exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "invalid YAML").strip()
    mark = exc.problem_mark
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "tab character" in problem or "'\\t'" in problem:
        return "a tab character where YAML expects indentation: indent with spaces only"
    if (
        exc.context
        and exc.context_mark
        and exc.problem_mark
        and exc.context_mark.line != exc.problem_mark.line
    ):
        return (
            f"{problem} ({exc.context} started at line {_offset_position(text, exc.context_mark.index)[0]})"
        )
    return f"{problem} ({exc.context})" if exc.context else problem


def _offset_position(text: str, offset: int) -> Position:
    """Line and column of a character offset, counting lines as editors do: by "\\n" only
    (YAML also breaks lines at U+0085, U+2028 and U+2029, which would shift every position)."""
    offset = min(offset, len(text))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Abort(Exception):
    """Stops building one file whose structure is hostile; carries the one diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


@dataclass
class _Builder:
    """Builds plain values (str, int, float, bool, None, list, dict) from YAML nodes, within limits."""

    path: str
    text: str
    limits: Limits
    diagnostics: list[Diagnostic] = field(default_factory=list)
    nodes: int = 0
    alias_uses: int = 0
    built: set[int] = field(default_factory=set)
    active: set[int] = field(default_factory=set)

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise _Abort(
                error(
                    self.path,
                    self._at(node),
                    f"more than {self.limits.max_nodes:,} values (is it an alias bomb?)",
                    "yaml-alias",
                )
            )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if depth >= self.limits.max_depth:
            raise _Abort(
                error(
                    self.path,
                    self._at(node),
                    f"nested deeper than {self.limits.max_depth} levels",
                    "yaml-depth",
                )
            )
        key = id(node)
        if key in self.active:
            raise _Abort(
                error(
                    self.path,
                    self._at(node),
                    "an alias refers to the value that contains it",
                    "yaml-alias",
                )
            )
        if key in self.built:
            self.alias_uses += 1
            if self.alias_uses > self.limits.max_alias_uses:
                raise _Abort(
                    error(
                        self.path,
                        self._at(node),
                        f"aliases expanded more than {self.limits.max_alias_uses} times",
                        "yaml-alias",
                    )
                )
        self.built.add(key)
        self.active.add(key)
        try:
            if not node.tag.startswith(_TAG) or node.tag not in (f"{_TAG}seq", f"{_TAG}map"):
                self._bad_tag(node)
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, depth + 1) for item in node.value]
            return self._mapping(node, depth)
        finally:
            self.active.discard(key)

    def _mapping(self, node: yaml.Node, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, yaml.Node] = {}  # positions are computed only for a duplicate
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    error(
                        self.path,
                        self._at(key_node),
                        "a key must be plain text, not a list or mapping",
                        "yaml-key",
                    )
                )
                continue
            if key_node.tag == f"{_TAG}merge":
                self.diagnostics.append(
                    error(
                        self.path,
                        self._at(key_node),
                        "merge keys ('<<') are not supported: write the keys out",
                        "yaml-key",
                    )
                )
                continue
            if key_node.tag not in _SCALARS:
                self._bad_tag(key_node)
            name = key_node.value
            if name in result:
                self.diagnostics.append(
                    error(
                        self.path,
                        self._at(key_node),
                        f"duplicate key '{name}' (first at line {self._at(first[name])[0]})",
                        "yaml-duplicate-key",
                    )
                )
                continue
            first[name] = key_node
            result[name] = self.build(value_node, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == f"{_TAG}str" or tag == f"{_TAG}timestamp":
            return node.value  # dates stay text: the schema checks them and the model parses them
        if tag == f"{_TAG}int":
            return _constructor.construct_yaml_int(node)
        if tag == f"{_TAG}float":
            value = _constructor.construct_yaml_float(node)
            if not math.isfinite(value):
                self.diagnostics.append(
                    error(self.path, self._at(node), f"'{node.value}' is not a finite number", "yaml-value")
                )
            return value
        if tag == f"{_TAG}bool":
            return _constructor.construct_yaml_bool(node)
        if tag == f"{_TAG}null":
            return None
        self._bad_tag(node)
        return None

    def _at(self, node: yaml.Node) -> Position:
        return _offset_position(self.text, node.start_mark.index)

    def _bad_tag(self, node: yaml.Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.diagnostics.append(
            error(
                self.path,
                self._at(node),
                f"tag '{tag}' is not allowed: only plain text, numbers, true/false, dates, lists and mappings",
                "yaml-tag",
            )
        )


def _at(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1
