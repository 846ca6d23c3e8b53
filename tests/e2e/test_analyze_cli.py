"""`playbook analyze` as a user runs it: on a copy of the example exports, in each format, with
each exit code, and on the bad inputs a real export brings (with the messages they get)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.analysis.sample import csv_text
from tests.conftest import REPO

PLAYBOOK = Path(sys.executable).parent / "playbook"
EXAMPLE = [
    "deal=exports/deals.csv",
    "lead=exports/leads.csv",
    "deal_history=exports/deal-history.csv",
    "complaint=exports/complaints.xls",
]
DEAL_HEADER = [
    "ID",
    "Этап",
    "Ответственный",
    "Дата создания",
    "Потребность",
    "Бюджет",
    "Сумма сделки",
    "Дата следующего шага",
    "Дата закрытия",
    "Итог сделки",
    "Повторная продажа",
    "Лицо, принимающее решение",
]


def analyze(folder: Path, *arguments: str, data: list[str] | None = None) -> tuple[int, str, str]:
    given = [f"--data={d}" for d in (EXAMPLE if data is None else data)]
    done = subprocess.run(
        [str(PLAYBOOK), "analyze", "-C", str(REPO), *given, *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("analyze")
    shutil.copytree(REPO / "examples" / "exports", folder / "exports")
    return folder


def clean_deals(folder: Path, rows: list[list[str]] | None = None) -> str:
    """A small deals export with nothing wrong in it."""
    rows = rows or [
        [
            "1",
            "Закрытие сделки",
            "Ковалёва Анна",
            "02.11.2026 10:00",
            "Посудомойка",
            "200 000,00",
            "185 000,00",
            "03.11.2026",
            "10.11.2026 15:00",
            "Выиграна",
            "Нет",
            "12",
        ],
        [
            "2",
            "Презентация",
            "Петров Игорь",
            "05.11.2026 11:00",
            "Духовой шкаф",
            "80000",
            "75000.00",
            "06.11.2026",
            "",
            "В работе",
            "Нет",
            "13",
        ],
    ]
    (folder / "deals.csv").write_text(csv_text([DEAL_HEADER, *rows], ";"), encoding="utf-8")
    return "deal=deals.csv"


def test_text_report_has_kpis_funnel_and_findings(copy: Path) -> None:
    code, out, err = analyze(copy, "--period", "2026-11")
    assert code == 1 and err == ""
    assert out.startswith("Period 2026-11\n  read exports/deals.csv: CSV, windows-1251, ';', 1,200 rows\n")
    assert "  read exports/complaints.xls: HTML table (Bitrix24 Excel), utf-8, " in out
    assert re.search(
        r"^  Средний чек \(average-deal-size, 2026-11\): [\d\u00a0,]+\u00a0₽, target 185\u00a0000\u00a0₽, (good|warning|critical), \d+ records$",
        out,
        re.M,
    )
    assert re.search(r"^      by responsible: .*Ковалёва Анна [\d\u00a0,]+\u00a0₽ \(\d+\)", out, re.M)
    assert "Скорость реакции на лид (lead-response-time, 2026-W48): " in out
    assert "\nFunnel of deal (from the stage history)\n  Квалификация " in out
    assert re.search(
        r"^exports/deals\.csv:\d+:\d+: error: сделка \d+: «Итог сделки» '(Выйграна|Проигранна)' is not one of its values \(did you mean '(Выиграна|Проиграна)'\?\) \[crm-value\]$",
        out,
        re.M,
    )
    assert re.search(
        r"^exports/leads\.csv:\d+:7: warning: лид \d+: «Телефон» '\+7\d{10}' is also on лид \d+ \(row \d+\): one client, one card — merge them \[crm-duplicate\]$",
        out,
        re.M,
    )
    assert re.search(
        r"^\d+ errors, \d+ warnings in 3 of 4 files\n  by rule: crm-duplicate \d+, crm-format \d+, crm-required \d+",
        out,
        re.M,
    )


def test_json_is_the_issues_shape_and_findings_are_checks(copy: Path) -> None:
    code, out, _ = analyze(copy, "--period", "2026-11", "--format", "json")
    report = json.loads(out)
    assert code == 1 and list(report) == ["period", "kpis", "funnel", "findings", "exports", "quality"]
    assert report["period"] == "2026-11"
    first = report["kpis"][0]
    assert list(first) == ["id", "value", "unit", "target", "status", "records", "by", "period", "reason"]
    assert (first["id"], first["unit"], first["target"]) == ("average-deal-size", "money", 185000)
    assert isinstance(first["value"], float | int) and first["status"] in ("good", "warning", "critical")
    assert set(first["by"]) == {"responsible"} and set(first["by"]["responsible"][0]) == {
        "key",
        "value",
        "records",
    }
    assert list(report["funnel"][0]) == ["entity", "stage", "name", "entered", "conversion", "exact"]
    assert list(report["findings"][0]) == [
        "path",
        "line",
        "column",
        "severity",
        "code",
        "message",
    ]  # as check's
    assert {f["code"] for f in report["findings"]} <= {
        "crm-required",
        "crm-format",
        "crm-type",
        "crm-value",
        "crm-duplicate",
    }


def test_markdown_is_a_report_for_a_meeting(copy: Path) -> None:
    code, out, _ = analyze(copy, "--period", "2026-11", "--format", "markdown")
    assert code == 1 and out.startswith(
        "# KPIs for 2026-11\n\n| KPI | Period | Value | Target | Status | Records |\n"
    )
    assert "\n## Funnel of deal\n" in out and "\n## Data quality\n" in out and "| Rule | Findings |" in out
    assert re.search(r"^- `exports/deals\.csv:\d+:\d+` error: сделка \d+: ", out, re.M)


def test_clean_exports_exit_0(tmp_path: Path) -> None:
    code, out, err = analyze(tmp_path, "--period", "2026-11", data=[clean_deals(tmp_path)])
    assert (code, err) == (0, "")
    assert (
        "  Средний чек (average-deal-size, 2026-11): 185\u00a0000\u00a0₽, target 185\u00a0000\u00a0₽, good, 1 record"
        in out
    )
    assert "no data — needs an export of complaint: --data complaint=FILE" in out
    assert (
        "Funnel of deal (approximated from each record's current stage: give --data deal_history=FILE for exact figures)"
        in out
    )


def test_a_period_with_no_records_is_no_data(tmp_path: Path) -> None:
    code, out, _ = analyze(tmp_path, "--period", "2024-01", "--format", "json", data=[clean_deals(tmp_path)])
    kpis = {k["id"]: k for k in json.loads(out)["kpis"]}
    assert code == 0
    assert kpis["average-deal-size"]["status"] == "no-data" and kpis["average-deal-size"]["value"] is None
    assert kpis["stage-conversion"]["value"] is None and kpis["stage-conversion"]["records"] == 0


def test_a_missing_column_says_which_kpis_cannot_be_computed(tmp_path: Path) -> None:
    rows = [
        [
            "1",
            "Закрытие сделки",
            "Ковалёва Анна",
            "02.11.2026 10:00",
            "x",
            "1",
            "1",
            "03.11.2026",
            "",
            "Выиграна",
            "Нет",
            "1",
        ]
    ]
    (tmp_path / "deals.csv").write_text(
        csv_text([[c for c in DEAL_HEADER if c != "Дата закрытия"], *[r[:8] + r[9:] for r in rows]], ";"),
        encoding="utf-8",
    )
    code, out, _ = analyze(tmp_path, "--period", "2026-11", data=["deal=deals.csv"])
    assert code == 0  # a missing column is a warning: the rest is audited and measured
    assert (
        "  Средний чек (average-deal-size, 2026-11): no data — deals.csv has no column «Дата закрытия» (deal.closed_at)"
        in out
    )
    assert re.search(
        r"^deals\.csv:1:1: warning: no column for «Компания», .*«Дата закрытия».* of Сделка: not audited, and the KPIs that need them have no value \[export-column\]$",
        out,
        re.M,
    )


def test_unparseable_values_are_findings_at_their_row_and_column(tmp_path: Path) -> None:
    rows = [
        [
            "7",
            "Презентация",
            "Ковалёва Анна",
            "31.11.2026 10:00",
            "x",
            "сто тысяч",
            "1",
            "03.11.2026",
            "",
            "В работе",
            "Может быть",
            "1",
        ]
    ]
    code, out, _ = analyze(tmp_path, "--period", "2026-11", data=[clean_deals(tmp_path, rows)])
    assert code == 1
    assert (
        "deals.csv:2:4: error: сделка 7: «Дата создания» '31.11.2026 10:00' is not a date and time (dd.mm.yyyy HH:MM) [crm-type]"
        in out
    )
    assert (
        "deals.csv:2:6: error: сделка 7: «Бюджет» 'сто тысяч' is not an amount of money (214 500,00) [crm-type]"
        in out
    )
    assert (
        "deals.csv:2:11: error: сделка 7: «Повторная продажа» 'Может быть' is not Да or Нет [crm-type]" in out
    )


def test_a_text_in_another_encoding_matches_no_column(tmp_path: Path) -> None:
    (tmp_path / "deals.csv").write_bytes(csv_text([DEAL_HEADER], ";").encode("koi8-r"))
    code, out, _ = analyze(tmp_path, data=["deal=deals.csv"])
    assert code == 1
    assert re.search(
        r"^deals\.csv:1:1: error: no column of the header is a field of deal \[export\]$", out, re.M
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--data=deals=deals.csv"],
            "playbook: error: --data deals=deals.csv: no CRM entity 'deals' (did you mean 'deal'?); name one of company, complaint, contact, deal, lead (or <entity>_history for its stage history)",
        ),
        (["--data=deal=missing.csv"], "playbook: error: --data deal=missing.csv: no such file"),
        (
            ["--data=deal=deals.csv", "--data=deal=deals.csv"],
            "playbook: error: --data deal= is given twice: one export per entity",
        ),
        (
            ["--data=deal=deals.csv", "--period=2026-13"],
            "playbook: error: --period '2026-13': write a month (2026-11), a week (2026-W48), a quarter (2026-Q4), a year (2026) or a day (2026-11-30)",
        ),
    ],
)
def test_what_could_not_run_exits_2(tmp_path: Path, arguments: list[str], message: str) -> None:
    clean_deals(tmp_path)
    done = subprocess.run(
        [str(PLAYBOOK), "analyze", "-C", str(REPO), *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert (done.returncode, done.stdout, done.stderr.strip()) == (2, "", message)


def test_a_bad_data_option_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(PLAYBOOK), "analyze", "-C", str(REPO), "--data", "deals.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (
        done.returncode == 2 and "'deals.csv': write ENTITY=FILE, e.g. deal=exports/deals.csv" in done.stderr
    )
