"""Reporters of findings: the same diagnostics as text for people, JSON for tools, annotations
for GitHub, Code Quality for GitLab — for `check`, `build`, `render` and every other command that
reports what a user got wrong."""

from __future__ import annotations

import hashlib
import json
import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol, TextIO

import click

from generator.diagnostics import Diagnostic, Severity


class Summary(Protocol):
    """How a command ended, for the last line of a report (and its JSON)."""

    def text(self) -> str: ...

    def as_dict(self) -> dict[str, Any]: ...


_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


class Reporter(ABC):
    def __init__(self, stream: TextIO, color: bool = False) -> None:
        self.stream = stream
        self.color = color

    def write(self, text: str = "") -> None:
        click.echo(text, file=self.stream, color=self.color)

    @abstractmethod
    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None: ...


class TextReporter(Reporter):
    """``PATH:LINE:COL: error: MESSAGE [code]``, then a summary line: one line per finding,
    whatever a file name or a quoted value holds."""

    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        for d in diagnostics:
            location = click.style(f"{one_line(d.path)}:{d.line}:{d.column}:", bold=True)
            severity = click.style(f"{d.severity.value}:", fg=_COLOURS[d.severity], bold=True)
            self.write(f"{location} {severity} {one_line(d.message)} [{d.code}]")
        self.write(click.style(summary.text(), bold=bool(diagnostics)))


class JsonReporter(Reporter):
    """Every finding as it is (JSON escapes line breaks itself); only bytes of a file name that
    is not UTF-8, which no JSON can hold, are written as ``\\xff``."""

    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        findings = [
            {**d.as_dict(), "path": _encodable(d.path), "message": _encodable(d.message)} for d in diagnostics
        ]
        document = {"diagnostics": findings, "summary": summary.as_dict()}
        self.write(json.dumps(document, ensure_ascii=False, indent=2))


class GithubReporter(Reporter):
    """Workflow commands that GitHub Actions shows as annotations on the changed lines: one
    command per line, its properties and message escaped as the Actions toolkit escapes them."""

    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        for d in diagnostics:
            properties = (
                f"file={_property(_encodable(d.path))},line={d.line},col={d.column},title={_property(d.code)}"
            )
            self.write(f"::{d.severity.value} {properties}::{_data(one_line(d.message))}")
        self.write(summary.text())


class GitlabReporter(Reporter):
    """GitLab Code Quality JSON: merge requests show each finding on its line. The fingerprint is
    stable while the finding stays, even when lines above it move, so GitLab can tell new from old."""

    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        seen: Counter[str] = Counter()
        issues = []
        for d in diagnostics:
            path, message = _encodable(d.path), _encodable(d.message)
            identity = f"{path}\0{d.code}\0{message}"
            seen[identity] += 1  # the same finding twice in a file: each keeps its own fingerprint
            issues.append(
                {
                    "description": message,
                    "check_name": d.code,
                    "fingerprint": hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest(),
                    "severity": _GITLAB_SEVERITIES[d.severity],
                    "location": {"path": path, "lines": {"begin": d.line}},
                }
            )
        self.write(json.dumps(issues, ensure_ascii=False, indent=2))


_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}


# What would break a line or the terminal: control characters (line breaks, ESC), the line and
# paragraph separators, the bidirectional overrides that show text in another order than it is,
# and lone surrogates, which stand for the bytes of a file name that is not UTF-8
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` on one line of a terminal, each character that would break it written as an escape."""
    return _UNPRINTABLE.sub(_escape, text)


def _encodable(text: str) -> str:
    """``text`` as UTF-8 can carry it: a byte of a file name that is not UTF-8 as ``\\xff``."""
    return _SURROGATE.sub(_escape, text)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "gitlab": GitlabReporter,
}
