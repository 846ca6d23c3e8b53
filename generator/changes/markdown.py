"""Changes between two versions of the standards as Markdown: for `playbook diff --format markdown`
and for the site's «Что изменилось» pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from generator.changes.diff import Change
from generator.changes.wording import Wording
from generator.markup.markdown import inline, link_text


def changes_markdown(
    changes: Sequence[Change], wording: Wording, link: Callable[[Change], str | None]
) -> str:
    """A Markdown list of the changes, each changed field under its entity. ``link`` gives the
    page of an entity that has one (its name becomes a link), or None."""
    lines = []
    for change in changes:
        quoted = wording.quote(change.name)
        target = link(change)
        name = f"[{link_text(quoted)}]({target})" if target else str(inline(quoted))
        lines.append(f"- **{wording.headline(change, name)}** (`{change.path}`)")
        lines.extend(
            f"    - `{field.where}`: {inline(wording.field_change(field))}" for field in change.fields
        )
    return "\n".join(lines)
