"""Measures on a small project: what a standard or an export holds is data to the SQL, never SQL —
values that would break a statement built by pasting text are matched as the text they are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from generator.analysis.sample import csv_text
from generator.cli import cli
from tests.conftest import copy_base

HOSTILE = "Won'); DROP TABLE t_deal; --"
DEAL = f"""name: Deal
fields:
  - id: stage
    label: Stage
    type: enum
    values: [First call, Closing]
  - id: amount
    label: Amount
    type: money
  - id: closed_at
    label: Closed
    type: datetime
  - id: result
    label: Result
    type: enum
    values: ["{HOSTILE}", 'Lost "for now"']
  - id: responsible
    label: Manager
    type: user
owner: head
"""
KPI = f"""name: Won amount
description: Sum of won deals.
unit: money
direction: higher
target: 100
period: month
owner: head
formula: Sum of Amount over won deals.
measure:
  entity: deal
  date: closed_at
  where:
    result: "{HOSTILE}"
  aggregate: sum
  field: amount
  by: [responsible]
"""


def analyzed(root: Path, rows: list[list[str]]) -> dict[str, Any]:
    (root / "standards" / "crm" / "deal.yml").write_text(DEAL, encoding="utf-8")
    (root / "standards" / "kpis" / "won-amount.yml").write_text(KPI, encoding="utf-8")
    header = ["ID", "Stage", "Amount", "Closed", "Result", "Manager"]
    (root / "deals.csv").write_text(csv_text([header, *rows], ";"), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "analyze",
            "-C",
            str(root),
            f"--data=deal={root / 'deals.csv'}",
            "--period=2026-11",
            "--format=json",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    found: dict[str, Any] = json.loads(result.output)
    return found


def test_values_with_quotes_and_statements_are_matched_as_text(tmp_path: Path) -> None:
    rows = [
        ["1", "Closing", "100,00", "02.11.2026 10:00", HOSTILE, "O'Neil"],
        ["2", "Closing", "50,00", "03.11.2026 10:00", 'Lost "for now"', "O'Neil"],
        ["3", "Closing", "7,00", "04.11.2026 10:00", HOSTILE, 'Анна "Ковалёва"; --'],
    ]
    report = analyzed(copy_base(tmp_path / "project"), rows)
    won = next(k for k in report["kpis"] if k["id"] == "won-amount")
    assert (won["value"], won["records"]) == (107, 2)
    assert {g["key"]: g["value"] for g in won["by"]["responsible"]} == {
        "O'Neil": 100,
        'Анна "Ковалёва"; --': 7,
    }
    assert report["findings"] == []  # every value is one of its field's, quotes and all


def test_a_value_that_looks_like_sql_is_one_more_wrong_value(tmp_path: Path) -> None:
    rows = [["1", "Closing", "100,00", "02.11.2026 10:00", "x' OR '1'='1", "O'Neil"]]
    report = analyzed(copy_base(tmp_path / "project"), rows)
    won = next(k for k in report["kpis"] if k["id"] == "won-amount")
    assert won["value"] is None and won["status"] == "no-data"
    assert [f["message"] for f in report["findings"]] == [
        f"""deal 1: «Result» "x' OR '1'='1" is not one of its values; its values: {HOSTILE}, Lost "for now\""""
    ]


def test_playbook_yml_maps_other_headers_and_names_the_exports(tmp_path: Path) -> None:
    """analytics.columns: a header that is neither label nor id; analytics.data: the exports
    read when no --data is given, relative to the project's root."""
    root = copy_base(tmp_path / "project")
    (root / "standards" / "crm" / "deal.yml").write_text(DEAL, encoding="utf-8")
    (root / "standards" / "kpis" / "won-amount.yml").write_text(KPI, encoding="utf-8")
    with (root / "standards" / "playbook.yml").open("a", encoding="utf-8") as playbook:
        playbook.write(
            'analytics:\n  columns:\n    deal:\n      "Сумма, руб.": amount\n  data:\n    deal: exports/deals.csv\n'
        )
    (root / "exports").mkdir()
    header = ["ID", "Stage", "Сумма, руб.", "Closed", "Result", "Manager"]
    rows = [["1", "Closing", "100,00", "02.11.2026 10:00", HOSTILE, "O'Neil"]]
    (root / "exports" / "deals.csv").write_text(csv_text([header, *rows], ";"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", "-C", str(root), "--period=2026-11", "--format=json"])
    report = json.loads(result.output)
    assert result.exit_code == 0
    assert next(k for k in report["kpis"] if k["id"] == "won-amount")["value"] == 100
    assert report["exports"] == [
        {"file": str(root / "exports" / "deals.csv"), "form": "CSV, utf-8, ';'", "rows": 1}
    ]


def test_an_export_named_outside_the_project_is_refused(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "project")
    with (root / "standards" / "playbook.yml").open("a", encoding="utf-8") as playbook:
        playbook.write("analytics:\n  data:\n    deal: ../../secrets.csv\n")
    result = CliRunner().invoke(cli, ["analyze", "-C", str(root)])
    assert result.exit_code == 2
    assert (
        result.output
        == "playbook: error: analytics.data.deal in playbook.yml: '../../secrets.csv' leads outside the project\n"
    )
