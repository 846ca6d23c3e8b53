"""CRM exports → DuckDB tables typed by the CRM rules.

An export is CSV (``,`` ``;`` or tab; UTF-8 with or without BOM, or Windows-1251), XLSX or XLS,
or Bitrix24's "Excel" export — an HTML table saved as ``.xls``. Whatever the form, DuckDB reads
a UTF-8 CSV: CSV in UTF-8 as it is, anything else after it is written as one into a scratch
folder. Columns are matched by the field's label or id (or a header ``analytics.columns`` maps);
the header itself never reaches SQL: DuckDB names the columns ``c1``, ``c2``… and the tool picks
them by position. A field of a type parsed from text (money, dates, numbers, booleans) becomes two
columns: ``r__<id>``, the text as exported, and ``<id>``, the parsed value (NULL where empty or
unparseable), so the audit can tell an empty cell from one it could not read; any other field is
its trimmed text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import duckdb

from generator.diagnostics import Diagnostic, error, warning
from generator.limits import from_environment

DELIMITERS = (";", ",", "\t")
_SNIFF_BYTES = 1 << 20  # what encoding and delimiter are told from
_CHUNK = 1 << 22


@dataclass(frozen=True)
class ReadLimits:
    """Forms read in Python (XLSX, XLS, HTML) are held in memory whole: bounded. CSV streams."""

    max_sheet_bytes: int = 200_000_000


@dataclass(frozen=True)
class Column:
    """A column an export may have: a field of the entity (or the record's id, or a stage
    history's part), what parses it, and the headers it may go by."""

    id: str
    type: str
    headers: tuple[str, ...]  # the label and the id, as Bitrix24 and amoCRM name them


@dataclass(frozen=True)
class Export:
    """One ``--data NAME=FILE``: what the file holds (a CRM entity, or ``<entity>_history``)."""

    name: str
    path: Path
    shown: str  # the file as findings name it: as the user wrote it


@dataclass(frozen=True)
class Table:
    """An export read into DuckDB: its table, how it was read, and where each column was."""

    export: Export
    table: str
    form: str  # "CSV, windows-1251, ';'": what was detected, said back to the user
    rows: int
    columns: Mapping[str, int]  # column id -> 1-based column in the file

    def has(self, column: str) -> bool:
        return column in self.columns


def read(
    connection: duckdb.DuckDBPyConnection,
    export: Export,
    columns: Sequence[Column],
    renamed: Mapping[str, str],
    scratch: Path,
) -> tuple[Table | None, list[Diagnostic]]:
    """``export`` as the table ``t_<name>``: None, and why, when it cannot be read as a table."""
    try:
        text_file, delimiter, form = _as_utf8_csv(export, scratch)
    except _Unreadable as problem:
        return None, [error(export.shown, (problem.row, problem.column), str(problem), "export")]
    header = _header(text_file, delimiter)
    if not header:
        return None, [error(export.shown, (1, 1), "the file is empty: no header, no rows", "export")]
    found, findings = _match(export, header, columns, renamed, delimiter)
    if not found:
        return None, findings
    table = "t_" + export.name
    names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, len(header) + 1))
    scan = (
        "read_csv(?, delim = ?, header = false, skip = 1, quote = '\"', escape = '\"', "
        f"auto_detect = false, columns = {{{names}}})"
    )
    # the records typed as they are read; the table keeps the file's order (DuckDB preserves
    # insertion order), so its rowid numbers them (row_number() over the scan would run on one core)
    data = "d_" + export.name
    try:
        dated = _date_formats(connection, scan, [str(text_file), delimiter], columns, found)
        values = ", ".join(
            _columns(column, _trimmed(position) if position else None, dated.get(column.id, _DATE_FORMATS))
            for column in columns
            for position in [found.get(column.id)]
        )
        connection.execute(f"CREATE TABLE {data} AS SELECT {values} FROM {scan}", [str(text_file), delimiter])
    except duckdb.Error as exc:  # a row of another width, a quote never closed, bytes that are not UTF-8
        said = str(exc).split("\n")
        line = re.search(r"Line: (\d+)", said[0])
        reason = next((s.strip() for s in said[1:] if s.strip()), said[0])
        return None, [
            error(
                export.shown,
                (int(line.group(1)) if line else 1, 1),
                f"cannot be read as CSV: {reason}",
                "export",
            )
        ]
    connection.execute(
        f"CREATE VIEW {table} AS SELECT rowid + 2 AS _row, * FROM {data}"
    )  # the header is row 1
    counted = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    rows = int(counted[0]) if counted else 0
    return Table(export, table, form, rows, found), findings


class _Unreadable(Exception):
    def __init__(self, message: str, row: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.row = row
        self.column = column


# --- the file's form: everything becomes a UTF-8 CSV ------------------------------------------


def _as_utf8_csv(export: Export, scratch: Path) -> tuple[Path, str, str]:
    """A UTF-8 CSV file DuckDB can read with the export's records, its delimiter, and the form
    the export was found in."""
    with export.path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if not head:
        raise _Unreadable("the file is empty: no header, no rows")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return _sheet(export, scratch, "XLSX" if head.startswith(b"PK") else "XLS")
    encoding = _encoding(head)
    sample = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    if sample.lstrip()[:1] == "<":
        return _html(export, scratch, encoding)
    delimiter = _delimiter(sample)
    form = f"CSV, {encoding}, {_DELIMITER_NAMES[delimiter]}"
    if encoding in ("utf-8", "utf-8-sig"):
        return export.path, delimiter, form
    target = scratch / f"{export.name}.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    with export.path.open("rb") as source, target.open("w", encoding="utf-8") as out:
        while chunk := source.read(_CHUNK):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return target, delimiter, form


_DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab"}


def _encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the first megabyte decodes as it, else Windows-1251 —
    said back to the user, so a wrong guess shows."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < _SNIFF_BYTES)
    except UnicodeDecodeError:
        return "windows-1251"
    return "utf-8"


def _delimiter(sample: str) -> str:
    """The delimiter of the header line: the one of ``;`` ``,`` tab it holds most of."""
    first = next(csv.reader(io.StringIO(sample.splitlines()[0] if sample else ""), delimiter="\x00"), [""])
    line = first[0] if first else ""
    counts = {d: line.count(d) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: counts[d])


def _header(path: Path, delimiter: str) -> list[str]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
        return [cell.strip() for cell in next(csv.reader(stream, delimiter=delimiter), [])]


def _written(rows: Iterator[list[str]], target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=",", quoting=csv.QUOTE_ALL).writerows(rows)


def _sheet(export: Export, scratch: Path, kind: str) -> tuple[Path, str, str]:
    from python_calamine import CalamineWorkbook

    _bounded(export)
    try:
        rows = (
            CalamineWorkbook.from_path(str(export.path))
            .get_sheet_by_index(0)
            .to_python(skip_empty_area=False)
        )
    except Exception as exc:  # calamine raises its own error types for every damaged file
        raise _Unreadable(f"not a readable {kind} workbook: {exc}") from exc
    target = scratch / f"{export.name}.csv"
    _written(([_cell_text(value) for value in row] for row in rows), target)
    return target, ",", f"{kind}, first sheet"


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text an export would hold: dates in ISO, whole numbers whole."""
    if isinstance(value, bool):
        return "Да" if value else "Нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _html(export: Export, scratch: Path, encoding: str) -> tuple[Path, str, str]:
    _bounded(export)
    parser = _TableParser()
    parser.feed(export.path.read_bytes().decode(encoding, errors="replace"))
    parser.close()
    if not parser.rows:
        raise _Unreadable("an HTML file with no table rows: export the list as CSV or Excel")
    target = scratch / f"{export.name}.csv"
    _written(iter(parser.rows), target)
    return target, ",", f"HTML table (Bitrix24 Excel), {encoding}"


def _bounded(export: Export) -> None:
    limit = from_environment(ReadLimits).max_sheet_bytes
    size = export.path.stat().st_size
    if size > limit:
        raise _Unreadable(
            f"the file is {size / 1e6:.0f} MB, over the {limit / 1e6:.0f} MB a spreadsheet is read into "
            "memory for (PLAYBOOK_MAX_SHEET_BYTES): export it as CSV, which is read as a stream"
        )


class _TableParser(HTMLParser):
    """The rows of the first table of an HTML page, each cell's text joined and trimmed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._tables += 1
        elif self._tables == 1 and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []
        elif self._cell is not None and tag == "br":
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


# --- columns -----------------------------------------------------------------------------------


def _match(
    export: Export,
    header: Sequence[str],
    columns: Sequence[Column],
    renamed: Mapping[str, str],
    delimiter: str,
) -> tuple[dict[str, int], list[Diagnostic]]:
    """Which column of the file holds each column id (1-based), and what the user should know."""
    by_header: dict[str, str] = {}
    for column in columns:
        for name in column.headers:
            by_header.setdefault(name.casefold(), column.id)
    for name, column_id in renamed.items():
        by_header[name.casefold()] = column_id
    found: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        match = by_header.get(name.casefold())
        if match is not None and match not in found:
            found[match] = position
    if not set(found) - {
        "_id"
    }:  # an id alone is no export of the entity: another encoding, another delimiter
        others = (
            ""
            if len(header) > 1
            else f"; the header reads as one column {header[0][:60]!r}: is the file separated by something other than {', '.join(_DELIMITER_NAMES.values())}?"
        )
        return {}, [
            error(
                export.shown, (1, 1), f"no column of the header is a field of {export.name}{others}", "export"
            )
        ]
    unknown = [name for name in header if name and name.casefold() not in by_header]
    findings = []
    if unknown:
        findings.append(
            warning(
                export.shown,
                (1, header.index(unknown[0]) + 1),
                f"{len(unknown)} column(s) match no field and are not read: {', '.join(map(repr, unknown[:5]))}"
                + (" …" if len(unknown) > 5 else "")
                + " (map a header to a field under analytics.columns in playbook.yml)",
                "export-column",
            )
        )
    return found, findings


# --- values --------------------------------------------------------------------------------------

SQL_TYPES = {
    "money": "DECIMAL(18,2)",
    "number": "DOUBLE",
    "percent": "DOUBLE",
    "integer": "BIGINT",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "boolean": "BOOLEAN",
}
PARSED = frozenset(SQL_TYPES)  # the types whose text can fail to parse
_DATE_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
)
YES = ("да", "д", "yes", "y", "true", "1", "истина")
NO = ("нет", "н", "no", "n", "false", "0", "ложь")


def text_column(column: str, kind: str) -> str:
    """The column holding a field's text as exported: its own for text types, ``r__<id>`` beside
    the parsed value for the types parsed from text."""
    return f'"r__{column}"' if kind in PARSED else f'"{column}"'


def _columns(column: Column, text: str | None, formats: Sequence[str] = ()) -> str:
    """A column's SQL: the trimmed text, and for parsed types the parsed value beside it (NULLs
    of the right types for a column the file lacks)."""
    if column.type not in PARSED:
        return f'{text or "NULL::VARCHAR"} AS "{column.id}"'
    value = parse(column.type, text, formats) if text else f"NULL::{SQL_TYPES[column.type]}"
    return f'{text or "NULL::VARCHAR"} AS "r__{column.id}", {value} AS "{column.id}"'


def _trimmed(position: int) -> str:
    """The column's text, empty as NULL (read_csv reads an empty cell, quoted or not, as NULL);
    trimmed only where it has a space at an end (trimming every cell costs as much as reading
    the file)."""
    cell = f"c{position}"
    return f"CASE WHEN starts_with({cell}, ' ') OR ends_with({cell}, ' ') THEN NULLIF(trim({cell}), '') ELSE {cell} END"


_SAMPLE_ROWS = 1000


def _date_formats(
    connection: duckdb.DuckDBPyConnection,
    scan: str,
    params: list[str],
    columns: Sequence[Column],
    found: Mapping[str, int],
) -> dict[str, tuple[str, ...]]:
    """For each date column, the formats in the order to try them: the one most of its first
    rows are written in first. DuckDB tries a list of formats one by one, and a value that
    fails the first ones costs as much as reading the column again. The first rows are tried in
    DuckDB too, by the parser that reads them after (in Python, that took a tenth of a second)."""
    dated = [(c.id, found[c.id]) for c in columns if c.type in ("date", "datetime") and c.id in found]
    if not dated:
        return {}
    fits = ", ".join(
        f"count(try_strptime(trim(c{position}), '{form}'))" for _, position in dated for form in _DATE_FORMATS
    )  # the formats are this module's constants, never user text
    counted = connection.execute(
        f"SELECT {fits} FROM (SELECT * FROM {scan} LIMIT {_SAMPLE_ROWS})", params
    ).fetchone()
    assert counted is not None  # an aggregate has a row
    order: dict[str, tuple[str, ...]] = {}
    for i, (column_id, _) in enumerate(dated):
        fit = dict(
            zip(_DATE_FORMATS, counted[i * len(_DATE_FORMATS) : (i + 1) * len(_DATE_FORMATS)], strict=True)
        )
        order[column_id] = tuple(
            sorted(_DATE_FORMATS, key=lambda f: -fit[f])
        )  # stable: ties keep the list's order
    return order


def _sql_texts(texts: Sequence[str]) -> str:
    """A list literal of constants of this module (never of user text)."""
    return "[" + ", ".join(f"'{text}'" for text in texts) + "]"


def parse(kind: str, value: str, formats: Sequence[str] = ()) -> str:
    """SQL that parses the text ``value`` (an SQL expression) as a field of type ``kind``: money
    «214 500,00», «214500.00 RUB»; dates dd.mm.yyyy[ HH:MM[:SS]] and ISO (tried in the order of
    ``formats``, by default the order of _DATE_FORMATS); «Да/Нет»; NULL when it cannot."""
    if kind in ("money", "number", "percent", "integer"):
        # spaces (also no-break and thin ones) group digits; a currency or % may follow
        bare = f"regexp_replace({value}, '[\\s\u00a0\u202f]|руб\\.?|р\\.|RUB|₽|%', '', 'g')"
        # «1,234.56»: the comma groups; otherwise a comma is the decimal point
        number = f"CASE WHEN contains({bare}, ',') AND contains({bare}, '.') THEN replace({bare}, ',', '') ELSE replace({bare}, ',', '.') END"
        return f"TRY_CAST({number} AS {SQL_TYPES[kind]})"
    if kind in ("date", "datetime"):
        moment = f"try_strptime({value}, {_sql_texts(formats or _DATE_FORMATS)})"
        return f"CAST({moment} AS DATE)" if kind == "date" else moment
    if kind == "boolean":
        return f"CASE WHEN lower({value}) IN {tuple(YES)} THEN true WHEN lower({value}) IN {tuple(NO)} THEN false END"
    return value
