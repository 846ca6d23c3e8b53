"""Reporters of findings: the same diagnostics as text for people, JSON for tools, annotations
for GitHub, Code Quality for GitLab — for `check`, `build`, `render` and every other command that
reports what a user got wrong."""

from __future__ import annotations

import hashlib
import json
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
    """``PATH:LINE:COL: error: MESSAGE [code]``, then a summary line."""

    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        for d in diagnostics:
            location = click.style(f"{d.path}:{d.line}:{d.column}:", bold=True)
            severity = click.style(f"{d.severity.value}:", fg=_COLOURS[d.severity], bold=True)
            self.write(f"{location} {severity} {d.message} [{d.code}]")
        self.write(click.style(summary.text(), bold=bool(diagnostics)))


class JsonReporter(Reporter):
    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        document = {"diagnostics": [d.as_dict() for d in diagnostics], "summary": summary.as_dict()}
        self.write(json.dumps(document, ensure_ascii=False, indent=2))


class GithubReporter(Reporter):
    """Workflow commands that GitHub Actions shows as annotations on the changed lines."""

    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        for d in diagnostics:
            properties = f"file={_property(d.path)},line={d.line},col={d.column},title={_property(d.code)}"
            self.write(f"::{d.severity.value} {properties}::{_data(d.message)}")
        self.write(summary.text())


class GitlabReporter(Reporter):
    """GitLab Code Quality JSON: merge requests show each finding on its line. The fingerprint is
    stable while the finding stays, even when lines above it move, so GitLab can tell new from old."""

    def report(self, diagnostics: Sequence[Diagnostic], summary: Summary) -> None:
        seen: Counter[str] = Counter()
        issues = []
        for d in diagnostics:
            identity = f"{d.path}\0{d.code}\0{d.message}"
            seen[identity] += 1  # the same finding twice in a file: each keeps its own fingerprint
            issues.append(
                {
                    "description": d.message,
                    "check_name": d.code,
                    "fingerprint": hashlib.sha256(f"{identity}\0{seen[identity]}".encode()).hexdigest(),
                    "severity": _GITLAB_SEVERITIES[d.severity],
                    "location": {"path": d.path, "lines": {"begin": d.line}},
                }
            )
        self.write(json.dumps(issues, ensure_ascii=False, indent=2))


_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}


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
