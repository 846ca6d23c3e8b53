"""Checks on what single entities say: KPI thresholds, objection wordings, document templates."""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.diagnostics import Diagnostic, did_you_mean, error, warning
from generator.load import PathElement, Source, SourceFile


def check_kpi(file: SourceFile) -> list[Diagnostic]:
    kpi = file.data
    thresholds = kpi.get("thresholds")
    if not thresholds:
        return []
    good, critical, target = thresholds["good"], thresholds["critical"], kpi["target"]
    higher = kpi["direction"] == "higher"
    found = []
    if (good <= critical) if higher else (good >= critical):
        side = "above" if higher else "below"
        found.append(
            error(
                file.path,
                file.position(["thresholds", "good"]),
                f"thresholds: where {'higher' if higher else 'lower'} is better, good ({good}) must be {side} critical ({critical})",
                "kpi-thresholds",
            )
        )
    elif (target < good) if higher else (target > good):
        found.append(
            warning(
                file.path,
                file.position(["target"]),
                f"target {target} is short of the 'good' threshold {good}: reaching the target would still not be on track",
                "kpi-thresholds",
            )
        )
    return found


def check_objection_wordings(objections: Iterable[SourceFile]) -> list[Diagnostic]:
    """Each way a client says an objection leads to one objection only, or search gives two answers."""
    owner: dict[str, str] = {}
    found = []
    for file in objections:
        wordings: list[tuple[list[PathElement], str]] = [(["name"], file.data["name"])]
        wordings += [(["aliases", i], alias) for i, alias in enumerate(file.data.get("aliases", []))]
        for path, wording in wordings:
            key = _normal(wording)
            if key not in owner:
                owner[key] = file.id
            elif owner[key] == file.id:
                found.append(
                    warning(
                        file.path,
                        file.position(path),
                        f"{wording!r} repeats another wording of this objection",
                        "objection-wording",
                    )
                )
            else:
                found.append(
                    warning(
                        file.path,
                        file.position(path),
                        f"{wording!r} is also a wording of objection '{owner[key]}'",
                        "objection-wording",
                    )
                )
    return found


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


def check_document(file: SourceFile, source: Source) -> list[Diagnostic]:
    template = file.data["template"]
    if template in source.templates:
        return []
    hint = did_you_mean(template, source.templates)
    return [
        error(
            file.path,
            file.position(["template"]),
            f"template '{template}' is not in templates/documents/{hint}",
            "template-missing",
        )
    ]
