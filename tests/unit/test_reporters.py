"""Every output format survives any file name and any value a message quotes: one line per
finding in the text format and in GitHub annotations, valid UTF-8 JSON everywhere."""

from __future__ import annotations

import io
import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic, Severity, Summary
from generator.report.diagnostics import REPORTERS

NOT_UTF8 = os.fsdecode(b"standards/stages/\xcf\xf0\xee\xe4\xe0\xe6\xe8.yml")  # Windows-1251 bytes
ODD_NAMES = [
    "standards/stages/with space.yml",
    "standards/stages/50%.yml",
    "standards/stages/a:b,c.yml",
    "standards/stages/two\nlines.yml",
    "standards/stages/cr\rhere.yml",
    NOT_UTF8,
]


def _report(format: str, diagnostics: list[Diagnostic]) -> str:
    """What a command prints, through a stream that, like a UTF-8 terminal, refuses what UTF-8 cannot hold."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="")
    REPORTERS[format](stream).report(
        diagnostics, Summary(files=1, errors=len(diagnostics), warnings=0, files_with_findings=1)
    )
    stream.flush()
    return raw.getvalue().decode("utf-8")


def _finding(path: str, message: str = "unknown role 'x'") -> Diagnostic:
    return Diagnostic(path, 3, 7, Severity.ERROR, message, "ref")


def test_text_is_one_line_per_finding_whatever_the_name_or_value() -> None:
    output = _report("text", [_finding(name, "unknown role 'sel\nler\x1b[31m'") for name in ODD_NAMES])
    assert output.split("\n") == [
        "standards/stages/with space.yml:3:7: error: unknown role 'sel\\nler\\x1b[31m' [ref]",
        "standards/stages/50%.yml:3:7: error: unknown role 'sel\\nler\\x1b[31m' [ref]",
        "standards/stages/a:b,c.yml:3:7: error: unknown role 'sel\\nler\\x1b[31m' [ref]",
        "standards/stages/two\\nlines.yml:3:7: error: unknown role 'sel\\nler\\x1b[31m' [ref]",
        "standards/stages/cr\\rhere.yml:3:7: error: unknown role 'sel\\nler\\x1b[31m' [ref]",
        "standards/stages/\\xcf\\xf0\\xee\\xe4\\xe0\\xe6\\xe8.yml:3:7: error: unknown role 'sel\\nler\\x1b[31m' [ref]",
        "6 errors in 1 of 1 file",
        "",
    ]


def test_text_shows_separators_and_bidi_overrides_as_escapes_and_keeps_ordinary_text() -> None:
    message = "name 'a\u2028b\u202eevil' is «Ок», no\u00a0break, soft\u00adhyphen"
    [line, _, _] = _report("text", [_finding("standards/stages/x.yml", message)]).split("\n")
    assert line == (
        "standards/stages/x.yml:3:7: error: name 'a\\u2028b\\u202eevil' is «Ок», no\u00a0break, soft\u00adhyphen [ref]"
    )


def test_github_annotations_escape_properties_and_data_as_the_toolkit_does() -> None:
    output = _report("github", [_finding("standards/stages/50% off: now,\nthen.yml", "100% sure\nreally")])
    assert output.split("\n") == [
        "::error file=standards/stages/50%25 off%3A now%2C%0Athen.yml,line=3,col=7,title=ref::100%25 sure\\nreally",
        "1 error in 1 of 1 file",
        "",
    ]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_github_gives_one_command_per_finding(name: str) -> None:
    lines = _report("github", [_finding(name, "a\r\nb")]).split("\n")
    assert len(lines) == 3 and lines[0].startswith("::error file=") and lines[2] == ""


@pytest.mark.parametrize("format", ["json", "gitlab"])
def test_json_formats_keep_names_exact_and_write_undecodable_bytes_as_escapes(format: str) -> None:
    document = json.loads(_report(format, [_finding(name, f"file {name!s}") for name in ODD_NAMES]))
    findings = document["diagnostics"] if format == "json" else document
    paths = [f["path"] if format == "json" else f["location"]["path"] for f in findings]
    assert paths == [*ODD_NAMES[:-1], "standards/stages/\\xcf\\xf0\\xee\\xe4\\xe0\\xe6\\xe8.yml"]
    if format == "gitlab":
        assert len({f["fingerprint"] for f in findings}) == len(ODD_NAMES)


@given(
    path=st.text(
        st.characters(codec="utf-8") | st.sampled_from([chr(0xDC80 + b) for b in range(128)]), max_size=20
    ),
    message=st.text(max_size=30),
    format=st.sampled_from(sorted(REPORTERS)),
)
def test_any_name_and_message_give_a_report(path: str, message: str, format: str) -> None:
    output = _report(format, [_finding(path, message), _finding(path, message)])
    if format in ("json", "gitlab"):
        json.loads(output)
    else:  # two findings and the summary, each on a line of its own
        assert len(output.split("\n")) == 4, output
