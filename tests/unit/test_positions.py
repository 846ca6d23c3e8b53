"""Positions as an editor shows them, whatever the file's line endings: LF, CRLF, CR alone or a mix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import cli
from generator.diagnostics import Diagnostic
from generator.load import Limits
from generator.load.parse import parse
from generator.source import YamlFile, offset_position

_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
# line content: anything but the three line breaks editors know (U+0085 and U+2028 stay within a line)
_CONTENT = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=12)


def _reference(text: str) -> list[tuple[int, int]]:
    """Line and column of every offset (and of the end), walking the text as an editor draws it."""
    positions = []
    line, column, offset = 1, 1, 0
    while offset < len(text):
        positions.append((line, column))
        if text.startswith("\r\n", offset):
            positions.append((line, column + 1))  # between the two characters of one break
            offset += 2
        elif text[offset] in "\r\n":
            offset += 1
        else:
            offset, column = offset + 1, column + 1
            continue
        line, column = line + 1, 1
    return [*positions, (line, column)]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_CONTENT, max_size=8))
    endings = draw(st.lists(_ENDINGS, min_size=len(lines), max_size=len(lines)))
    last = draw(st.booleans())  # with or without a break at the end
    text = "".join(line + end for line, end in zip(lines, endings, strict=True))
    return text if last or not text else text[: -len(endings[-1])]


@given(text=_texts())
def test_every_offset_is_at_the_line_and_column_an_editor_shows(text: str) -> None:
    assert [offset_position(text, offset) for offset in range(len(text) + 1)] == _reference(text)


def test_an_offset_past_either_end_is_at_that_end() -> None:
    assert offset_position("ab\rcd", 99) == (2, 3)
    assert offset_position("ab\rcd", -5) == (1, 1)


@given(
    keys=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=6, unique=True),
    endings=st.lists(_ENDINGS, min_size=6, max_size=6),
    blank=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_keys_and_values_are_found_at_their_lines(
    keys: list[str], endings: list[str], blank: list[bool]
) -> None:
    text, expected = "", {}
    for i, key in enumerate(keys):
        if blank[i]:  # a comment line between keys shifts the ones below
            text += f"# note{endings[i]}"
        expected[key] = _reference(text)[-1][0]  # the line the text so far ends on
        text += f"{key}: Значение {i}{endings[i]}"
    found: list[Diagnostic] = []
    parsed = parse(text.encode(), "x.yml", Limits(), found)
    assert parsed is not None and not found
    file = YamlFile("x.yml", parsed[0], parsed[1])
    for key, line in expected.items():
        assert file.position([key], key=True) == (line, 1)
        assert file.position([key]) == (line, len(key) + 3)


def _findings(text: bytes) -> list[tuple[int, int, str]]:
    found: list[Diagnostic] = []
    parse(text, "x.yml", Limits(), found)
    return [(d.line, d.column, d.code) for d in found]


def test_a_yaml_mistake_in_a_cr_only_file_is_at_its_line() -> None:
    assert _findings(b"a:\r  b: 1\r c: 2\r") == [(3, 2, "yaml-syntax")]


def test_a_byte_that_is_not_utf8_is_at_its_line_after_cr_and_crlf() -> None:
    assert _findings(b"a: 1\rb: 2\r\nc: \xd0\x96\xff\n") == [(3, 5, "encoding")]


def test_a_character_yaml_refuses_is_at_its_line_in_a_cr_only_file() -> None:
    assert _findings("a: 1\rb: Ж\x01\r".encode()) == [(2, 5, "yaml-syntax")]


def test_new_stage_joins_a_crlf_playbook_with_crlf(project: Path) -> None:
    playbook = project / "standards/playbook.yml"
    playbook.write_bytes(playbook.read_bytes().replace(b"\n", b"\r\n"))
    result = CliRunner().invoke(cli, ["new", "stage", "delivery", "-C", str(project)])
    assert result.exit_code == 0, result.output
    text = playbook.read_bytes()
    assert b"- delivery\r\n" in text
    assert b"\n" not in text.replace(b"\r\n", b"")  # no bare LF among the CRLF lines


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a:\n  b: 1\n c: 2\n", 3, 2, "'c:' is indented 1 space, the keys above it 2: indent it 2 spaces, as they are"),
        ("name: x\n summary: y\n", 2, 2, "'summary:' is indented 1 space, the keys above it 0: start it at the beginning"
         " of the line, as they do; or, if it continues the value above, put that whole value in quotes"),
        ("l:\n    - a\n  - b\n", 3, 3, "the list item '- b' is indented 2 spaces, the items above it 4: indent it 4"
         " spaces, as they are"),
        ("name: a\n- b\n", 2, 1, "'- b' is a list item, but the lines above it are keys of a mapping: put the list"
         " under a key of its own, on the lines below it, indented more than the key"),
        ("a:\n\t- b\n", 2, 1, "a tab character where YAML expects indentation: indent with spaces only"),
        ('a: "x\nb: y\n', 1, 4, 'this " opens a quoted value that is never closed: end the value with " (write \\"'
         " for a quote inside it)"),
        ("a: {b: 1\nc: 2\n", 1, 4, "this { opens a mapping that is never closed: end it with } (items separated by"
         " commas), or put the whole value in quotes if { is part of the text"),
        ("a: Note: x\n", 1, 8, "the value of 'a' holds ': ', which YAML reads as another key: put the value in"
         " quotes: a: 'Note: x'"),
        ("a:x\nb: y\n", 1, 2, "a space is missing after ':': write a: x"),
        ("l:\n  - a\n  -b\n", 3, 3, "a space is missing after '-': write - b"),
        ("a: 'it's'\n", 1, 8, "text after the closing quote of 'a': quote the whole value once: a: \"it's\""),
        ("a: @x\n", 1, 4, "a value cannot begin with @: put the value in quotes: a: '@x'"),
        ("a: *x\n", 1, 4, "a value cannot begin with * or & (YAML reads them as references): put the value in"
         " quotes: a: '*x'"),
        ("a: - x\n", 1, 4, "a list cannot begin on the line of its key: write each item on a line of its own below"
         " the key, indented, as '  - item' (or put the value in quotes if '-' is part of the text)"),
        ("a: 1\njust text\nb: 2\n", 2, 1, "'just text' is neither 'key: value' nor a list item '- ...': write the key"
         " and ':' before it, or, if it continues the value above, put that whole value in quotes"),
        ('a: "C:\\path"\n', 1, 7, "a backslash inside double quotes starts an escape such as \\n: write \\\\ for a"
         " backslash, or put the value in single quotes"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_yaml_mistake_is_said_at_its_line_with_what_to_write(
    text: str, line: int, column: int, message: str, end: str
) -> None:
    found: list[Diagnostic] = []
    assert parse(text.replace("\n", end).encode(), "x.yml", Limits(), found) is None
    assert [(d.line, d.column, d.message) for d in found] == [(line, column, message)]
