"""A document's fields: compiled to JSON Schema, then deal data checked and typed against them.

Checking is two passes. The JSON Schema (Draft 2020-12) decides the shape — required keys,
types, choices, ranges, unknown keys — and is what an editor can use too. Then what a schema
cannot say: the requisites' checksums, dates that exist, money in whole kopecks. Every problem
names the field's path and the rule (``buyer.inn: checksum does not match``); values come out
typed: Decimal for amounts, datetime.date for dates.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

import jsonschema

from generator.documents import requisites, words
from generator.documents.document import Declaration, Field
from generator.documents.money import EXEMPT, KOPECK, NO_VAT, Rate
from generator.documents.needs import Need
from generator.explain import Finding, character_at, explain
from generator.source import PathElement, texts, where

Path = tuple[PathElement, ...]
ORGANISATION, SOLE_TRADER, INDIVIDUAL = "organisation", "sole-trader", "individual"  # individual: a consumer

# The attributes of the composite types, as templates see them (None: a plain value).
Shape = Mapping[str, "Shape | None"]
RUSSIAN_BANK = ("name", "bik", "account", "correspondent_account")
FOREIGN_BANK = ("name", "iban", "bic", "sort_code", "account_number")  # a bank outside Russia; UK's sort code
BANK: Shape = dict.fromkeys((*RUSSIAN_BANK, *FOREIGN_BANK))
SIGNATORY: Shape = dict.fromkeys(("name", "position", "basis", "gender"))
PASSPORT: Shape = dict.fromkeys(("series", "number", "issued_by", "issued_on", "department_code"))
PARTY: Shape = {
    **dict.fromkeys(("name", "full_name", "kind", "country", "inn", "kpp", "ogrn")),
    **dict.fromkeys(("registration_number", "vat_id", "address")),  # a party outside Russia's
    "bank": BANK,
    "signatory": SIGNATORY,
    **dict.fromkeys(("phone", "email", "gender")),
    "passport": PASSPORT,  # an individual's, optional
}
PERSON: Shape = dict.fromkeys(("name", "position", "basis", "phone", "email", "gender"))
# A line's codes, for the УПД and счёт-фактура (columns 1, 1б, 2, 6, 10, 10а, 11, 12, 12а, 13 of the form)
ITEM_CODES = (
    "code",
    "kind_code",
    "unit_code",
    "excise",
    "country_code",
    "country",
    "declaration",
    "trace_unit_code",
    "trace_unit",
    "trace_quantity",
)
# A line is goods (shipped) or a service (rendered): the invoice's roles and shipping terms follow.
GOODS, SERVICE = "goods", "service"
ITEM: Shape = dict.fromkeys(
    ("name", "kind", "quantity", "unit", "price", "vat_rate", "discount_percent", *ITEM_CODES)
)

# Characters a value of one line refuses: control characters (C0, DEL, C1), the line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates, which make the text
# around them read in another order than it is written. Refused wherever they are (a pattern
# that searches, so no anchor can miss a line break at the end); text of several lines may hold
# line breaks and tabs.
_CONTROL = "\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
_ONE_LINE_REFUSES = f"[\\u0000-\\u001f{_CONTROL}]"
_TEXT_REFUSES = f"[\\u0000-\\u0008\\u000b-\\u001f{_CONTROL}]"
_NOT_EMPTY = {"minLength": 1, "x-message": "must not be empty"}
_ONE_LINE_CHARACTERS = {
    "not": {"type": "string", "pattern": _ONE_LINE_REFUSES},
    "x-message": "{value} must be one line of text; it holds {character}",
}
_TEXT_CHARACTERS = {
    "not": {"type": "string", "pattern": _TEXT_REFUSES},
    "x-message": "{value} must be text without control characters; it holds {character}",
}
_ONE_LINE = {"type": "string", "allOf": [_NOT_EMPTY, _ONE_LINE_CHARACTERS]}
_MULTI_LINE = {"type": "string", "allOf": [_NOT_EMPTY, _TEXT_CHARACTERS]}
_EMAIL = {
    "type": "string",
    "allOf": [
        _ONE_LINE_CHARACTERS,
        {"pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "x-message": "{value} is not an e-mail address"},
    ],
}
_DATE = {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "maxLength": 10,  # `$` matches before a final line break too
    "x-message": "{value} must be a date written YYYY-MM-DD, e.g. 2026-11-27",
}
# What XML 1.0, and so a Word document, cannot hold at all (a noncharacter, half a surrogate pair,
# most control characters): refused in any value that reaches a document, whatever its type.
_NOT_XML = re.compile("[^\\t\\n\\r\\u0020-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]")
# Bounds that keep every product and sum well inside Decimal's 28 digits: a trillion roubles
# at most, a billion of anything at most.
_MONEY = {"type": "number", "minimum": 0, "maximum": 999_999_999_999.99}
_QUANTITY = {"type": "number", "exclusiveMinimum": 0, "maximum": 1_000_000_000}


def _object(properties: Mapping[str, Any], required: Sequence[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": dict(properties),
    }


_RUSSIAN_BANK = _object({name: _ONE_LINE for name in RUSSIAN_BANK}, list(RUSSIAN_BANK))
_FOREIGN_BANK = {
    **_object({name: _ONE_LINE for name in FOREIGN_BANK}, ["name"]),
    "anyOf": [{"required": ["iban"]}, {"required": ["sort_code", "account_number"]}],
    "x-message": "a bank outside Russia needs the account's iban, or its sort_code and account_number",
}
_COUNTRY = {
    "type": "string",
    "pattern": "^[A-Z]{2}$",
    "x-message": "{value} must be a country's two-letter ISO 3166 code, such as GB, DE or RU",
}
# A party is Russian unless its country says otherwise: every file written before countries holds
_RUSSIAN = {
    "anyOf": [
        {"not": {"required": ["country"]}},
        {"required": ["country"], "properties": {"country": {"const": requisites.RUSSIA}}},
    ]
}
_GENDER = {"enum": list(words.GENDERS)}
_SIGNATORY = _object(
    {**{name: _ONE_LINE for name in SIGNATORY}, "gender": _GENDER}, [n for n in SIGNATORY if n != "gender"]
)
_PASSPORT = _object(
    {
        "series": {
            "type": "string",
            "pattern": "^[0-9]{4}$",
            "x-message": "{value} must be the 4 digits of the series",
        },
        "number": {
            "type": "string",
            "pattern": "^[0-9]{6}$",
            "x-message": "{value} must be the 6 digits of the number",
        },
        "issued_by": _ONE_LINE,
        "issued_on": _DATE,
        "department_code": {
            "type": "string",
            "pattern": "^[0-9]{3}-[0-9]{3}$",
            "x-message": "{value} must be written 770-001",
        },
    },
    ["series", "number", "issued_by", "issued_on"],
)
_PARTY = {
    **_object(
        {
            "name": _ONE_LINE,
            "full_name": _ONE_LINE,
            "kind": {"enum": [ORGANISATION, SOLE_TRADER, INDIVIDUAL]},
            "country": _COUNTRY,
            "inn": {"type": "string"},
            "kpp": {"type": "string"},
            "ogrn": {"type": "string"},
            "registration_number": _ONE_LINE,
            "vat_id": _ONE_LINE,
            "address": _ONE_LINE,
            "bank": {"type": "object"},  # its keys by the party's country, below
            "signatory": _SIGNATORY,
            "phone": _ONE_LINE,
            "email": _EMAIL,
            "gender": _GENDER,
            "passport": _PASSPORT,
        },
        ["name", "kind", "address"],
    ),
    "allOf": [
        # a Russian business is known by its ИНН and ОГРН, another by its registration number; a
        # consumer by name, address and contacts
        {
            "if": {"properties": {"kind": {"const": INDIVIDUAL}}},
            "then": {"required": ["phone"]},
            "else": {
                "if": _RUSSIAN,
                "then": {"required": ["inn", "ogrn"]},
                "else": {"required": ["registration_number"]},
            },
        },
        {
            "if": _RUSSIAN,
            "then": {"properties": {"bank": _RUSSIAN_BANK}},
            "else": {"properties": {"bank": _FOREIGN_BANK}},
        },
    ],
}
_PERSON = _object({**{name: _ONE_LINE for name in PERSON}, "email": _EMAIL, "gender": _GENDER}, ["name"])


GENERAL, SIMPLIFIED = "general", "simplified"  # the seller's tax regimes: ОСН, УСН
SIMPLIFIED_RATES = (Decimal(5), Decimal(7))  # the reduced rates of a УСН seller that charges VAT


@dataclass(frozen=True)
class VatRates:
    """The VAT a seller charges: the rates an item may carry and the default for an item without
    one; or none at all, with the basis of the exemption printed where VAT would be."""

    allowed: tuple[Decimal, ...]
    default: Rate | None
    exemption: str | None = None  # «п. 1 ст. 145 НК РФ»: the seller charges no VAT, on this basis

    @classmethod
    def of(cls, default: float | None, rates: Sequence[float] = ()) -> VatRates:
        """From playbook.yml's ``vat_rate`` and ``vat_rates`` (just the default when no list is given)."""
        allowed = rates or ([default] if default is not None else [])
        return cls(
            allowed=tuple(Decimal(str(r)) for r in allowed),
            default=Decimal(str(default)) if default is not None else None,
        )

    def under(self, regime: Mapping[str, Any] | None) -> VatRates:
        """The rates of a seller under its tax regime (playbook.yml ``company.vat``): the
        playbook's on the general one; 5 % and 7 % on УСН with VAT; none with an exemption."""
        if not regime:
            return self
        if regime.get("exemption"):
            return VatRates(allowed=(), default=NO_VAT, exemption=str(regime["exemption"]))
        if regime.get("regime") == SIMPLIFIED:
            rate = regime.get("rate")
            return VatRates(SIMPLIFIED_RATES, Decimal(str(rate)) if rate is not None else None)
        return self


@dataclass(frozen=True)
class Checked:
    """Deal data checked against a document's fields."""

    values: dict[str, Any]  # every declared field by name: typed, a default, or None when not given
    findings: tuple[Finding, ...]  # every problem, at its path into the data


@dataclass(frozen=True)
class Form:
    """A document's fields compiled for checking deal data under the playbook's VAT rates."""

    document: Declaration
    vat: VatRates
    needs: tuple[Need, ...] = ()  # what the document's template cannot do without (needs.py)

    @cached_property
    def schema(self) -> dict[str, Any]:
        """The JSON Schema (Draft 2020-12) of a deal's data for this document. Keys other documents
        need may sit beside this document's, so unknown keys are allowed at the top level only."""
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": self.document.name,
            "type": "object",
            "required": [f.name for f in self.document.fields if f.required and f.default is None],
            "properties": {f.name: {"title": f.label, **self._field_schema(f)} for f in self.document.fields},
        }

    @cached_property
    def _validator(self) -> jsonschema.protocols.Validator:
        return jsonschema.Draft202012Validator(self.schema)

    def _field_schema(self, spec: Field) -> dict[str, Any]:
        bounds = {k: v for k, v in (("minimum", spec.minimum), ("maximum", spec.maximum)) if v is not None}
        if spec.type == "string":
            return dict(_ONE_LINE)
        if spec.type == "text":
            return dict(_MULTI_LINE)
        if spec.type == "integer":
            return {"type": "integer", **bounds}
        if spec.type == "number":
            return {"type": "number", **bounds}
        if spec.type == "money":
            return {**_MONEY, **bounds}
        if spec.type == "percent":
            return {"type": "number", "minimum": 0, "maximum": 100, **bounds}
        if spec.type == "date":
            return dict(_DATE)
        if spec.type == "boolean":
            return {"type": "boolean"}
        if spec.type == "enum":
            return {"enum": list(spec.values)}
        if spec.type == "party":
            return _PARTY
        if spec.type == "person":
            return _PERSON
        if spec.type == "items":
            return {"type": "array", "minItems": 1, "items": self._item_schema()}
        raise ValueError(f"unknown field type {spec.type!r}")

    def _item_schema(self) -> dict[str, Any]:
        rates: list[Any] = [int(r) if r == r.to_integral_value() else float(r) for r in self.vat.allowed]
        required = ["name", "quantity", "unit", "price"]
        if self.vat.default is None:
            required.append("vat_rate")
        rate_schema: dict[str, Any] = {"enum": [*rates, NO_VAT, EXEMPT]}
        if self.vat.exemption is not None:  # «без НДС» only, said with the reason
            rate_schema = {
                "not": {"not": {"enum": [NO_VAT, EXEMPT]}},
                "x-message": f"{{value}} is a VAT rate, and the seller charges no VAT (НДС не облагается на "
                f"основании {self.vat.exemption}): leave vat_rate out",
            }
        return _object(
            {
                "name": _ONE_LINE,
                "kind": {"enum": [GOODS, SERVICE]},
                "quantity": _QUANTITY,
                "unit": _ONE_LINE,
                "price": _MONEY,
                "vat_rate": rate_schema,
                "discount_percent": {"type": "number", "minimum": 0, "maximum": 100},
                "code": _ONE_LINE,
                "kind_code": {
                    "type": "string",
                    "pattern": "^[0-9]{10}$",
                    "x-message": "{value} must be the 10 digits of the ТН ВЭД ЕАЭС code",
                },
                "unit_code": {
                    "type": "string",
                    "pattern": "^[0-9]{3,4}$",
                    "x-message": "{value} must be the ОКЕИ code, e.g. 796 for шт.",
                },
                "excise": _MONEY,
                "country_code": {
                    "type": "string",
                    "pattern": "^[0-9]{3}$",
                    "x-message": "{value} must be the 3 digits of the ОКСМ code, e.g. 643",
                },
                "country": _ONE_LINE,
                "declaration": _ONE_LINE,
                "trace_unit_code": {
                    "type": "string",
                    "pattern": "^[0-9]{3,4}$",
                    "x-message": "{value} must be an ОКЕИ code",
                },
                "trace_unit": _ONE_LINE,
                "trace_quantity": _QUANTITY,
            },
            required,
        )

    def check(self, data: Any) -> Checked:
        """Every problem with ``data`` at once, and the typed values when there are none."""
        errors = list(self._validator.iter_errors(data))
        problems = [finding for e in errors for finding in explain(e)]
        if not isinstance(data, Mapping):
            return Checked({}, tuple(problems))
        broken = {p.path for p in problems}

        def clean(path: Path) -> bool:
            return not any(b[: len(path)] == path for b in broken)

        found = [p for spec in self.document.fields for p in _unwritable(data.get(spec.name), (spec.name,))]
        problems += [p for p in found if p.path not in broken]
        broken |= {p.path for p in found}
        values: dict[str, Any] = {}
        found = []
        for spec in self.document.fields:
            value = data.get(spec.name, spec.default)
            path: Path = (spec.name,)
            if value is None:
                values[spec.name] = None
            elif spec.type == "party" and isinstance(value, Mapping):
                values[spec.name] = _party(value, path, found)
            elif spec.type == "items" and isinstance(value, list):
                values[spec.name] = self._items(value, path, found, clean)
            elif clean(path):
                values[spec.name] = _typed(spec.type, value, path, found)
            else:
                values[spec.name] = value
        problems += [p for p in found if p.path not in broken]
        problems += [p for p in self._dates_out_of_order(values) if clean(p.path)]
        missing = {
            (*e.absolute_path, key)
            for e in errors
            if e.validator == "required" and isinstance(e.validator_value, list)
            for key in e.validator_value
        }
        problems += self._unmet(data, missing)
        return Checked(values, tuple(sorted(set(problems), key=_order)))

    def _dates_out_of_order(self, values: Mapping[str, Any]) -> Iterator[Finding]:
        """Each date before the one its field must not precede (``not_before``) or must follow
        (``after``): payment due before the invoice, an act before its contract."""
        for spec in self.document.fields:
            day = values.get(spec.name)
            if not isinstance(day, datetime.date):
                continue
            for other, strictly in ((spec.not_before, False), (spec.after, True)):
                bound = values.get(other) if other else None
                if isinstance(bound, datetime.date) and (day <= bound if strictly else day < bound):
                    label = next(f.label for f in self.document.fields if f.name == other)
                    rule = "after" if strictly else "on or after"
                    yield Finding(
                        (spec.name,),
                        f"{spec.name}: {day.isoformat()} must be {rule} {other} ({label}), "
                        f"{bound.isoformat()}",
                    )

    def _unmet(self, data: Mapping[str, Any], missing: set[Path]) -> Iterator[Finding]:
        """The template's needs the data does not meet, but those the schema reports as missing."""
        defaults = {spec.name: spec.default for spec in self.document.fields if spec.default is not None}
        signing = {
            spec.name: signing_party(data[spec.name])
            for spec in self.document.fields
            if spec.type == "party" and isinstance(data.get(spec.name), Mapping)
        }
        for need in unmet(self.needs, {**defaults, **data, **signing}):
            if need.path in missing:
                continue
            *parent, last = need.path
            inside = f" in {where(parent)}" if parent else ""
            yield Finding(
                tuple(parent),
                f"missing required key '{last}'{inside}: the template uses {where(need.path)}{need_when(need)}",
                key=True,
            )

    def _items(
        self, rows: list[Any], path: Path, out: list[Finding], clean: Callable[[Path], bool]
    ) -> list[Any]:
        typed = []
        for index, row in enumerate(rows):
            here = (*path, index)
            if not clean(here):
                typed.append(row)
                continue
            rate = row.get("vat_rate", self.vat.default)
            typed.append(
                {
                    **row,
                    "kind": row.get("kind", GOODS),
                    "quantity": Decimal(str(row["quantity"])),
                    "price": _money(row["price"], (*here, "price"), out),
                    "vat_rate": NO_VAT if rate in (NO_VAT, EXEMPT) else Decimal(str(rate)),
                    "discount_percent": Decimal(str(row.get("discount_percent", 0))),
                    **({"excise": _money(row["excise"], (*here, "excise"), out)} if "excise" in row else {}),
                    **(
                        {"trace_quantity": Decimal(str(row["trace_quantity"]))}
                        if "trace_quantity" in row
                        else {}
                    ),
                }
            )
        return typed


def unmet(needs: Sequence[Need], data: Mapping[str, Any]) -> Iterator[Need]:
    """The needs ``data`` does not meet: a value absent where the template reads through it (when
    what it is used under is given), in a mapping the data has; an absent mapping is a need of its
    own, and a value of another type is the schema's to report."""
    for need in needs:
        if not all(_given(data, path) for path in need.given):
            continue
        if not all(case.holds(_at(data, case.path)) for case in need.cases):
            continue
        *parent, last = need.path
        container = _at(data, parent)
        absent_key = isinstance(container, Mapping) and last not in container
        absent_item = isinstance(container, list) and isinstance(last, int) and last >= len(container)
        if absent_key or absent_item:
            yield need


def need_when(need: Need) -> str:
    """`` where number is given``, `` where buyer.kind is not 'individual'``: what a need holds
    under, said after it."""
    given = (
        [f"{' and '.join(where(g) for g in need.given)} {'is' if len(need.given) == 1 else 'are'} given"]
        if need.given
        else []
    )
    conditions = [*given, *map(str, need.cases)]
    return f" where {' and '.join(conditions)}" if conditions else ""


def _at(data: Any, path: Sequence[PathElement]) -> Any:
    """The value at ``path`` into ``data``; None where there is none."""
    for element in path:
        if isinstance(data, Mapping):
            data = data.get(element)
        elif isinstance(data, list) and isinstance(element, int) and element < len(data):
            data = data[element]
        else:
            return None
    return data


def _given(data: Any, path: Path) -> bool:
    """Whether a template's ``{% if path %}`` holds for ``data``: a value, and not an empty or
    false one (a mapping becomes a record, which holds even when empty)."""
    value = _at(data, path)
    return isinstance(value, Mapping) or bool(value)


def _unwritable(value: Any, path: Path) -> Iterator[Finding]:
    """Each text inside ``value`` holding a character XML 1.0, and so a Word document, cannot."""
    for at, text in texts(value, path):
        found = _NOT_XML.search(text)
        if found:
            yield Finding(
                at,
                f"{where(at)}: {text!r} holds {character_at(text, found.start())}, which a document "
                "cannot hold: remove it",
            )


def _typed(field_type: str, value: Any, path: Path, out: list[Finding]) -> Any:
    if field_type == "integer":
        return int(value)
    if field_type in ("number", "percent"):
        return Decimal(str(value))
    if field_type == "money":
        return _money(value, path, out)
    if field_type == "date":
        return _date(value, path, out)
    return value


def _order(problem: Finding) -> tuple[str, str]:
    return where(problem.path), problem.message


def _money(value: Any, path: Path, out: list[Finding]) -> Decimal:
    amount = Decimal(str(value))
    if not amount.is_finite() or amount.adjusted() >= 12:
        return amount  # out of bounds: the schema has said so, and nothing is computed from it
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        out.append(Finding(path, f"{where(path)}: {value} has more than two decimal places (kopecks)"))
    return amount.quantize(KOPECK)


def _date(value: str, path: Path, out: list[Finding]) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        out.append(Finding(path, f"{where(path)}: {value} is not a real date"))
        return None


def _party(value: Mapping[str, Any], path: Path, out: list[Finding]) -> dict[str, Any]:
    for problem in party_problems(value):
        out.append(Finding((*path, *problem.path), f"{where((*path, *problem.path))}: {problem.message}"))
    passport = value.get("passport")
    if isinstance(passport, Mapping) and isinstance(passport.get("issued_on"), str):
        issued = _date(passport["issued_on"], (*path, "passport", "issued_on"), out)
        return {**value, "passport": {**passport, "issued_on": issued}}
    return dict(value)


def signing_party(party: Mapping[str, Any]) -> dict[str, Any]:
    """A private buyer signs for themselves: the party with themselves as its signatory, so what a
    template prints of the signatory (initials, the words that agree) is theirs; they hold no
    position and act on no basis (empty). Others as given."""
    if party.get("kind") != INDIVIDUAL or "name" not in party:
        return dict(party)
    themselves = {"name": party["name"], "position": "", "basis": "", "gender": party.get("gender")}
    return {**party, "signatory": themselves}


def signatory_problems(signatory: Mapping[str, Any]) -> Iterator[Finding]:
    """A signatory whose gender, which the documents' words agree with («действующей»,
    «именуемый»), is neither given nor told by the name; paths relative to the signatory."""
    name = signatory.get("name")
    if isinstance(name, str) and "gender" not in signatory and words.gender_of(name) is None:
        yield Finding(
            ("name",),
            f"the name «{name}» does not tell whether the signatory is a woman or a man, which the "
            "document's words agree with («действующей», «действующего»): add gender: female or "
            "gender: male beside the name",
        )


def party_problems(party: Mapping[str, Any]) -> Iterator[Finding]:
    """A party's requisites checked by its kind and their checksums; paths relative to the party.
    Values of the wrong type are left to the schema, which reports them."""
    kind = party.get("kind")
    country = party.get("country", requisites.RUSSIA)
    wrong = requisites.country(country) if isinstance(country, str) else None
    if wrong:
        yield Finding(("country",), wrong)
        return
    if country != requisites.RUSSIA:
        yield from foreign_problems(party, country)
        return
    yield from _not_russian(party)
    if kind == INDIVIDUAL:
        yield from _individual_problems(party)
        return
    if kind not in (ORGANISATION, SOLE_TRADER):
        return
    organisation = kind == ORGANISATION
    yield from _each(
        party,
        {
            "inn": lambda v: requisites.inn(v, 10 if organisation else 12),
            "ogrn": lambda v: requisites.ogrn(v, 13 if organisation else 15),
            "kpp": requisites.kpp if organisation else lambda v: "a sole trader has no КПП: remove it",
        },
    )
    signatory = party.get("signatory")
    if isinstance(signatory, Mapping):
        yield from (Finding(("signatory", *f.path), f.message, f.key) for f in signatory_problems(signatory))
    if organisation and "kpp" not in party:
        yield Finding(("kpp",), "required for an organisation")
    for name in ("gender", "passport"):
        if name in party:
            yield Finding((name,), f"only a private buyer (kind: individual) has a {name}: remove it")
    yield from _bank_problems(party.get("bank"))


def _individual_problems(person: Mapping[str, Any]) -> Iterator[Finding]:
    """A consumer: an ИНН only if given (12 digits, checked), no business requisites, and a name
    that tells the gender the contract's words agree with («именуемый», «именуемая»)."""
    inn = person.get("inn")
    message = requisites.inn(inn, 12) if isinstance(inn, str) else None
    if message:
        yield Finding(("inn",), message)
    for name, what in (
        ("kpp", "КПП"),
        ("ogrn", "ОГРН"),
        ("signatory", "signatory: a private buyer signs for themselves"),
    ):
        if name in person:
            yield Finding((name,), f"a private buyer (kind: individual) has no {what}: remove it")
    yield from signatory_problems(person)
    yield from _bank_problems(person.get("bank"))


def _bank_problems(bank: Any) -> Iterator[Finding]:
    if not isinstance(bank, Mapping) or not isinstance(bank.get("bik"), str):
        return
    bik = requisites.bik(bank["bik"])
    if bik:
        yield Finding(("bank", "bik"), bik)
        return
    for name, account_check in (
        ("account", requisites.settlement_account),
        ("correspondent_account", requisites.correspondent_account),
    ):
        account = bank.get(name)
        message = account_check(account, bank["bik"]) if isinstance(account, str) else None
        if message:
            yield Finding(("bank", name), message)


_RUSSIAN_ONLY = {"inn": "ИНН", "kpp": "КПП", "ogrn": "ОГРН"}
_FOREIGN_ONLY = {"registration_number": "registration number", "vat_id": "VAT number"}


def _not_russian(party: Mapping[str, Any]) -> Iterator[Finding]:
    """A Russian party's requisites that only a party of another country has."""
    for name, what in _FOREIGN_ONLY.items():
        if name in party:
            yield Finding(
                (name,),
                f"a Russian party has no {what} (it has ИНН and ОГРН): remove it, or give the party's "
                "country, e.g. country: GB",
            )


def _each(values: Mapping[str, Any], checks: Mapping[str, Callable[[str], str | None]]) -> Iterator[Finding]:
    """A finding for each of ``values`` its check finds wrong (one that is not text is the schema's)."""
    for name, check in checks.items():
        value = values.get(name)
        message = check(value) if isinstance(value, str) else None
        if message:
            yield Finding((name,), message)


def foreign_problems(party: Mapping[str, Any], country: str) -> Iterator[Finding]:
    """A party outside Russia (a buyer, or the seller itself): no Russian requisites, its company
    and VAT numbers, IBAN, BIC and UK sort code and account number by their form and check
    digits; paths relative to the party."""
    for name, what in _RUSSIAN_ONLY.items():
        if name in party:
            yield Finding(
                (name,),
                f"only a Russian party has a {what}; this one's country is {country}: remove it "
                "(a company outside Russia has a registration_number and a vat_id)",
            )
    yield from _each(
        party,
        {
            "registration_number": lambda v: requisites.company_number(v, country),
            "vat_id": lambda v: requisites.vat_id(v, country),
        },
    )
    bank = party.get("bank")
    if isinstance(bank, Mapping):
        yield from (Finding(("bank", *f.path), f.message) for f in _foreign_bank_problems(bank))


def _foreign_bank_problems(bank: Mapping[str, Any]) -> Iterator[Finding]:
    wrong = list(
        _each(
            bank,
            {
                "iban": requisites.iban,
                "bic": requisites.bic,
                "sort_code": requisites.sort_code,
                "account_number": requisites.uk_account_number,
            },
        )
    )
    yield from wrong
    given = [bank.get(name) for name in ("iban", "sort_code", "account_number")]
    if not wrong and all(isinstance(value, str) for value in given):
        iban, code, account = (str(value) for value in given)
        message = requisites.iban_matches_account(iban, code, account)
        if message:
            yield Finding(("iban",), message)
