"""Numbers in standards and deal data: read as they look, or reported with what to write —
never converted silently, never a traceback however long or odd."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.diagnostics import Diagnostic
from generator.errors import UsageError
from generator.limits import from_environment
from generator.load import Limits
from generator.load.parse import parse


def _read(value: str, limits: Limits | None = None) -> tuple[object, list[tuple[int, int, str, str]]]:
    """The value of ``quantity`` as the loader gives it, and what it reports."""
    found: list[Diagnostic] = []
    parsed = parse(f"name: x\nquantity: {value}\n".encode(), "deal.yml", limits or Limits(), found)
    return (parsed[0]["quantity"] if parsed else None), [(d.line, d.column, d.code, d.message) for d in found]


@pytest.mark.parametrize(
    ("written", "value"),
    [("10", 10), ("-3", -3), ("+5", 5), ("0", 0), ("1.5", 1.5), ("0.25", 0.25), (".5", 0.5), ("2.", 2.0),
     ("1.0e+5", 100000.0), ("'010'", "010"), ('"1:30"', "1:30"), ("true", True), ("yes", True), ("~", None),
     ("y", "y"), ("08:30", "08:30"), ("1.2.3", "1.2.3"), ("2026-01-10", "2026-01-10"),
     # YAML 1.1 leaves these text, as written: a БИК keeps its leading 0 (a schema that wants a
     # number says how to write one)
     ("044525593", "044525593"), ("08", "08"), ("0o10", "0o10"), ("1e5", "1e5"), ("-.5", "-.5")],
)  # fmt: skip
def test_numbers_written_as_they_read_are_read(written: str, value: object) -> None:
    assert _read(written) == (value, [])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("010", "YAML reads 010 as 8 (a leading 0 makes it octal): write 10, not 010; "
                "to keep it as text (a code, an article number), write '010' in quotes"),
        ("0x1F", "YAML reads 0x1F as 31 (hexadecimal): write 31, not 0x1F; "
                 "to keep it as text (a code, an article number), write '0x1F' in quotes"),
        ("0b101", "YAML reads 0b101 as 5 (binary): write 5, not 0b101; "
                  "to keep it as text (a code, an article number), write '0b101' in quotes"),
        ("1_000", "YAML reads 1_000 as 1000, dropping the _ (other tools read it as text): write 1000, not 1_000; "
                  "to keep it as text (a code, an article number), write '1_000' in quotes"),
        ("1:30", "YAML reads 1:30 as 90 (base 60, as minutes and seconds): "
                 "for a time or a duration, write '1:30' in quotes; for the number, write 90"),
        ("010.5", "YAML reads 010.5 as 10.5, dropping the leading 0: write 10.5, not 010.5; "
                  "to keep it as text (a code, an article number), write '010.5' in quotes"),
        ("!!int abc", "'abc' is tagged !!int but is not a whole number: write digits, or remove !!int to keep it as text"),
        ("!!float x", "'x' is tagged !!float but is not a number: write digits, or remove !!float to keep it as text"),
        ("0x_", "'0x_' is tagged !!int but is not a whole number: write digits, or remove !!int to keep it as text"),
    ],
)  # fmt: skip
def test_numbers_yaml_reads_its_own_way_are_reported_with_what_to_write(written: str, message: str) -> None:
    assert _read(written) == (None, [(2, 11, "yaml-number", message)])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (".inf", ".inf is not a finite number: write a number, or '.inf' in quotes to keep it as text"),
        ("-.inf", "-.inf is not a finite number: write a number, or '-.inf' in quotes to keep it as text"),
        (".nan", ".nan is not a finite number: write a number, or '.nan' in quotes to keep it as text"),
        (
            "1.0e+999",
            "1.0e+999 is not a finite number: write a number, or '1.0e+999' in quotes to keep it as text",
        ),
        ("!!bool maybe", "'maybe' is tagged !!bool but is not true or false"),
        ("!!null x", "'x' is tagged !!null: write nothing, or null"),
    ],
)
def test_values_no_document_can_hold_are_reported(written: str, message: str) -> None:
    assert _read(written) == (None, [(2, 11, "yaml-value", message)])


def test_every_odd_number_of_a_file_is_reported_in_one_run() -> None:
    found: list[Diagnostic] = []
    assert parse(b"a: 010\nb: [1_0, 0x1]\nc: 1:30\n", "deal.yml", Limits(), found) is None
    assert [(d.line, d.column) for d in found] == [(1, 4), (2, 5), (2, 10), (3, 4)]


def test_a_number_of_thousands_of_digits_is_a_finding_before_python_converts_it() -> None:
    # 5,000 digits are past Python's int-str conversion limit (4,300), which raised ValueError
    for digits in ("9" * 5000, "1." + "5" * 5000, "-" + "7" * 101):
        assert _read(digits)[1] == [
            (
                2,
                11,
                "yaml-number",
                f"a number of {len(digits):,} characters, over the limit of 100:"
                " for a code or an account number, write it in quotes to keep it as text",
            )
        ]
    assert _read("9" * 100) == (int("9" * 100), [])  # at the limit: a number, for the schema to judge


def test_the_number_length_is_a_setting_bounded_by_what_python_converts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLAYBOOK_MAX_NUMBER_LENGTH", "20")
    assert _read("1" * 21, from_environment(Limits))[1][0][2] == "yaml-number"
    monkeypatch.setenv("PLAYBOOK_MAX_NUMBER_LENGTH", "5000")
    with pytest.raises(UsageError, match=r"^PLAYBOOK_MAX_NUMBER_LENGTH='5000': this limit is at most 640$"):
        from_environment(Limits)


_NUMBERISH = st.text(alphabet="0123456789_:.eExXoObB+-", min_size=1, max_size=30)


@given(
    written=_NUMBERISH
    | st.builds(lambda tag, text: f"{tag} {text}", st.sampled_from(["!!int", "!!float"]), _NUMBERISH)
)
def test_a_number_read_is_the_number_people_see(written: str) -> None:
    """Whatever is written, no exception escapes; a number that comes out is the one written."""
    value, findings = _read(written)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return
    assert not findings
    text = written.split(" ")[-1]
    assert math.isfinite(value)
    assert Decimal(value) == Decimal(text) if isinstance(value, int) else value == float(text)
