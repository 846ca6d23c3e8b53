"""Call mode's data files: each script's steps as the generator writes them for call.js."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import yaml

from generator.kinds.script import Script
from generator.model import Playbook
from generator.site.calls import call_files
from generator.site.pages import load_labels
from tests.conftest import CASES, REPO, standards_of
from tests.unit.test_site_pages import TODAY

# a text that attacks every way Markdown and HTML allow: raw HTML, a `javascript:` link, an
# attribute list; and the Markdown that is meant to work
HOSTILE = (
    "<img src=x onerror=alert(1)> **bold** [click](javascript:alert(2)) *it*{ onclick=alert(3) } "
    "[site](https://example.com)"
)
LABELS = load_labels([REPO / "templates/site"], "en")


def _playbook(root: Any) -> Playbook:
    standards = standards_of(root, TODAY)
    assert standards.playbook is not None, standards.errors
    return standards.playbook


def hostile_playbook() -> Playbook:
    """The smallest project, its cold call opening with ``HOSTILE`` (which `check` refuses, so this
    is the model as it would be if a text got past it)."""
    playbook = _playbook(CASES / "base")
    script = playbook.of(Script)["cold-call"]
    steps = (dataclasses.replace(script.steps[0], say=HOSTILE), *script.steps[1:])
    scripts = {**playbook.of(Script), "cold-call": dataclasses.replace(script, steps=steps)}
    return dataclasses.replace(playbook, entities={**playbook.entities, "script": scripts})


def data_of(content: bytes) -> Any:
    text = content.decode("utf-8")
    assert text.startswith("playbookCall(") and text.endswith(")\n")
    return json.loads(text.removeprefix("playbookCall(").removesuffix(")\n"))


def test_each_script_s_steps_are_its_call_data() -> None:
    playbook = _playbook(REPO)
    files = call_files(playbook, {}, LABELS)
    assert sorted(files) == sorted(f"calls/{script_id}.js" for script_id in playbook.of(Script))
    source = yaml.safe_load((REPO / "standards/scripts/cold-call.yml").read_text(encoding="utf-8"))
    data = data_of(files["calls/cold-call.js"])
    assert data["name"] == source["name"]
    assert data["labels"]["start"] == "Start the call" and data["labels"]["outcome"] == "Outcome"
    for step, written in zip(source["steps"], data["steps"], strict=True):
        assert written["id"] == step["id"] and written["title"] == step["title"]
        assert written.get("next") == step.get("next")
        assert written.get("outcome") == step.get("outcome")
        assert [o["next"] for o in written.get("options", [])] == [o["next"] for o in step.get("options", [])]
    greeting = data["steps"][0]
    assert greeting["say"].startswith("Добрый день! Меня зовут [Имя менеджера]")  # one line of HTML
    no_time = greeting["options"][2]
    assert no_time["answer"] == "«Мне некогда»"
    objection = yaml.safe_load((REPO / "standards/objections/no-time.yml").read_text(encoding="utf-8"))
    best = objection["responses"][0]
    assert no_time["objection"]["approach"] == " ".join(best["approach"].split())
    assert no_time["objection"]["href"] == "../objections/no-time/"  # from the data file's folder


def test_an_answer_without_quotes_is_quoted_in_the_page_s_language() -> None:
    data = data_of(call_files(_playbook(CASES / "base"), {}, LABELS)["calls/cold-call.js"])
    assert [o["answer"] for o in data["steps"][0]["options"]] == ["“Go on”", "“Too expensive”"]


def test_a_hostile_text_is_the_site_s_cleaned_html() -> None:
    files = call_files(hostile_playbook(), {"markdown_extensions": ["attr_list"]}, LABELS)
    data = data_of(files["calls/cold-call.js"])
    say = data["steps"][0]["say"]
    assert say == (
        "&lt;img src=x onerror=alert(1)&gt; <strong>bold</strong> <a>click</a> <em>it</em> "
        '<a href="https://example.com">site</a>'
    )


def test_the_call_data_is_the_same_bytes_every_time() -> None:
    playbook = _playbook(CASES / "base")
    assert call_files(playbook, {}, LABELS) == call_files(playbook, {}, LABELS)
