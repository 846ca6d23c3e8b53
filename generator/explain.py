"""What a JSON Schema error means, for people: said at the exact key or value it concerns.

Used for the standards (`playbook check`) and for deal data (`playbook render`) alike.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match

from generator.diagnostics import Diagnostic, did_you_mean, error
from generator.source import PathElement, YamlFile, where

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "empty",
}


@dataclass(frozen=True)
class Finding:
    """A problem at a path into a value (a standards file's, or a deal's): what is wrong, said for
    people, and whether it concerns the key rather than the value. It becomes a Diagnostic once
    the file it lies in gives the path a line and a column."""

    path: tuple[PathElement, ...]
    message: str
    key: bool = False

    def at(self, file: YamlFile, code: str, within: Sequence[PathElement] = (), note: str = "") -> Diagnostic:
        """The error this finding is in ``file``, whose values hold the checked value at ``within``."""
        position = file.position([*within, *self.path], key=self.key)
        return error(file.path, position, self.message + note, code)


def type_name(value: Any) -> str:
    for name, python_type in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, python_type):
            return _TYPE_NAMES[name]
    return _TYPE_NAMES["null"]


def explain(problem: ValidationError) -> Iterator[Finding]:
    """What a JSON Schema error means, said at the exact key or value it concerns."""
    path = list(problem.absolute_path)
    here = where(path)
    instance = problem.instance
    keyword = problem.validator
    rule: Any = problem.validator_value
    schema = problem.schema if isinstance(problem.schema, dict) else {}

    def at(message: str, target: Sequence[PathElement] = path, key: bool = False) -> Finding:
        return Finding(tuple(target), message, key)

    inside = f" in {here}" if here else ""
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                yield at(
                    f"unknown key '{name}'{inside}{did_you_mean(name, allowed)}; allowed: {', '.join(allowed)}",
                    [*path, name],
                    key=True,
                )
    elif keyword == "required" and isinstance(instance, dict):
        for name in rule:
            if name not in instance:
                yield at(
                    f"missing required key '{name}'{inside}{_misspelt(name, instance, schema)}",
                    path,
                    key=True,
                )
    elif "propertyNames" in problem.absolute_schema_path and isinstance(instance, str):
        # the name of a key broke the rule: point at the key itself
        yield at(
            f"{here}: {_custom(schema, instance) or f'{instance!r} is not an allowed name'}",
            [*path, instance],
            key=True,
        )
    elif keyword == "type":
        expected = rule if isinstance(rule, list) else [rule]
        wanted = " or ".join(_TYPE_NAMES[name] for name in expected)
        subject = f"{here}:" if here else "the file"
        yield at(f"{subject} must be {wanted}, not {type_name(instance)}{_quote_hint(expected, instance)}")
    elif keyword == "enum":
        options = [str(option) for option in rule]
        hint = did_you_mean(str(instance), options) if isinstance(instance, str) else ""
        yield at(f"{here}: {instance!r} is not one of {', '.join(options)}{hint}")
    elif keyword in ("pattern", "format", "minLength", "maxLength", "oneOf", "anyOf", "not") and _custom(
        schema, instance
    ):
        yield at(f"{here}: {_custom(schema, instance)}")
    elif keyword == "pattern":
        yield at(f"{here}: {instance!r} does not match the pattern {rule}")
    elif keyword == "format":
        yield at(f"{here}: {instance!r} is not a valid {rule}")
    elif keyword in ("minItems", "minProperties"):
        count = rule
        yield at(
            f"{here}: needs at least {count} {'item' if keyword == 'minItems' else 'entry'}{'' if count == 1 else 's'}"
        )
    elif keyword == "uniqueItems" and isinstance(instance, list):
        seen: list[Any] = []
        for index, item in enumerate(instance):
            if item in seen:
                yield at(f"{here}: {item!r} is listed more than once", [*path, index])
            seen.append(item)
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[keyword]
        yield at(f"{here}: must be {bound} {rule}, not {instance}")
    elif keyword in ("oneOf", "anyOf") and problem.context:
        deepest = best_match(problem.context)
        yield from explain(deepest)
    else:
        yield at(f"{here or 'the file'}: {problem.message}")


def _misspelt(name: str, instance: dict[str, Any], schema: dict[str, Any]) -> str:
    """A hint that a key the schema does not know is the missing one misspelt. Only a hint: the
    missing key is reported all the same, since the data lacks it whatever the reason. Only where
    unknown keys are refused (and so reported too): elsewhere they may be meant for something else,
    as the fields of other documents beside a deal's."""
    if schema.get("additionalProperties") is not False:
        return ""
    unknown = [key for key in instance if key not in schema.get("properties", {})]
    close = difflib.get_close_matches(name, unknown, n=1, cutoff=0.6)  # as did_you_mean judges it
    return f" (is '{close[0]}' it, misspelt?)" if close else ""


def _quote_hint(expected: list[str], instance: Any) -> str:
    """Why YAML read text as something else, and how to keep it text; or why it read as text what
    looks like a number (1e5, 0o10: forms YAML 1.1 leaves text), and how to write the number."""
    if "string" not in expected:
        if isinstance(instance, str) and ({"number", "integer"} & set(expected)):
            number = _number_in(instance)
            if number is not None:
                return f" (YAML reads {instance} as text: write the number as {number})"
        return ""
    if isinstance(instance, dict) and len(instance) == 1:
        return " (': ' inside the text makes it a key: put the whole text in quotes)"
    if instance is None or isinstance(instance, bool | int | float):
        return " (YAML reads it as such: put it in quotes to keep it as text)"
    return ""


def _number_in(text: str) -> str | None:
    """The number ``text`` is written as, in plain digits, when it is one to people (and to other
    YAML readers) though YAML 1.1 reads it as text."""
    try:
        number = int(text, 8) if text.startswith("0o") else Decimal(text.strip())
    except (ValueError, InvalidOperation):
        return None
    if isinstance(number, Decimal) and (not number.is_finite() or abs(number.adjusted()) > 20):
        return None
    return str(number) if isinstance(number, int) else format(number.normalize(), "f")


def _custom(schema: dict[str, Any], value: Any) -> str | None:
    """The schema's own message (``x-message``) for ``value``; its ``{character}`` is the first
    character the schema's ``not: {pattern}`` refuses, and where it is."""
    message = schema.get("x-message")
    if not isinstance(message, str):
        return None
    refused = schema.get("not", {}).get("pattern")
    found = re.search(refused, value) if isinstance(refused, str) and isinstance(value, str) else None
    return message.format(value=repr(value), character=character_at(value, found.start()) if found else "")


_CHARACTER_NAMES = {
    "\n": "a line break",
    "\r": "a carriage return",
    "\t": "a tab",
    "\v": "a vertical tab",
    "\f": "a form feed",
    "\x00": "a NUL",
}
_CATEGORY_NAMES = {"Cc": "a control character", "Cs": "half of a surrogate pair", "Cn": "a noncharacter"}


def character_at(text: str, index: int) -> str:
    """The character at ``index`` of ``text`` said for people, and where it is: ``U+000A (a line
    break) at character 7 of 7`` — most of these characters cannot be seen."""
    char = text[index]
    name = (
        _CHARACTER_NAMES.get(char)
        or _CATEGORY_NAMES.get(unicodedata.category(char))
        or unicodedata.name(char, "a character without a name").lower()
    )
    return f"U+{ord(char):04X} ({name}) at character {index + 1} of {len(text)}"
