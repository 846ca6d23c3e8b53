"""What a document of the standards declares, as the engine reads it: its typed fields, and the
`Declaration` the engine takes (the model's Document record satisfies it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

CHECKLIST_TYPE = "checklist"  # a form filled with one of the standards' checklists


@dataclass(frozen=True)
class Field:
    """One input of a document, as its file declares it under ``fields``."""

    name: str
    type: str  # string, text, integer, number, money, percent, date, boolean, enum, party, person, items
    label: str
    description: str = ""
    required: bool = True
    values: tuple[str, ...] = ()
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    not_before: str = ""  # a date field: the date field this one may not precede (payment due, invoice)
    after: str = ""  # a date field: the date field this one must follow (valid until, proposal date)

    @classmethod
    def from_yaml(cls, name: str, data: Mapping[str, Any]) -> Field:
        return cls(
            name=name,
            type=data["type"],
            label=data["label"],
            description=data.get("description", ""),
            required=data.get("required", True),
            values=tuple(data.get("values", ())),
            default=data.get("default"),
            minimum=data.get("minimum"),
            maximum=data.get("maximum"),
            not_before=data.get("not_before", ""),
            after=data.get("after", ""),
        )


class Declaration(Protocol):
    """A document as the engine needs it: what the standards declare of it (the model's record,
    `generator.kinds.document.Document`, is one)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def template(self) -> str: ...
    @property
    def sample(self) -> str: ...
    @property
    def every_sample(self) -> tuple[str, ...]: ...
    @property
    def fields(self) -> tuple[Field, ...]: ...
    @property
    def items_fields(self) -> tuple[Field, ...]: ...
    @property
    def is_checklist_form(self) -> bool: ...
