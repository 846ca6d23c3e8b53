"""Parsing one file safely: bytes to text (UTF-8 only, said why not), text to YAML nodes
(libyaml), nodes to plain values by our own walker, which accepts only the standard scalar tags
and bounds nesting and alias expansion, so no YAML input can execute code or exhaust memory."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
import yaml.constructor

from generator.diagnostics import Diagnostic, error
from generator.project import MKDOCS
from generator.source import Position, YamlLoader, offset_position

_TAG = "tag:yaml.org,2002:"
_INT, _FLOAT, _BOOL, _NULL = (f"{_TAG}{name}" for name in ("int", "float", "bool", "null"))
_SCALARS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
# Numbers as people write them, which YAML reads as they look; any other form is reported
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL_FRACTION = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_BASES = {"0x": (16, "hexadecimal"), "0b": (2, "binary"), "0o": (8, "octal")}


@dataclass(frozen=True)
class Limits:
    """Bounds that keep any input from exhausting time or memory."""

    max_file_bytes: int = 1_000_000
    max_depth: int = 64
    max_alias_uses: int = 100
    max_nodes: int = 100_000
    max_files: int = 50_000
    max_template_bytes: int = 20_000_000
    # characters of one number: bounded before Python converts it, and never past the length
    # Python converts under any setting of its own (its int-str conversion limit)
    max_number_length: int = field(default=100, metadata={"most": sys.int_info.str_digits_check_threshold})


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
        position, message = _explain(text, exc)
        diagnostics.append(error(MKDOCS, position, message, "mkdocs-config"))
        return {}
    except yaml.YAMLError as exc:  # a character YAML does not allow: PyYAML counts in characters
        diagnostics.append(error(MKDOCS, *_bad_character(text, getattr(exc, "position", 0)), "mkdocs-config"))
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
        at, message = _explain(text, exc)
        diagnostics.append(error(rel, at, message, "yaml-syntax"))
        return None
    except yaml.YAMLError as exc:  # a reader error: a character YAML does not allow
        # libyaml counts this position in bytes of UTF-8, not in characters
        position = len(text.encode("utf-8")[: getattr(exc, "position", 0)].decode("utf-8", "ignore"))
        diagnostics.append(error(rel, *_bad_character(text, position), "yaml-syntax"))
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


def _bad_character(text: str, position: int) -> tuple[Position, str]:
    character = text[position] if 0 <= position < len(text) else None
    what = f"character {character!r}" if character else "a character"
    return offset_position(
        text, position
    ), f"{what} is not allowed in YAML (control characters and NUL bytes are not text)"


def _decode(raw: bytes, rel: str, diagnostics: list[Diagnostic]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diagnostics.append(error(rel, (1, 1), "file is UTF-16; save it as UTF-8", "encoding"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        before = raw[:start].decode("utf-8-sig")  # what decodes, counted in characters as editors count
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
        diagnostics.append(
            error(rel, offset_position(before, len(before)), f"{problem}; save it as UTF-8", "encoding")
        )
        return None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as offset_position counts lines
# a line of a block mapping: indentation, any list dashes, a key and its ':'
_KEY_LINE = re.compile(r"(?P<indent> *(?:- +)*)(?P<key>[^\s#'\"\[\]{}:,&*!|>%@`-][^:#]*?) *:(?= |$)")
_NO_SPACE_AFTER_COLON = re.compile(
    r" *(?:- +)*(?P<key>[^\s#'\"\[\]{}:,&*!|>%@`-][\w-]*):(?P<value>[^\s:/\\].*)"
)
_NO_SPACE_AFTER_DASH = re.compile(r" *-(?P<value>[^\s-].*)")


def _explain(text: str, exc: yaml.MarkedYAMLError) -> tuple[Position, str]:
    """Where a YAML mistake is and what to write instead, in the words of someone who edits the
    file: libyaml says where it gave up, which is often the line after the mistake, in terms of
    its own grammar ("mapping values are not allowed in this context")."""
    problem = (exc.problem or "invalid YAML").strip()
    context = exc.context or ""
    marks = [m for m in (exc.problem_mark, exc.context_mark) if m is not None]
    at = offset_position(text, marks[0].index) if marks else (1, 1)
    opened = offset_position(text, marks[-1].index) if marks else at
    lines = _LINE_BREAK.split(text)
    mistake = _Mistake(lines, at, opened)
    found = mistake.tab() or mistake.explained(problem, context)
    if found:
        return found
    if context and opened[0] != at[0]:
        return at, f"{problem} ({context} started at line {opened[0]})"
    return at, f"{problem} ({context})" if context else problem


@dataclass(frozen=True)
class _Mistake:
    """The lines of a file that does not parse, where libyaml stopped (``at``) and where the
    construct it was reading began (``opened``)."""

    lines: list[str]
    at: Position
    opened: Position

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def tab(self) -> tuple[Position, str] | None:
        """A tab where libyaml stopped, or in the indentation of that line or of the one before."""
        message = "a tab character where YAML expects indentation: indent with spaces only"
        if self.line(self.at[0])[self.at[1] - 1 : self.at[1]] == "\t":
            return self.at, message
        for number in range(max(min(self.opened[0], self.at[0]), self.at[0] - 1), self.at[0] + 1):
            indentation = re.match(r"[ \t]*", self.line(number))
            if indentation and "\t" in indentation.group() and self.line(number).strip():
                return (number, indentation.group().index("\t") + 1), message
        return None

    def explained(self, problem: str, context: str) -> tuple[Position, str] | None:
        line, column = self.at
        text = self.line(line)
        if context.endswith("a quoted scalar"):
            return self.quote(problem)
        if context.startswith("while parsing a flow") and problem.startswith("did not find expected ','"):
            bracket = self.line(self.opened[0])[self.opened[1] - 1 : self.opened[1]]
            what, closing = ("list", "]") if bracket == "[" else ("mapping", "}")
            return self.opened, (
                f"this {bracket} opens a {what} that is never closed: end it with {closing}"
                f" (items separated by commas), or put the whole value in quotes if {bracket} is part of the text"
            )
        if problem == "mapping values are not allowed in this context":
            return self.colon_in_value(text, column) or self.continued_key(line)
        if problem in ("did not find expected key", "did not find expected '-' indicator"):
            return self.after_quote(text, column) or self.out_of_line(line, column)
        if problem == "could not find expected ':'":
            return self.not_a_key(self.opened[0])
        if problem == "found character that cannot start any token":
            character = text[column - 1 : column]
            return (
                self.at,
                f"a value cannot begin with {character}: put the value in quotes{self.quoted_example(line)}",
            )
        if problem == "found undefined alias" or context in (
            "while scanning an alias",
            "while scanning an anchor",
        ):
            return self.at, (
                "a value cannot begin with * or & (YAML reads them as references):"
                f" put the value in quotes{self.quoted_example(line)}"
            )
        if problem == "block sequence entries are not allowed in this context":
            return self.at, (
                "a list cannot begin on the line of its key: write each item on a line of its own"
                " below the key, indented, as '  - item' (or put the value in quotes if '-' is part of the text)"
            )
        return None

    def quote(self, problem: str) -> tuple[Position, str] | None:
        quote = self.line(self.opened[0])[self.opened[1] - 1 : self.opened[1]]
        inside = 'write \\" for a quote inside it' if quote == '"' else "write '' for an apostrophe inside it"
        if "unknown escape character" in problem:
            return self.at, (
                "a backslash inside double quotes starts an escape such as \\n: write \\\\ for a backslash,"
                " or put the value in single quotes"
            )
        if "end of stream" in problem or "document" in problem:
            return (
                self.opened,
                f"this {quote} opens a quoted value that is never closed: end the value with {quote} ({inside})",
            )
        return None

    def colon_in_value(self, text: str, column: int) -> tuple[Position, str] | None:
        """``name: Call: first``: a ': ' inside a value that is not in quotes."""
        key = _KEY_LINE.match(text)
        if key is None or key.end() >= column - 1:
            return None
        value = text[key.end() + 1 :].strip()
        return self.at, (
            f"the value of '{key['key']}' holds ': ', which YAML reads as another key:"
            f" put the value in quotes: {key['key']}: {_quoted(value)}"
        )

    def continued_key(self, line: int) -> tuple[Position, str] | None:
        """A key that libyaml read as part of the value above it: the line above lacks the space
        after its ':', or this key is indented more than the keys above it."""
        above = self.content_above(line)
        if above and _NO_SPACE_AFTER_COLON.fullmatch(self.line(above)):
            return self.not_a_key(above)
        return self.out_of_line(line, len(self.line(line)) - len(self.line(line).lstrip(" ")) + 1) or (
            self.not_a_key(above) if above else None
        )

    def after_quote(self, text: str, column: int) -> tuple[Position, str] | None:
        """``name: "x" y``, ``name: 'it's'``: text after the quote that ends a quoted value."""
        before = text[: column - 1].rstrip()
        key = _KEY_LINE.match(text)
        if not before or before[-1] not in "'\"" or key is None or key.end() >= column - 1:
            return None
        value = text[key.end() + 1 :].strip()
        if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        return self.at, (
            f"text after the closing quote of '{key['key']}': quote the whole value once:"
            f" {key['key']}: {_quoted(value)}"
        )

    def out_of_line(self, line: int, column: int) -> tuple[Position, str] | None:
        """A key or a list item indented otherwise than the keys or items above it."""
        text = self.line(line)
        indent = column - 1
        if text[indent:].startswith("-"):
            item = text[indent:].rstrip()
            above = self.nearest_above(line, lambda t: t.lstrip(" ").startswith("- ") or t.strip() == "-")
            if above is None or above == indent:
                return (line, column), (
                    f"'{item}' is a list item, but the lines above it are keys of a mapping: put the list under"
                    " a key of its own, on the lines below it, indented more than the key"
                )
            return (line, column), (
                f"the list item '{item}' is indented {_spaces(indent)}, the items above it {above}: {_indent_like(above)}"
            )
        key = _KEY_LINE.match(text)
        if key is None:
            return None
        indent = len(key["indent"])
        above = self.nearest_above(line, lambda t: _KEY_LINE.match(t) is not None, keys=True)
        if above is None or above == indent:
            return None
        message = (
            f"'{key['key']}:' is indented {_spaces(indent)}, the keys above it {above}: {_indent_like(above)}"
        )
        if indent > above:  # it may be meant as more of the value above, which a ': ' cuts short
            message += "; or, if it continues the value above, put that whole value in quotes"
        return (line, indent + 1), message

    def not_a_key(self, line: int) -> tuple[Position, str]:
        """A line where a key is expected that is not ``key: value``."""
        text = self.line(line)
        indent = len(text) - len(text.lstrip(" "))
        colon = _NO_SPACE_AFTER_COLON.fullmatch(text)
        if colon:
            return (line, colon.end("key") + 1), (
                f"a space is missing after ':': write {colon['key']}: {colon['value'].rstrip()}"
            )
        dash = _NO_SPACE_AFTER_DASH.fullmatch(text)
        if dash:
            return (line, indent + 1), f"a space is missing after '-': write - {dash['value'].rstrip()}"
        return (line, indent + 1), (
            f"'{text.strip()}' is neither 'key: value' nor a list item '- ...': write the key and ':' before it,"
            " or, if it continues the value above, put that whole value in quotes"
        )

    def content_above(self, line: int) -> int | None:
        """The nearest line above ``line`` with content (not blank, not only a comment)."""
        for number in range(line - 1, 0, -1):
            stripped = self.line(number).strip()
            if stripped and not stripped.startswith("#"):
                return number
        return None

    def nearest_above(self, line: int, wanted: Callable[[str], bool], keys: bool = False) -> int | None:
        """The column (0-based) of the key, or of the list item's dash, on the nearest line above
        ``line`` of that sort."""
        for number in range(line - 1, 0, -1):
            text = self.line(number)
            if text.strip() and not text.strip().startswith("#") and wanted(text):
                if keys:
                    key = _KEY_LINE.match(text)
                    assert key is not None
                    return len(key["indent"])
                return len(text) - len(text.lstrip(" "))
        return None

    def quoted_example(self, line: int) -> str:
        key = _KEY_LINE.match(self.line(line))
        if key is None:
            return ""
        return f": {key['key']}: {_quoted(self.line(line)[key.end() + 1 :].strip())}"


def _quoted(value: str) -> str:
    """``value`` in YAML quotes, as a person would write it: single quotes unless it holds an
    apostrophe and no double quote."""
    if "'" in value and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _indent_like(spaces: int) -> str:
    return (
        f"indent it {_spaces(spaces)}, as they are"
        if spaces
        else "start it at the beginning of the line, as they do"
    )


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


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
        if tag in (_INT, _FLOAT):
            return self._number(node)
        if tag == _BOOL:
            value = _constructor.bool_values.get(node.value.lower())
            if value is None:
                self._report(node, f"'{node.value}' is tagged !!bool but is not true or false", "yaml-value")
            return value
        if tag == _NULL:
            if node.value not in ("", "~", "null", "Null", "NULL"):
                self._report(node, f"'{node.value}' is tagged !!null: write nothing, or null", "yaml-value")
            return None
        self._bad_tag(node)
        return None

    def _number(self, node: yaml.ScalarNode) -> int | float | None:
        """A number YAML reads as it looks; any other form is reported, never converted
        silently, and the length is bounded before Python converts anything."""
        text: str = node.value
        if len(text) > self.limits.max_number_length:
            self._report(
                node,
                f"a number of {len(text):,} characters, over the limit of {self.limits.max_number_length:,}:"
                " for a code or an account number, write it in quotes to keep it as text",
                "yaml-number",
            )
            return None
        if node.tag == _INT and _DECIMAL.fullmatch(text):
            return int(text)
        if node.tag == _FLOAT and _DECIMAL_FRACTION.fullmatch(text):
            value = float(text)
            if math.isfinite(value):
                return value
        if node.tag == _FLOAT and (_NOT_FINITE.fullmatch(text) or _DECIMAL_FRACTION.fullmatch(text)):
            self._report(
                node,
                f"{text} is not a finite number: write a number, or '{text}' in quotes to keep it as text",
                "yaml-value",
            )
        else:
            self._report(node, _misread(node), "yaml-number")
        return None

    def _report(self, node: yaml.Node, message: str, code: str) -> None:
        self.diagnostics.append(error(self.path, self._at(node), message, code))

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


def _misread(node: yaml.ScalarNode) -> str:
    """What YAML makes of a number written in a form it reads its own way (010, 0x1F, 1_000, 1:30),
    and what to write instead."""
    text: str = node.value
    unsigned = text.lstrip("+-")
    keep = f"to keep it as text (a code, an article number), write '{text}' in quotes"
    try:
        if unsigned[:2] in _BASES:
            base, name = _BASES[unsigned[:2]]
            meant = str(int(text.replace("_", ""), base))  # Python reads the same prefixes
            how = f"{meant} ({name})"
        elif ":" in text:  # a time is what people mean by it: say so first
            seconds = _construct(node)
            return (
                f"YAML reads {text} as {seconds} (base 60, as minutes and seconds):"
                f" for a time or a duration, write '{text}' in quotes; for the number, write {seconds}"
            )
        else:
            meant = _as_written(text)
            read = _construct(node)
            if node.tag == _INT and unsigned[:1] == "0":
                how = f"{read} (a leading 0 makes it octal)"
            elif "_" in text:
                how = f"{read}, dropping the _ (other tools read it as text)"
            else:
                how = f"{read}, dropping the leading 0"
    except (ValueError, InvalidOperation):  # an explicit !!int or !!float on text that is no number
        tag = node.tag.replace(_TAG, "!!")
        number = "a whole number" if node.tag == _INT else "a number"
        return (
            f"'{text}' is tagged {tag} but is not {number}: write digits, or remove {tag} to keep it as text"
        )
    return f"YAML reads {text} as {how}: write {meant}, not {text}; {keep}"


def _construct(node: yaml.ScalarNode) -> int | float:
    """The number YAML 1.1 makes of ``node``: its length is bounded already."""
    if node.tag == _INT:
        number: int = _constructor.construct_yaml_int(node)
        return number
    fraction: float = _constructor.construct_yaml_float(node)
    return fraction


def _as_written(text: str) -> str:
    """The number people see in ``text``, in plain digits: 010 is 10, 1_000 is 1000."""
    number = Decimal(text.replace("_", ""))
    if -20 <= number.adjusted() <= 20:
        return format(number, "f")
    return f"{number:.{max(len(number.as_tuple().digits) - 1, 1)}e}"  # 1e99 as YAML reads a number: 1.0e+99
