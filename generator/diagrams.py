"""Mermaid flowcharts: a pipeline's stages and a script's conversation graph.

Mermaid refuses to draw past a number of arrows and a length of text; the site raises both
(`assets/javascripts/playbook.js` says the same numbers) and `check` warns about a script past them.
A chart is drawn from what the standards say, so it sits below the kinds: a script's check measures
the chart the site will draw, and the site draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from markupsafe import Markup


class _Stage(Protocol):
    @property
    def name(self) -> str: ...


class _Option(Protocol):
    @property
    def answer(self) -> str: ...
    @property
    def next(self) -> str: ...


class _Step(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def next(self) -> str: ...
    @property
    def options(self) -> Sequence[_Option]: ...
    @property
    def outcome(self) -> str: ...


class _Script(Protocol):
    @property
    def steps(self) -> Sequence[_Step]: ...


# Mermaid's defaults are 500 and 50,000: a 300-step script with its answers passes both
MAX_EDGES = 3000
MAX_TEXT = 300_000


def pipeline_chart(stages: Sequence[_Stage], urls: Sequence[str]) -> str:
    """Stages top to bottom (readable on a phone), each node a link to the stage's page."""
    lines = ["flowchart TD"]
    for i, stage in enumerate(stages):
        lines.append(f'  n{i}["{i + 1}. {mermaid_label(stage.name)}"]')
    lines.extend(f"  n{i} --> n{i + 1}" for i in range(len(stages) - 1))
    lines.extend(f'  click n{i} href "{url}"' for i, url in enumerate(urls))
    lines.append("  classDef stage cursor:pointer")
    lines.append(f"  class {','.join(f'n{i}' for i in range(len(stages)))} stage")
    return "\n".join(lines)


def script_chart(script: _Script) -> str:
    """Steps top to bottom; branches labelled with the client's answer; outcomes as end nodes;
    each step a link to its place on the script's page."""
    anchors = [step_anchor(step.id) for step in script.steps]
    index = {step.id: i for i, step in enumerate(script.steps)}
    lines = ["flowchart TD"]
    outcomes = []
    for i, step in enumerate(script.steps):
        lines.append(f'  s{i}["{mermaid_label(step.heading)}"]')
    for i, step in enumerate(script.steps):
        if step.next:
            lines.append(f"  s{i} --> s{index[step.next]}")
        for option in step.options:
            lines.append(f'  s{i} -->|"{mermaid_label(option.answer)}"| s{index[option.next]}')
        if step.outcome:
            lines.append(f'  s{i} --> o{i}(["{mermaid_label(step.outcome)}"])')
            outcomes.append(f"o{i}")
    lines.extend(f'  click s{i} href "#{anchor}"' for i, anchor in enumerate(anchors))
    lines.append("  classDef outcome fill:#e8f5e9,stroke:#2e7d32,color:#1b5e20")
    if outcomes:
        lines.append(f"  class {','.join(outcomes)} outcome")
    return "\n".join(lines)


def mermaid_label(value: Any) -> Markup:
    """Text for a quoted Mermaid label: letters, digits, spaces and plain punctuation as they are,
    every other character as Mermaid's entity code (``#37;`` for ``%``), so that no quote, ``%%``
    directive, backtick string, bracket or HTML can be written from the standards."""
    text = " ".join(str(value).split())
    return Markup(
        "".join(char if char.isalnum() or char in _LABEL_PLAIN else f"#{ord(char)};" for char in text)
    )


_LABEL_PLAIN = frozenset(" .,!?:-–—'«»„“…№/")


def step_anchor(step_id: str) -> str:
    """The id of a step's heading on its script's page."""
    return f"step-{step_id}"


def arrows(chart: str) -> int:
    """How many arrows (Mermaid's edges) a chart draws."""
    return chart.count("-->")
