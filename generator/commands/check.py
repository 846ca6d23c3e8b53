"""`playbook check`: validate the standards and report every finding."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import summarize
from generator.load import load
from generator.report import REPORTERS
from generator.validate import validate


@dataclass(frozen=True)
class CheckOptions:
    root: Path
    format: str = "text"
    strict: bool = False
    color: bool = False


def execute(options: CheckOptions) -> int:
    """0 when clean, 1 when there are errors (or warnings under ``strict``)."""
    source = load(options.root)
    diagnostics = validate(source)
    summary = summarize(diagnostics, source.file_count)
    REPORTERS[options.format](sys.stdout, options.color).report(diagnostics, summary)
    return 1 if summary.failed(options.strict) else 0
