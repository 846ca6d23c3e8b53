"""Call scripts: a conversation as a graph of steps, each ending in a next step, the client's
answers to choose from, or an outcome."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator import diagrams
from generator.diagnostics import Diagnostic, did_you_mean, error, warning
from generator.kinds.entity import Entity, Texts, from_file
from generator.kinds.kind import Kind, Pages, each_file
from generator.source import PathElement, SourceFile

_HEADING_WORDS = 6


@dataclass(frozen=True)
class Option:
    answer: str
    next: str
    objection: str = ""


@dataclass(frozen=True)
class Step:
    id: str
    say: str
    title: str = ""
    note: str = ""
    next: str = ""
    options: tuple[Option, ...] = ()
    outcome: str = ""

    @property
    def heading(self) -> str:
        """The step's title, or its first words when it has none."""
        words = self.say.split()
        return self.title or " ".join(words[:_HEADING_WORDS]) + ("…" if len(words) > _HEADING_WORDS else "")


@dataclass(frozen=True)
class Script(Entity):
    stage: str = ""
    goal: str = ""
    channel: str = ""
    summary: str = ""
    preparation: Texts = ()
    steps: tuple[Step, ...] = ()
    tags: Texts = ()

    def number(self, step_id: str) -> int:
        """The 1-based position of a step, as the script's text numbers it."""
        return next(i for i, step in enumerate(self.steps, 1) if step.id == step_id)


def build(file: SourceFile, playbook: Mapping[str, Any]) -> Script:
    return from_file(Script, file, steps=tuple(_step(s) for s in file.data["steps"]))


def _step(data: dict[str, Any]) -> Step:
    options = tuple(Option(**option) for option in data.get("options", ()))
    return Step(**{**data, "options": options})


def check_graph(file: SourceFile) -> list[Diagnostic]:
    """A script's steps as a graph whose entry is the first step: every `next` exists, every step
    is reached, and from every step some path reaches an outcome."""
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


def check_diagram(file: SourceFile) -> list[Diagnostic]:
    """A warning when the script's diagram is past what the site's diagram library draws (its
    steps are still on the page, as text, but the picture stays empty)."""
    steps: list[dict[str, Any]] = file.data["steps"]
    arrows = sum(("next" in step) + len(step.get("options", ())) + ("outcome" in step) for step in steps)
    # a chart is at most some eight characters for each of the file's (entity codes included):
    # a script that small is only drawn, never measured
    if arrows <= diagrams.MAX_EDGES and len(file.text) * 8 <= diagrams.MAX_TEXT:
        return []
    ids = {step["id"] for step in steps}
    targets = {step["next"] for step in steps if "next" in step} | {
        option["next"] for step in steps for option in step.get("options", ())
    }
    if not targets <= ids:
        return []  # a step leads nowhere: check_graph says so, and there is no chart to measure
    chart = diagrams.script_chart(build(file, {}))
    arrows, size = diagrams.arrows(chart), len(chart)
    if arrows <= diagrams.MAX_EDGES and size <= diagrams.MAX_TEXT:
        return []
    measure = (
        f"{arrows:,} arrows, more than the {diagrams.MAX_EDGES:,}"
        if arrows > diagrams.MAX_EDGES
        else f"{size:,} characters, more than the {diagrams.MAX_TEXT:,}"
    )
    return [
        warning(
            file.path,
            file.position(["steps"], key=True),
            f"the script's diagram has {measure} the site can draw: split the script into shorter ones",
            "diagram-too-big",
        )
    ]


def _closure(start: list[str], edges: dict[str, list[str]]) -> set[str]:
    seen = set(start)
    queue = deque(start)
    while queue:
        for target in edges[queue.popleft()]:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


KIND = Kind(
    name="script",
    noun="script",
    folder="scripts",
    model=Script,
    build=build,
    checks=(each_file(check_graph), each_file(check_diagram)),
    pages=Pages(page="script.md.j2", title="scripts", index="scripts.md.j2"),
    review_days=90,  # what clients say and what works changes by the season
)
