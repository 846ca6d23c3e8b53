"""Call mode's data: each script as a small JavaScript file beside the pages, which the script
page's call mode (assets/javascripts/call.js) loads with a ``<script src>``, so that it works
from any static host and from file:// (where a ``fetch`` of JSON is refused).

Every text is HTML made the way a page makes it, through the site's Markdown and its allowlist
(`generator.markup.html`): call mode inserts that HTML as it is, and nothing an editor writes can
become a script, an event handler or a style there either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator.kinds.objection import Objection
from generator.kinds.script import Option, Script, Step
from generator.markup.html import DataTexts
from generator.markup.markdown import page_url, quoted
from generator.model import Playbook
from generator.site.addresses import page_of

FOLDER = "calls"


def data_path(script: Script) -> str:
    """Where a script's call data is, relative to docs/."""
    return f"{FOLDER}/{script.id}.js"


def call_files(playbook: Playbook, mkdocs: Mapping[str, Any], labels: Mapping[str, Any]) -> dict[str, bytes]:
    """Every script's call data, by its docs-relative path."""
    scripts = playbook.of(Script)
    if not scripts:
        return {}
    texts = DataTexts(mkdocs)
    objections = playbook.of(Objection)
    words = {
        **labels["call"],
        **{key: labels[key] for key in ("step", "says", "note", "client_answers", "outcome")},
    }
    files = {}
    for script in scripts.values():
        data = {
            "name": texts.html(script.name),
            "labels": words,
            "steps": [_step(step, texts, objections, labels["quotes"]) for step in script.steps],
        }
        # compact UTF-8: a phone loads it over the network once per script page
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        files[data_path(script)] = f"playbookCall({text})\n".encode()
    return files


def _step(
    step: Step, texts: DataTexts, objections: Mapping[str, Objection], quotes: list[str]
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": step.id, "title": texts.html(step.heading), "say": texts.html(step.say)}
    if step.note:
        data["note"] = texts.html(step.note)
    if step.next:
        data["next"] = step.next
    if step.options:
        data["options"] = [_option(option, texts, objections, quotes) for option in step.options]
    if step.outcome:
        data["outcome"] = texts.html(step.outcome)
    return data


def _option(
    option: Option, texts: DataTexts, objections: Mapping[str, Objection], quotes: list[str]
) -> dict[str, Any]:
    data: dict[str, Any] = {"answer": texts.html(quoted(option.answer, quotes)), "next": option.next}
    if option.objection:
        objection = objections[option.objection]
        best = objection.responses[0]  # an objection's answers are written best first
        data["objection"] = {
            "name": texts.html(quoted(objection.name, quotes)),
            "approach": texts.html(best.approach),
            "say": texts.html(best.say),
            # from the data file's folder, which call mode resolves it against
            "href": page_url(f"{FOLDER}/index.md", page_of(objection)),
        }
    return data
