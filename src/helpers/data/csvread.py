"""Read one CSV file strictly as text, reporting every structural defect by line and column.

Why a hand-rolled reader in front of the schema checks: researchers edit these CSVs by hand and
paste text from news pages, and the errors they make (an unclosed quote, a stray column, a
non-UTF-8 byte, an Excel BOM, a NUL byte or other control character copied from a page) must be
reported as ``file:row: column: message`` rather than as a library traceback, and must never
reach a report. Rows are numbered as a text editor shows them (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from helpers.data.files import read_bytes
from helpers.errors import Problem

#: C0 control characters other than tab and newlines, and DEL: invisible in an editor, and a NUL
#: is copied raw into HTML. Carriage returns inside a cell are refused too (a pasted Windows
#: line end); the line terminators themselves are removed by the CSV reader.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f]")


def read_table(path: Path, fields: list[str], problems: list[Problem]) -> pd.DataFrame:
    """Read one CSV strictly as text; report structural defects instead of raising.

    Returns a frame of strings (empty cells are ``""``) with a ``_row`` column holding the line
    number of each record, so later checks can point at it.
    """
    name = path.name
    empty = pd.DataFrame(columns=[*fields, "_row"])
    raw, found = read_bytes(path, name)
    if raw is None:
        problems += found
        return empty
    if raw.startswith(b"\xef\xbb\xbf"):
        msg = "file starts with a byte-order mark; save as UTF-8 without BOM"
        problems.append(Problem(name, 1, fields[0], msg))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = _column_at(raw[: exc.start], fields)
        msg = f"byte 0x{raw[exc.start]:02x} is not UTF-8; save as UTF-8"
        problems.append(Problem(name, line, col, msg))
        return empty
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    rows: list[int] = []
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        problems.append(Problem(name, 1, "-", "file has no header row"))
        return empty
    if header != fields:
        missing = [f for f in fields if f not in header]
        extra = [h for h in header if h not in fields]
        detail = (f"missing {missing}" if missing else "") + (
            f" unexpected {extra}" if extra else ""
        )
        msg = f"header must be {','.join(fields)} ({detail.strip() or 'order'})"
        problems.append(Problem(name, 1, "-", msg))
        return empty
    start = 2
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            lines = text.splitlines()
            line_text = lines[start - 1] if start - 1 < len(lines) else ""
            col = _open_quote_column(line_text, fields)
            msg = f"malformed CSV ({exc}); is a quoted field left open?"
            problems.append(Problem(name, start, col, msg))
            break
        line = start
        start = reader.line_num + 1
        if not rec or rec == [""]:
            continue
        if len(rec) != len(fields):
            col = fields[len(rec) - 1] if len(rec) < len(fields) else f"column {len(fields) + 1}"
            msg = f"row has {len(rec)} fields, header has {len(fields)}"
            problems.append(Problem(name, line, col, msg))
            continue
        records.append(rec)
        rows.append(line)
    df = pd.DataFrame(records, columns=fields, dtype=object)
    df["_row"] = rows
    if _CONTROL.search(text):
        _flag_control_characters(name, df, fields, problems)
    return df


def _flag_control_characters(
    name: str, df: pd.DataFrame, fields: list[str], problems: list[Problem]
) -> None:
    """Name every cell holding a control character (only run when the file has one)."""
    for col in fields:
        hits = df[col].str.contains(_CONTROL, regex=True)
        for row, value in zip(df.loc[hits, "_row"], df.loc[hits, col], strict=True):
            ch = _CONTROL.search(value)
            assert ch is not None
            what = "a NUL byte" if ch.group() == "\x00" else f"control character {ch.group()!r}"
            msg = f"contains {what} at character {ch.start() + 1}; remove it"
            problems.append(Problem(name, int(row), col, msg))


def _open_quote_column(line: str, fields: list[str]) -> str:
    """The column whose quoted value opens on ``line`` and never closes."""
    idx, i, in_quote, opened_at = 0, 0, False, 0
    while i < len(line):
        ch = line[i]
        if in_quote:
            if ch == '"' and i + 1 < len(line) and line[i + 1] == '"':
                i += 1  # an escaped quote inside a quoted field
            elif ch == '"':
                in_quote = False
        elif ch == '"' and (i == 0 or line[i - 1] == ","):
            in_quote, opened_at = True, idx
        elif ch == ",":
            idx += 1
        i += 1
    col = opened_at if in_quote else idx
    return fields[col] if col < len(fields) else f"column {col + 1}"


def _column_at(prefix: bytes, fields: list[str]) -> str:
    """Which column a byte offset falls in (counting commas on its line; good enough to point)."""
    line = prefix.rsplit(b"\n", 1)[-1]
    idx = line.count(b",")
    return fields[idx] if idx < len(fields) else f"column {idx + 1}"
