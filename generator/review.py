"""How often each kind of standard is reviewed, and when a review falls due.

Shared by `check` (the review-overdue warning) and the site (each page's review line and the
page of what is due), so both always agree on a date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# Scripts and objections go stale fastest: what clients say and what works changes by the season.
DEFAULT_DAYS: Mapping[str, int] = {"default": 180, "script": 90, "objection": 90}


@dataclass(frozen=True)
class ReviewPolicy:
    """Days between reviews by kind name, with "default" for the kinds not named."""

    days: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_DAYS))

    @classmethod
    def of(cls, playbook: Any) -> ReviewPolicy:
        """The policy of a playbook.yml's data: its `review_days` over the defaults."""
        settings = playbook.get("review_days") if isinstance(playbook, dict) else None
        return cls({**DEFAULT_DAYS, **settings} if isinstance(settings, dict) else dict(DEFAULT_DAYS))

    def interval(self, kind: str) -> int:
        return self.days.get(kind, self.days["default"])

    def due(self, kind: str, reviewed: date) -> date:
        """The day the next review is due; the day after, it is overdue."""
        return reviewed + timedelta(days=self.interval(kind))
