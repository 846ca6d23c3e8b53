"""Limits are settings: each field of a limits dataclass can be set by an environment variable
named PLAYBOOK_ and the field's name in capitals (PLAYBOOK_MAX_FILE_BYTES=2000000). A field whose
metadata names a ``most`` cannot be set past it (a bound that keeps something else safe)."""

from __future__ import annotations

import dataclasses
import os
from typing import Any, TypeVar

from generator.errors import UsageError

T = TypeVar("T")
PREFIX = "PLAYBOOK_"


def from_environment(cls: type[T]) -> T:
    """An instance of the limits dataclass ``cls``: its defaults, overridden from the environment."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = PREFIX + field.name.upper()
        raw = os.environ.get(name)
        if raw is None:
            continue
        try:
            value = int(raw.replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            raise UsageError(f"{name}={raw!r}: a limit is a whole number above zero")
        most = field.metadata.get("most")
        if most is not None and value > most:
            raise UsageError(f"{name}={raw!r}: this limit is at most {most:,}")
        values[field.name] = value
    return cls(**values)
