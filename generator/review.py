"""How often each kind of standard is reviewed, and when a review falls due.

Shared by `check` (the review-overdue warning) and the site (each page's review line and the
page of what is due), so both always agree on a date. Each kind declares its own interval, or
takes the playbook's default; playbook.yml's `review_days` overrides either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from generator.kinds import KINDS

DEFAULT = "default"
DEFAULT_DAYS = 180


def _defaults() -> dict[str, int]:
    return {DEFAULT: DEFAULT_DAYS, **{k.name: k.review_days for k in KINDS if k.review_days is not None}}


@dataclass(frozen=True)
class ReviewPolicy:
    """Days between reviews by kind name, with "default" for the kinds not named."""

    days: Mapping[str, int] = field(default_factory=_defaults)

    @classmethod
    def of(cls, playbook: Any) -> ReviewPolicy:
        """The policy of a playbook.yml's data: its `review_days` over the kinds' own intervals."""
        chosen = playbook.get("review_days") if isinstance(playbook, dict) else None
        return cls({**_defaults(), **chosen} if isinstance(chosen, dict) else _defaults())

    def interval(self, kind: str) -> int:
        """Days between reviews of the kind named ``kind``."""
        return self.days.get(kind, self.days[DEFAULT])

    def due(self, kind: str, reviewed: date) -> date:
        """The day the next review is due; the day after, it is overdue."""
        return reviewed + timedelta(days=self.interval(kind))
