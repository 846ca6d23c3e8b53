"""Diagnostics are data: every problem found is a record, never an exception that stops the run."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding, pointing at a 1-based line and column of a file relative to the project root."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    code: str

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def error(path: str, position: tuple[int, int], message: str, code: str) -> Diagnostic:
    return Diagnostic(path, position[0], position[1], Severity.ERROR, message, code)


def warning(path: str, position: tuple[int, int], message: str, code: str) -> Diagnostic:
    return Diagnostic(path, position[0], position[1], Severity.WARNING, message, code)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' when nothing is close."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def with_article(noun: str) -> str:
    """'a stage', 'an objection': a noun as an English message names one."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


@dataclass(frozen=True)
class Summary:
    """How a check ended: how many files, and how many findings in how many of them."""

    files: int
    errors: int
    warnings: int
    files_with_findings: int

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "errors": self.errors,
            "warnings": self.warnings,
            "files_with_findings": self.files_with_findings,
        }

    def failed(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def text(self) -> str:
        if not self.errors and not self.warnings:
            return f"{count(self.files, 'file')} checked: no problems found"
        if self.files_with_findings > self.files:  # findings about folders, or files that were never read
            return f"{findings(self.errors, self.warnings)}; {count(self.files, 'file')} read"
        return f"{findings(self.errors, self.warnings)} in {self.files_with_findings} of {count(self.files, 'file')}"


def summarize(diagnostics: Sequence[Diagnostic], files: int) -> Summary:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    return Summary(
        files=files,
        errors=errors,
        warnings=len(diagnostics) - errors,
        files_with_findings=len({d.path for d in diagnostics}),
    )


def findings(errors: int, warnings: int) -> str:
    """'2 errors, 1 warning'."""
    return ", ".join(count(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n)


def count(n: int, word: str) -> str:
    """'1 file', '2 files'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


# Every diagnostic code, with what it means; README's table and the case tests are checked against it.
CODES: dict[str, str] = {
    "io": "a file cannot be read",
    "limit": "a file or the project is over a size limit",
    "symlink": "a symbolic link (a file, a folder in standards/, standards/, templates/ or templates/documents/) leads outside the project; not read",
    "encoding": "a file is not UTF-8",
    "empty-file": "a file holds no YAML document",
    "unknown-folder": "a YAML file lies outside the kind folders",
    "file-name": "a file name is not a valid id",
    "duplicate-id": "two files of one kind share an id (x.yml and x.yaml)",
    "missing-file": "standards/playbook.yml is missing",
    "yaml-syntax": "YAML that does not parse, or a character YAML forbids",
    "yaml-duplicate-key": "a key appears twice in one mapping",
    "yaml-tag": "a tag other than the standard scalar ones (e.g. !!python/...)",
    "yaml-alias": "aliases expanded past the bound, or an alias inside itself",
    "yaml-depth": "values nested past the depth bound",
    "yaml-key": "a key that is not plain text, or a merge key (<<)",
    "yaml-value": "a number that is not finite (.inf, .nan), or a value its tag cannot be (!!bool maybe)",
    "yaml-number": "a number YAML reads otherwise than it looks (010, 0x1F, 1_000, 1:30, 1e5), or one too long",
    "schema": "a file breaks its kind's schema: unknown or missing key, wrong type or value",
    "ref": "a reference names no entity of the right kind",
    "pipeline": "a stage is in no pipeline, in two, or twice in one",
    "role-unused": "a role owns nothing (warning)",
    "script-step": "two steps of a script share an id",
    "script-next": "a step leads to a step that does not exist",
    "script-unreachable": "a step cannot be reached from the first step (warning)",
    "script-no-outcome": "from a step no path reaches an outcome",
    "crm-field": "two fields of a CRM entity share an id",
    "crm-enum": "an enum value is listed twice, or values on a non-enum field (warning)",
    "crm-format": "a field's format is not a valid regular expression, or a value in a CRM export does not match it (analyze)",
    "crm-example": "a field's example does not match its format or values",
    "analytics-lost": "playbook.yml's analytics.lost names a value its field never holds, or a reason of another entity",
    "kpi-thresholds": "KPI thresholds contradict the direction, or the target falls short of them",
    "kpi-measure": "a KPI's measure names a field or value its CRM entity lacks, or an aggregate that does not fit the field's type or the KPI's unit",
    "export": "a CRM export cannot be read as a table: empty, no column matching a field, not a workbook (analyze)",
    "export-column": "a CRM export lacks columns of its entity's fields, or has columns no field matches (warning, analyze)",
    "crm-type": "a value in a CRM export does not parse as its field's type: money, number, date, Да/Нет (analyze)",
    "crm-value": "a value in a CRM export is not one of its enum field's values (analyze)",
    "crm-required": "a field is empty in a CRM export though the record is past the stage it is required from (analyze)",
    "crm-duplicate": "two records of a CRM export share what the entity's duplicate rules compare (warning, analyze)",
    "objection-wording": "one wording belongs to two objections, or repeats (warning)",
    "objection-order": "a category's order in playbook.yml lists an objection of another category (error), or leaves one of its own out (warning)",
    "quiz-question": "two questions of a quiz share an id",
    "quiz-answer": "a question has no right answer, more than one where it asks for one, or two choices alike",
    "quiz-generated": "a generated question would be ambiguous (a wording of two objections, a script's answer leading two ways) or flawed (error), or a generator makes no question (warning)",
    "quiz-pool": "an attempt asks more questions than the quiz's pool holds (warning)",
    "certification-score": "a person's certification record has a score below the certification's pass mark",
    "certification-date": "a person's certification record is dated after today",
    "certification-lapsed": "a person's latest record of a certification is older than its valid_days (warning)",
    "template-missing": "a document's template is not in templates/documents/",
    "mkdocs-config": "mkdocs.yml does not parse",
    "unsafe-markup": "text that Markdown would turn into an attribute, element or link the site refuses",
    "diagram-too-big": "a script's diagram is past what the site's diagram library draws (warning)",
    "owner-missing": "an entity names no owner role (warning)",
    "review-overdue": "an entity's last review is older than its kind's review interval (warning)",
    "template-file": "a template is not a readable .docx (not a zip, damaged, or a zip bomb)",
    "template-syntax": "a tag in a template does not parse",
    "template-quotes": "curly quotes inside a template's tag (Word's AutoFormat)",
    "template-formatting": "a tag in a template split across text of different formatting (warning)",
    "template-name": "a template uses a variable, attribute or filter that does not exist",
    "template-unused-field": "a required field the template never uses (warning)",
    "sample-data": "a sample deal does not satisfy the fields of a document that uses it",
    "date-rule": "a date field's not_before or after names no date field of its document",
    "signatory-gender": "the company's signatory's gender, which the documents' words agree with, is neither given nor told by the name",
    "deal-data": "a deal's data does not satisfy the fields of a document being rendered (render)",
    "render": "a document could not be filled from a deal: the template asked for what the data lacks (render)",
    "output": "a rendered file cannot be written: it exists (no --force) or the folder refuses it (render)",
    "pdf": "LibreOffice could not turn a rendered document into a PDF (render --pdf)",
    "page-template": "a page template of the site failed (a project's own templates/site/ file, say)",
}
