"""Changes said in the playbook's language, from the site's labels (`diff_*`, `kinds`, quotes):
for `playbook diff` and the site's «Что изменилось» alike."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from generator.changes.diff import ABSENT, Action, Change, FieldChange

# Keys that name a list item for people, most telling first.
_TITLES = ("name", "title", "label", "text", "approach", "answer", "say", "id")


class Wording:
    """Changes in the playbook's language, from the site's labels (`diff_*`, `kinds`, quotes)."""

    def __init__(self, labels: Mapping[str, Any]) -> None:
        self.labels = labels

    def headline(self, change: Change, name: str | None = None) -> str:
        """«Изменён этап «Закрытие сделки»»; ``name`` replaces the quoted name (a link, say)."""
        phrase = self.labels[f"diff_{change.action.value}"][change.kind.name]
        return f"{phrase} {name if name is not None else self.quote(change.name)}"

    def field(self, change: FieldChange) -> str:
        """«exit_criteria[1]: «было» → «стало»», or the field added or removed."""
        return f"{change.where}: {self.field_change(change)}"

    def field_change(self, change: FieldChange) -> str:
        """What happened to a field, without saying which: «было» → «стало»."""
        if change.old is ABSENT:
            return f"{self.labels['diff_field_added']} {self.value(change.new)}"
        if change.new is ABSENT:
            return f"{self.labels['diff_field_removed']} {self.value(change.old)}"
        return f"{self.value(change.old)} → {self.value(change.new)}"

    def value(self, value: Any) -> str:
        if isinstance(value, str):
            return self.quote(" ".join(value.split()))
        if isinstance(value, bool):
            return str(self.labels["answer_yes" if value else "answer_no"])
        if value is None:
            return str(self.labels["nothing"])
        if isinstance(value, dict):
            title = next((value[k] for k in _TITLES if isinstance(value.get(k), str)), None)
            return self.value(title) if title is not None else json.dumps(value, ensure_ascii=False)
        if isinstance(value, list):
            return ", ".join(self.value(item) for item in value)
        return str(value)

    def quote(self, text: str) -> str:
        opening, closing = self.labels["quotes"]
        return f"{opening}{text}{closing}"

    def summary(self, changes: Sequence[Change]) -> str:
        if not changes:
            return str(self.labels["diff_none"])
        counts = {action: sum(1 for c in changes if c.action is action) for action in Action}
        text = " · ".join(f"{self.labels[f'diff_count_{a.value}']}: {n}" for a, n in counts.items() if n)
        return text[:1].upper() + text[1:]
