"""Script graph checks: every `next` exists, every step is reachable, every path can end."""

from __future__ import annotations

from collections import deque
from typing import Any

from generator.diagnostics import Diagnostic, did_you_mean, error, warning
from generator.load import PathElement, SourceFile


def check_script(file: SourceFile) -> list[Diagnostic]:
    """Checks a schema-valid script's steps as a graph whose entry is the first step."""
    steps: list[dict[str, Any]] = file.data["steps"]
    found: list[Diagnostic] = []
    index: dict[str, int] = {}
    for i, step in enumerate(steps):
        if step["id"] in index:
            first = file.position(["steps", index[step["id"]], "id"])[0]
            found.append(
                error(
                    file.path,
                    file.position(["steps", i, "id"]),
                    f"step id '{step['id']}' is used twice (first at line {first})",
                    "script-step",
                )
            )
        else:
            index[step["id"]] = i
    edges: dict[str, list[str]] = {step_id: [] for step_id in index}
    for i, step in enumerate(steps):
        targets: list[tuple[list[PathElement], str]] = (
            [(["steps", i, "next"], step["next"])] if "next" in step else []
        )
        targets += [
            (["steps", i, "options", j, "next"], option["next"])
            for j, option in enumerate(step.get("options", []))
        ]
        for path, target in targets:
            if target in index:
                edges[step["id"]].append(target)
            else:
                found.append(
                    error(
                        file.path,
                        file.position(path),
                        f"no step '{target}' in this script{did_you_mean(target, index)}",
                        "script-next",
                    )
                )
    reachable = _closure([steps[0]["id"]], edges)
    backwards: dict[str, list[str]] = {step_id: [] for step_id in index}
    for origin, followers in edges.items():
        for follower in followers:
            backwards[follower].append(origin)
    can_end = _closure([step["id"] for step in steps if "outcome" in step], backwards)
    for step_id, i in index.items():
        if step_id not in reachable:
            found.append(
                warning(
                    file.path,
                    file.position(["steps", i, "id"]),
                    f"step '{step_id}' is never reached from the first step '{steps[0]['id']}'",
                    "script-unreachable",
                )
            )
        if step_id not in can_end:
            found.append(
                error(
                    file.path,
                    file.position(["steps", i, "id"]),
                    f"from step '{step_id}' the conversation never reaches an outcome: every path loops or stops",
                    "script-no-outcome",
                )
            )
    return found


def _closure(start: list[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(start)
    queue = deque(start)
    while queue:
        for target in edges[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen
