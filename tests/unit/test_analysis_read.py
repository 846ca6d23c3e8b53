"""Reading CRM exports: every dialect and form a CRM writes comes out as the same typed rows."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analysis.read import Column, Export, parse, read
from generator.analysis.sample import csv_cell, csv_text

COLUMNS = [
    Column("_id", "string", ("ID",)),
    Column("amount", "money", ("Сумма сделки", "amount")),
    Column("closed_at", "datetime", ("Дата закрытия", "closed_at")),
    Column("result", "enum", ("Итог сделки", "result")),
    Column("is_repeat", "boolean", ("Повторная продажа", "is_repeat")),
]
HEADER = ["ID", "Сумма сделки", "Дата закрытия", "Итог сделки", "Повторная продажа"]
ROWS = [
    ["1042", "214 500,00", "24.03.2026 12:10", "Выиграна", "Да"],
    ["1043", "214500.00 RUB", "2026-03-25", "Проиграна; позже", "Нет"],
]
EXPECTED = [
    (2, "1042", Decimal("214500.00"), datetime(2026, 3, 24, 12, 10), "Выиграна", True),
    (3, "1043", Decimal("214500.00"), datetime(2026, 3, 25), "Проиграна; позже", False),
]


def read_file(path: Path) -> tuple[list[tuple[object, ...]], str, list[str]]:
    """The typed rows of ``path``, how it was read, and the findings' messages."""
    connection = duckdb.connect()
    scratch = path.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    table, findings = read(connection, Export("deal", path, path.name), COLUMNS, {}, scratch)
    messages = [f"{d.line}:{d.column}: {d.message} [{d.code}]" for d in findings]
    if table is None:
        return [], "", messages
    rows = connection.execute(
        f"SELECT _row, _id, amount, closed_at, result, is_repeat FROM {table.table} ORDER BY _row"
    ).fetchall()
    return rows, table.form, messages


@pytest.mark.parametrize(("delimiter", "named"), [(";", "';'"), (",", "','"), ("\t", "tab")])
def test_each_delimiter_gives_the_same_rows(tmp_path: Path, delimiter: str, named: str) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(csv_text([HEADER, *ROWS], delimiter), encoding="utf-8")
    rows, form, messages = read_file(path)
    assert rows == EXPECTED and form == f"CSV, utf-8, {named}" and messages == []


@pytest.mark.parametrize(
    ("encoding", "prefix", "said"),
    [("utf-8", b"\xef\xbb\xbf", "utf-8-sig"), ("cp1251", b"", "windows-1251"), ("utf-8", b"", "utf-8")],
)
def test_encodings_are_detected_and_said(tmp_path: Path, encoding: str, prefix: bytes, said: str) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(prefix + csv_text([HEADER, *ROWS], ";").encode(encoding))
    rows, form, _ = read_file(path)
    assert rows == EXPECTED and form == f"CSV, {said}, ';'"


def test_a_cell_over_two_lines_is_one_row(tmp_path: Path) -> None:
    """Rows are records as a spreadsheet numbers them, not lines of the file."""
    path = tmp_path / "deals.csv"
    rows = [["1042", "1,00", "24.03.2026", "Выиграна\nпосле звонка", "Да"], ROWS[1]]
    path.write_text(csv_text([HEADER, *rows], ";"), encoding="utf-8")
    found, _, _ = read_file(path)
    assert [(r[0], r[1]) for r in found] == [(2, "1042"), (3, "1043")]


def test_rows_keep_the_files_order_past_many_chunks(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    many = [[str(n), f"{n},00", "24.03.2026", "Выиграна", "Да"] for n in range(200_000)]
    path.write_text(csv_text([HEADER, *many], ";"), encoding="utf-8")
    found, _, _ = read_file(path)
    assert all(row == n + 2 and record == str(n) for n, (row, record, *_) in enumerate(found))


@pytest.mark.parametrize(
    ("first", "then"), [("%Y-%m-%d %H:%M", "%d.%m.%Y"), ("%d.%m.%Y", "%Y-%m-%dT%H:%M:%S")]
)
def test_a_date_column_s_rarer_form_parses_as_well_as_its_usual_one(
    tmp_path: Path, first: str, then: str
) -> None:
    """The form most of a column's first rows are in is tried first (for speed): the rows past
    them in another form still parse."""
    moment = datetime(2026, 3, 24, 12, 10)
    rows = [
        [str(n), "1,00", moment.strftime(first if n < 1500 else then), "Выиграна", "Да"] for n in range(1600)
    ]
    path = tmp_path / "deals.csv"
    path.write_text(csv_text([HEADER, *rows], ";"), encoding="utf-8")
    found, _, messages = read_file(path)
    assert messages == []
    assert {row[3] for row in found[:1500]} == {datetime.strptime(moment.strftime(first), first)}
    assert {row[3] for row in found[1500:]} == {datetime.strptime(moment.strftime(then), then)}


def _xlsx(path: Path, rows: list[list[str]]) -> None:
    """A minimal workbook with inline strings, as any spreadsheet program reads it."""

    def cell(text: str) -> str:
        return f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    sheet = "".join(f"<row>{''.join(cell(c) for c in row)}</row>" for row in rows)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{relations}"><sheets>'
            '<sheet name="Сделки" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{main}"><sheetData>{sheet}</sheetData></worksheet>',
        )


def test_an_xlsx_workbook_is_read_from_its_first_sheet(tmp_path: Path) -> None:
    path = tmp_path / "deals.xlsx"
    _xlsx(path, [HEADER, *ROWS])
    rows, form, _ = read_file(path)
    assert rows == EXPECTED and form == "XLSX, first sheet"


def test_bitrix24_excel_export_is_an_html_table(tmp_path: Path) -> None:
    path = tmp_path / "deals.xls"
    cells = "".join(f"<tr>{''.join(f'<td>{escape(c)}</td>' for c in row)}</tr>\n" for row in ROWS)
    head = "".join(f"<th>{escape(c)}</th>" for c in HEADER)
    path.write_bytes(
        (
            '<html><head><meta http-equiv="Content-type" content="text/html;charset=windows-1251"></head>'
            f"<body><table border=1><tr>{head}</tr>\n{cells}</table></body></html>"
        ).encode("cp1251")
    )
    rows, form, _ = read_file(path)
    assert rows == EXPECTED and form == "HTML table (Bitrix24 Excel), windows-1251"


def test_an_empty_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_bytes(b"")
    assert read_file(path)[2] == ["1:1: the file is empty: no header, no rows [export]"]


def test_a_wrong_delimiter_is_named(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text("ID|Сумма сделки\n1|100\n", encoding="utf-8")
    assert read_file(path)[2] == [
        "1:1: no column of the header is a field of deal; the header reads as one column 'ID|Сумма сделки': "
        "is the file separated by something other than ';', ',', tab? [export]"
    ]


def test_a_damaged_workbook_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "deals.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    (message,) = read_file(path)[2]
    assert message.startswith("1:1: not a readable XLSX workbook: ") and message.endswith("[export]")


def test_a_spreadsheet_over_the_limit_is_refused_with_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "deals.xlsx"
    _xlsx(path, [HEADER, *ROWS])
    monkeypatch.setenv("PLAYBOOK_MAX_SHEET_BYTES", "100")
    (message,) = read_file(path)[2]
    assert "over the 0 MB a spreadsheet is read into memory for (PLAYBOOK_MAX_SHEET_BYTES)" in message


def _parsed(kind: str, text: str) -> object:
    found = (
        duckdb.connect()
        .execute(f"SELECT {parse(kind, 'v')} FROM (SELECT ?::VARCHAR AS v)", [text])
        .fetchone()
    )
    assert found is not None
    return found[0]


@settings(max_examples=200, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    form=st.sampled_from(["russian", "plain", "rub", "rouble", "sign"]),
)
def test_money_in_every_written_form(amount: Decimal, form: str) -> None:
    whole, cents = f"{amount:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    text = {
        "russian": f"{grouped},{cents}",
        "plain": f"{whole}.{cents}",
        "rub": f"{whole}.{cents} RUB",
        "rouble": f"{grouped.replace(chr(0xA0), ' ')},{cents} руб.",
        "sign": f"{grouped} ₽" if cents == "00" else f"{grouped},{cents} ₽",
    }[form]
    assert _parsed("money", text) == amount


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda m: m.replace(microsecond=0)
    ),
    form=st.sampled_from(["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]),
)
def test_dates_in_russian_and_iso_forms(moment: datetime, form: str) -> None:
    expected = moment.replace(second=0) if form.endswith("%H:%M") else moment
    assert _parsed("datetime", moment.strftime(form)) == expected


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("boolean", "Да", True),
        ("boolean", "нет", False),
        ("boolean", "может быть", None),
        ("money", "12 тыс", None),
        ("date", "31.11.2026", None),
        ("date", "30.11.2026", datetime(2026, 11, 30).date()),
        ("integer", "1 204", 1204),
        ("percent", "4,5 %", 4.5),
        ("datetime", "24.03.2026", datetime(2026, 3, 24) - timedelta(0)),
    ],
)
def test_values_that_parse_and_values_that_do_not(kind: str, text: str, value: object) -> None:
    assert _parsed(kind, text) == value


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+79161234567", "+79161234567"),
        ("-5", "-5"),
        ("-1+2", "'-1+2"),
    ],
)
def test_csv_we_write_never_runs_as_a_formula(cell: str, written: str) -> None:
    assert csv_cell(cell) == written
