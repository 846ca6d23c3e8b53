"""What a template sees: the checked fields, the seller, computed rows and totals.

Everything a person would otherwise compute by hand is computed here, in Decimal, so templates
only place values; no arithmetic happens in a template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from generator.documents import money, words
from generator.documents.document import Declaration
from generator.documents.fields import (
    GOODS,
    INDIVIDUAL,
    ITEM,
    ORGANISATION,
    PARTY,
    PERSON,
    SOLE_TRADER,
    Shape,
    VatRates,
    signing_party,
)
from generator.documents.formats import Formats
from generator.documents.labels import RUSSIAN
from generator.errors import UsageError

SELLER: Shape = {**PARTY, "website": None}
ROW: Shape = {**ITEM, **dict.fromkeys(("net", "vat", "gross", "number", "price_net", "price_gross"))}
RATE_TOTAL: Shape = dict.fromkeys(("rate", "net", "vat", "gross"))
# goods: how many lines are goods (none: nothing ships, the invoice is a service's)
TOTALS: Shape = {
    **dict.fromkeys(("net", "vat", "gross", "count", "goods", "vat_clause")),
    "by_rate": RATE_TOTAL,
}
INSTALMENT: Shape = dict.fromkeys(("number", "amount"))
PAYMENT: Shape = {
    **dict.fromkeys(("advance_percent", "advance", "remainder", "instalment", "last_instalment")),
    "instalments": INSTALMENT,
}
CHECKLIST_ITEM: Shape = dict.fromkeys(("text", "required", "hint"))
CHECKLIST: Shape = {**dict.fromkeys(("name", "description")), "items": CHECKLIST_ITEM}
# What each field type looks like in a template; a list's shape is the shape of its elements.
FIELD_SHAPES: dict[str, Shape] = {"party": PARTY, "person": PERSON, "items": ROW}
# The helpers: totals and payment only beside an items field, checklist only in a document of
# kind checklist.
CURRENCY: Shape = dict.fromkeys(("name", "code"))
HELPERS: dict[str, Shape] = {
    "seller": SELLER,
    "currency": CURRENCY,
    "totals": TOTALS,
    "payment": PAYMENT,
    "checklist": CHECKLIST,
}
COMPUTED_FROM_ITEMS = ("totals", "payment")
LIST_ATTRIBUTES = frozenset({"by_rate", "items", "instalments"})  # attributes that hold lists of records
# The deal's terms the computed helpers read, when the document declares them as fields.
PRICES_INCLUDE_VAT = "prices_include_vat"  # boolean: the items' prices are given with VAT
ADVANCE_PERCENT = "prepayment_percent"  # percent: the advance, of the total
INSTALMENTS = "installment_months"  # integer: the remainder paid in this many monthly instalments


class Record:
    """An immutable record read as ``buyer.name`` (or ``buyer['name']``) in a template; every
    attribute of its shape is present, None when not given, so ``{% if buyer.bank %}`` works.
    Not a Mapping on purpose: a mapping's methods (items, keys) would shadow same-named data."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{name} is read-only")

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __repr__(self) -> str:
        return f"Record({self._values!r})"


def record(values: Mapping[str, Any] | None, shape: Shape) -> Record | None:
    """``values`` as a Record with every attribute of ``shape``, nested records included."""
    if values is None:
        return None
    result: dict[str, Any] = {}
    for name, inner in shape.items():
        value = values.get(name)
        if inner is not None and isinstance(value, Mapping):
            value = record(value, inner)
        elif inner is not None and isinstance(value, list):
            value = [record(v, inner) for v in value]
        result[name] = value
    return Record(result)


@dataclass(frozen=True)
class Seller:
    """The company that issues the documents, as playbook.yml describes it: its requisites (a
    party, as templates see ``seller``), the currency it sells in, the VAT rates it charges and
    the locale its documents are written in."""

    company: Mapping[str, Any]
    currency: str
    vat: VatRates
    locale: str = RUSSIAN

    @classmethod
    def of(cls, company: Mapping[str, Any], currency: str, vat: VatRates, locale: str = RUSSIAN) -> Seller:
        """The seller of playbook.yml's ``company``, charging VAT as its ``vat`` regime says."""
        requisites = dict(company)
        inn = requisites.get("inn", "")
        requisites.setdefault("kind", SOLE_TRADER if len(inn) == 12 else ORGANISATION)
        return cls(requisites, currency, vat.under(company.get("vat")), locale)

    @property
    def formats(self) -> Formats:
        """How its documents write figures and words."""
        return Formats(self.currency, self.locale)


def build(
    document: Declaration,
    values: Mapping[str, Any],
    seller: Seller,
    checklist: ChecklistData | None = None,
) -> dict[str, Any]:
    """The template context for checked ``values``: each field by name, ``seller``, ``totals``
    and, for a checklist form, the ``checklist`` it is filled with."""
    name, code = seller.formats.currency_name()
    context: dict[str, Any] = {
        "seller": record(_gendered_party(seller.company), SELLER),
        "currency": Record({"name": name, "code": code}),
    }
    if document.is_checklist_form:
        if checklist is None:
            raise UsageError(
                f"document '{document.id}' is a checklist form: say which checklist to fill it with"
            )
        context["checklist"] = record(_checklist(checklist), CHECKLIST)
    for spec in document.fields:
        value = values.get(spec.name)
        if spec.type == "items" and value is not None:
            if "totals" not in context:  # the totals and payment are those of the first items field
                context[spec.name], context["totals"], context["payment"] = _computed(value, values, seller)
            else:
                context[spec.name] = _computed(value, values, seller)[0]
        elif spec.type == "party" and isinstance(value, Mapping):
            context[spec.name] = record(_gendered_party(value), PARTY)
        elif spec.type == "person" and isinstance(value, Mapping):
            context[spec.name] = record(_gendered(value), PERSON)
        else:
            context[spec.name] = value
    return context


class ChecklistItemData(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def hint(self) -> str: ...


class ChecklistData(Protocol):
    """What a checklist form is filled with: a checklist of the standards (the model's)."""

    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def items(self) -> Sequence[ChecklistItemData]: ...


def _checklist(checklist: ChecklistData) -> dict[str, Any]:
    """A checklist as a form shows it: Markdown as plain text."""
    return {
        "name": checklist.name,
        "description": plain(checklist.description),
        "items": [
            {"text": plain(item.text), "required": item.required, "hint": plain(item.hint)}
            for item in checklist.items
        ],
    }


_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = (
    re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1"),
    re.compile(r"(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)"),  # not inside a word: snake_case stays
    re.compile(r"(`)([^`]+)`"),
)


def plain(markdown: str | None) -> str | None:
    """Inline Markdown (**bold**, *italic*, `code`, [links](url)) as the plain text a Word form shows."""
    if markdown is None:
        return None
    text = _LINK.sub(r"\1", markdown)
    previous = None
    while previous != text:  # nested emphasis: ***both***
        previous = text
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\2", text)
    return text


def _gendered(person: Mapping[str, Any]) -> dict[str, Any]:
    """A person with their gender: as given, else as their name tells (None when it does not)."""
    name = person.get("name")
    told = words.gender_of(name) if isinstance(name, str) else None
    return {**person, "gender": person.get("gender") or told}


def _gendered_party(party: Mapping[str, Any]) -> dict[str, Any]:
    if party.get("kind") == INDIVIDUAL:  # a consumer signs, and the words agree, for themselves
        party = signing_party(_gendered(party))
    signatory = party.get("signatory")
    return {**party, "signatory": _gendered(signatory)} if isinstance(signatory, Mapping) else dict(party)


def _computed(
    items: list[Mapping[str, Any]], terms: Mapping[str, Any], seller: Seller
) -> tuple[list[Record], Record, Record]:
    """The rows of an items field, their totals and the payment schedule of the deal's terms."""
    rows = []
    lines = []
    includes_vat = bool(terms.get(PRICES_INCLUDE_VAT))
    for number, item in enumerate(items, 1):
        amounts = money.line(
            item["quantity"], item["price"], item["vat_rate"], item["discount_percent"], includes_vat
        )
        lines.append((item["vat_rate"], amounts))
        values = {**item, **vars(amounts), "number": number}
        rows.append(Record({name: values.get(name) for name in ROW}))
    totals = money.totals(lines)
    by_rate = [
        Record({"rate": r.rate, "net": r.net, "vat": r.vat, "gross": r.net + r.vat}) for r in totals.by_rate
    ]
    summed = Record(
        {
            "net": totals.net,
            "vat": totals.vat,
            "gross": totals.gross,
            "count": totals.count,
            "goods": sum(item["kind"] == GOODS for item in items),
            "by_rate": by_rate,
            "vat_clause": seller.formats.vat_clause(totals, seller.vat.exemption),
        }
    )
    percent = terms.get(ADVANCE_PERCENT)
    plan = money.schedule(totals.gross, percent, terms.get(INSTALMENTS))
    payment = Record(
        {
            "advance_percent": percent if plan.advance is not None else None,
            "advance": plan.advance,
            "remainder": plan.remainder,
            "instalment": plan.instalments[0] if plan.instalments else None,
            "last_instalment": plan.instalments[-1] if plan.instalments else None,
            "instalments": [
                Record({"number": n, "amount": amount}) for n, amount in enumerate(plan.instalments, 1)
            ],
        }
    )
    return rows, summed, payment
