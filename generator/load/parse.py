"""Parsing one file safely: bytes to text (UTF-8 only, said why not), text to YAML nodes
(libyaml), nodes to plain values by our own walker, which accepts only the standard scalar tags
and bounds nesting and alias expansion, so no YAML input can execute code or exhaust memory."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
import yaml.constructor

from generator.diagnostics import Diagnostic, error
from generator.project import MKDOCS
from generator.source import Position, YamlLoader, offset_position

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


class _MkdocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the few settings the generator needs; MkDocs' own tags
    (``!!python/name:``, ``!ENV``) are read as nothing, never resolved or run."""


_MkdocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs(raw: bytes | None, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    if raw is None:
        return {}
    text = raw.decode("utf-8", errors="replace")
    try:
        config = yaml.load(text, Loader=_MkdocsLoader)
    except yaml.MarkedYAMLError as exc:
        diagnostics.append(
            error(MKDOCS, _mark_position(text, exc), _yaml_message(text, exc), "mkdocs-config")
        )
        return {}
    if not isinstance(config, dict):
        diagnostics.append(
            error(
                MKDOCS,
                (1, 1),
                "the site configuration must be a mapping of keys to values",
                "mkdocs-config",
            )
        )
        return {}
    return config


def parse(raw: bytes, rel: str, limits: Limits, diagnostics: list[Diagnostic]) -> tuple[Any, str] | None:
    """A file's values and text; None (and its diagnostics) when it is not safe, valid YAML."""
    text = _decode(raw, rel, diagnostics)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=YamlLoader)
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
                offset_position(text, position),
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
    return offset_position(text, mark.index) if mark else (1, 1)


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
        return f"{problem} ({exc.context} started at line {offset_position(text, exc.context_mark.index)[0]})"
    return f"{problem} ({exc.context})" if exc.context else problem


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
        return offset_position(self.text, node.start_mark.index)

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
