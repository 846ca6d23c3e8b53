"""What step 1 (`load`) hands on: the parsed files of a tree, with the positions of their values.

A `SourceFile` is one standards file: its kind and id, its values, and its text, from which the
line and column of any key or value are found again when a finding needs them. A `Source` is
every file of a tree (the working tree or a git revision), the document templates present, the
site configuration, and what went wrong while reading. Paths into values (``steps[2].next``) are
tuples of keys and indexes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

import yaml

from generator.diagnostics import Diagnostic

try:
    YamlLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    YamlLoader = yaml.SafeLoader

Position = tuple[int, int]  # 1-based line and column
PathElement = str | int
ANY = None  # in a path pattern: every item of a list, or every value of a mapping
PathPattern = tuple[str | None, ...]


class FileKind(Protocol):
    """What a file's kind says about it: a `generator.kinds.Kind`, as far as reading needs it."""

    @property
    def name(self) -> str: ...
    @property
    def noun(self) -> str: ...
    @property
    def folder(self) -> str | None: ...


@dataclass(frozen=True)
class YamlFile:
    """A parsed YAML file: its values, and its text for the positions of keys and values."""

    path: str  # a standards file: relative to the project root, with forward slashes
    data: Any
    text: str

    @cached_property
    def node(self) -> yaml.Node:
        """The file's YAML nodes, composed again from the text only when a position is asked for:
        keeping every file's nodes would triple the memory of a large project."""
        node: yaml.Node | None = yaml.compose(self.text, Loader=YamlLoader)
        assert node is not None  # the file parsed once, so it parses again
        return node

    def position(self, path: Sequence[PathElement], *, key: bool = False) -> Position:
        """Line and column of the value at ``path`` (or of its key), or of its nearest existing parent."""
        node = self.node
        mark = node.start_mark
        for depth, element in enumerate(path):
            child = _child(node, element)
            if child is None:
                break
            key_node, node = child
            last = depth == len(path) - 1
            mark = key_node.start_mark if key and last and key_node is not None else node.start_mark
        return offset_position(self.text, mark.index)


@dataclass(frozen=True)
class SourceFile(YamlFile):
    """One standards file of a kind: ``standards/<folder>/<id>.yml``, or playbook.yml."""

    kind: FileKind = field(kw_only=True)
    id: str = field(kw_only=True)


@dataclass(frozen=True)
class Source:
    """Everything `load` read from one tree, and what went wrong while reading it."""

    files: tuple[SourceFile, ...] = ()
    file_count: int = 0  # standards files found, including those that did not parse
    ids: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # kind -> id -> path, parsed or not
    templates: frozenset[str] = frozenset()  # every file name in templates/documents/
    template_bytes: Mapping[str, bytes] = field(default_factory=dict)  # each readable .docx, read once
    mkdocs: Mapping[str, Any] = field(default_factory=dict)  # the site configuration (mkdocs.yml), or {}
    diagnostics: tuple[Diagnostic, ...] = ()

    def of_kind(self, kind: FileKind) -> Iterator[SourceFile]:
        return (f for f in self.files if f.kind is kind)

    @cached_property
    def playbook(self) -> SourceFile | None:
        """playbook.yml, when it parsed."""
        return next((f for f in self.files if f.kind.folder is None), None)


def _child(node: yaml.Node, element: PathElement) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == element:
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(element, int) and 0 <= element < len(node.value):
        return None, node.value[element]
    return None


def offset_position(text: str, offset: int) -> Position:
    """Line and column of a character offset, counting line breaks as editors do: "\\n", "\\r\\n"
    and a lone "\\r" (YAML also breaks lines at U+0085, U+2028 and U+2029, which editors show
    within a line). An offset between the two characters of "\\r\\n" is on the line it ends."""
    offset = max(0, min(offset, len(text)))
    end = offset - 1 if 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n" else offset
    line = text.count("\n", 0, end) + text.count("\r", 0, end) - text.count("\r\n", 0, end) + 1
    return line, offset - max(text.rfind("\n", 0, end), text.rfind("\r", 0, end))


def where(path: Sequence[PathElement]) -> str:
    """A path as people read it: ``steps[2].options[0].next``."""
    text = ""
    for element in path:
        text += f"[{element}]" if isinstance(element, int) else (f".{element}" if text else str(element))
    return text


def values_at(data: Any, pattern: PathPattern) -> Iterator[tuple[tuple[PathElement, ...], Any]]:
    """Every value in ``data`` whose path matches ``pattern``, with its concrete path."""
    if not pattern:
        yield (), data
        return
    head, rest = pattern[0], pattern[1:]
    if head is ANY:
        items: Any = (
            data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
        )
    else:
        items = [(head, data[head])] if isinstance(data, dict) and head in data else ()
    for key, value in items:
        for sub_path, found in values_at(value, rest):
            yield (key, *sub_path), found


def texts(data: Any, path: tuple[PathElement, ...] = ()) -> Iterator[tuple[tuple[PathElement, ...], str]]:
    """Every text in ``data`` (mappings and lists walked to any depth), with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, item in data.items():
            yield from texts(item, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from texts(item, (*path, index))
