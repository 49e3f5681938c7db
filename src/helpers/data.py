"""The one loader: read ``data/``, validate it, return typed DataFrames.

Why a hand-rolled reader in front of the schema checks: researchers edit these CSVs by hand and
paste text from news pages, and the errors they make (an unclosed quote, a stray column, a
non-UTF-8 byte, an Excel BOM) must be reported as ``file:row: column: message`` rather than as a
library traceback. Rows are numbered as a text editor shows them (the header is line 1).

The constraints themselves (required, enum, pattern, unique, minLength, date/boolean types,
primary and foreign keys) are read from ``datapackage.json`` so that the Frictionless descriptor is
the single statement of the schema; ``tests/test_data.py`` also runs the ``frictionless`` library
over the real package to prove the descriptor and our reading of it agree. Checks are vectorized
with pandas so loading stays in the tens of milliseconds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from helpers.errors import DataError, Problem
from helpers.paths import DATA_DIR

TAKEOVER = pd.Timestamp("2021-08-15")
TRIP_DIRECTIONS = ("outbound", "third_country")
TRIP_TYPES = ("visit", "multilateral", "third_country_meeting")
STATUS_TYPES = ("representation", "recognition", "designation", "sanctions_exemption")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass
class Dataset:
    """Validated, typed tables plus the provenance a report needs to describe itself."""

    events: pd.DataFrame
    sources: pd.DataFrame
    persons: pd.DataFrame
    roles: pd.DataFrame
    regions: pd.DataFrame
    descriptor: dict = field(repr=False)
    sha256: str = ""
    data_dir: Path = DATA_DIR

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", "0"))

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", "dataset"))

    @property
    def n_sources(self) -> int:
        return int(self.sources["url"].nunique())

    def source_line(self) -> str:
        """The line printed under every figure."""
        return (
            f"Data: {self.name} v{self.version} ({len(self.events)} events, "
            f"{self.n_sources} sources; sha256 {self.sha256[:12]})"
        )


# --------------------------------------------------------------------------- reading


def data_files(data_dir: Path) -> list[Path]:
    """The files whose bytes define the dataset (descriptor, tables, claims)."""
    files = [data_dir / "datapackage.json"]
    desc = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    files += [data_dir / r["path"] for r in desc["resources"]]
    return files


def dataset_sha256(data_dir: Path) -> str:
    """SHA-256 over the descriptor and every resource, in descriptor order (names included)."""
    h = hashlib.sha256()
    for f in data_files(data_dir):
        h.update(f.name.encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def read_table(path: Path, fields: list[str], problems: list[Problem]) -> pd.DataFrame:
    """Read one CSV strictly as text; report structural defects instead of raising.

    Returns a frame of strings (empty cells are ``""``) with a ``_row`` column holding the line
    number of each record, so later checks can point at it.
    """
    name = path.name
    if not path.exists():
        problems.append(Problem(name, 0, "-", f"file is missing ({path})"))
        return pd.DataFrame(columns=[*fields, "_row"])
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                name, 1, fields[0], "file starts with a byte-order mark; save as UTF-8 without BOM"
            )
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = _column_at(raw[: exc.start], fields)
        problems.append(
            Problem(name, line, col, f"byte 0x{raw[exc.start]:02x} is not UTF-8; save as UTF-8")
        )
        return pd.DataFrame(columns=[*fields, "_row"])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    rows: list[int] = []
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        problems.append(Problem(name, 1, "-", "file has no header row"))
        return pd.DataFrame(columns=[*fields, "_row"])
    if header != fields:
        missing = [f for f in fields if f not in header]
        extra = [h for h in header if h not in fields]
        detail = (f"missing {missing}" if missing else "") + (
            f" unexpected {extra}" if extra else ""
        )
        problems.append(
            Problem(
                name, 1, "-", f"header must be {','.join(fields)} ({detail.strip() or 'order'})"
            )
        )
        return pd.DataFrame(columns=[*fields, "_row"])
    start = 2
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line_text = text.splitlines()[start - 1] if start - 1 < len(text.splitlines()) else ""
            problems.append(
                Problem(
                    name,
                    start,
                    _open_quote_column(line_text, fields),
                    f"malformed CSV ({exc}); is a quoted field left open?",
                )
            )
            break
        line = start
        start = reader.line_num + 1
        if not rec or rec == [""]:
            continue
        if len(rec) != len(fields):
            col = fields[len(rec) - 1] if len(rec) < len(fields) else f"column {len(fields) + 1}"
            problems.append(
                Problem(name, line, col, f"row has {len(rec)} fields, header has {len(fields)}")
            )
            continue
        records.append(rec)
        rows.append(line)
    df = pd.DataFrame(records, columns=fields, dtype=object)
    df["_row"] = rows
    return df


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


# --------------------------------------------------------------------------- schema checks


def check_schema(name: str, df: pd.DataFrame, schema: dict, problems: list[Problem]) -> None:
    """Apply the Table Schema constraints of ``datapackage.json`` to a frame of strings."""
    for fld in schema["fields"]:
        col = fld["name"]
        values = df[col].fillna("")
        cons = fld.get("constraints", {})
        present = values != ""
        if cons.get("required"):
            _flag(problems, name, df, ~present, col, "is required but empty")
        if "enum" in cons:
            bad = present & ~values.isin(cons["enum"])
            _flag(
                problems, name, df, bad, col, lambda v, e=cons["enum"]: f"{v!r} is not one of {e}"
            )
        if "pattern" in cons:
            bad = present & ~values.str.fullmatch(cons["pattern"]).fillna(False)
            _flag(
                problems,
                name,
                df,
                bad,
                col,
                lambda v, p=cons["pattern"]: f"{v!r} does not match {p}",
            )
        if "minLength" in cons:
            bad = present & (values.str.strip().str.len() < cons["minLength"])
            _flag(problems, name, df, bad, col, f"is shorter than {cons['minLength']} characters")
        if fld.get("type") == "date":
            parsed = pd.to_datetime(values.where(present), format="%Y-%m-%d", errors="coerce")
            bad = present & parsed.isna()
            _flag(problems, name, df, bad, col, lambda v: f"{v!r} is not a real date (YYYY-MM-DD)")
        if fld.get("type") == "boolean":
            bad = present & ~values.isin(["true", "false"])
            _flag(problems, name, df, bad, col, lambda v: f"{v!r} is not true/false")
        if cons.get("unique"):
            dup = present & values.duplicated(keep="first")
            _flag(problems, name, df, dup, col, lambda v: f"{v!r} is a duplicate")
    pk = schema.get("primaryKey")
    if pk and len(pk) > 1:
        dup = df.duplicated(subset=pk, keep="first")
        _flag(problems, name, df, dup, pk[-1], f"duplicate primary key {tuple(pk)}")


def _flag(problems: list[Problem], name: str, df: pd.DataFrame, mask, col: str, message) -> None:
    if not bool(mask.any()):
        return
    for row, value in zip(df.loc[mask, "_row"], df.loc[mask, col], strict=True):
        msg = message(value) if callable(message) else message
        problems.append(Problem(name, int(row), col, msg))


def check_foreign_keys(
    tables: dict[str, pd.DataFrame], desc: dict, problems: list[Problem]
) -> None:
    for res in desc["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            df = tables[res["name"]]
            col = fk["fields"][0]
            ref = tables[fk["reference"]["resource"]][fk["reference"]["fields"][0]]
            values = df[col].fillna("")
            bad = (values != "") & ~values.isin(set(ref))
            target = f"{fk['reference']['resource']}.{fk['reference']['fields'][0]}"
            _flag(
                problems, res["path"], df, bad, col, lambda v, t=target: f"{v!r} is not a known {t}"
            )


# --------------------------------------------------------------------------- dates and codes


def parse_partial_dates(
    values: pd.Series, precision: pd.Series
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse ``YYYY-MM-DD`` / ``YYYY-MM`` strings into (first day, last day, ok mask).

    A month-precision value covers its whole month, so its first and last days differ.
    """
    values = values.fillna("")
    day = pd.to_datetime(values.where(precision == "day"), format="%Y-%m-%d", errors="coerce")
    month = pd.to_datetime(values.where(precision == "month"), format="%Y-%m", errors="coerce")
    first = day.fillna(month)
    last = day.fillna(month + pd.offsets.MonthEnd(0))
    ok = first.notna()
    return first, last, ok


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes, from pycountry (the Debian iso-codes data)."""
    return frozenset(c.alpha_3 for c in pycountry.countries)


def check_events(
    ev: pd.DataFrame, tables: dict[str, pd.DataFrame], problems: list[Problem]
) -> None:
    """Cross-field rules that Table Schema cannot express."""
    f = "events.csv"
    prec = ev["date_precision"]
    for col in ("start_date", "end_date"):
        vals = ev[col].fillna("")
        present = vals != ""
        shape_ok = vals.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").fillna(False)
        has_day = vals.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False)
        wrong = present & shape_ok & (((prec == "month") & has_day) | ((prec == "day") & ~has_day))
        _flag(
            problems,
            f,
            ev,
            wrong,
            col,
            lambda v: f"{v!r} does not fit date_precision (day: YYYY-MM-DD, month: YYYY-MM)",
        )
        first, _, ok = parse_partial_dates(vals, prec)
        unreal = present & shape_ok & ~wrong & prec.isin(["day", "month"]) & ~ok
        _flag(problems, f, ev, unreal, col, lambda v: f"{v!r} is not a real calendar date")
    start, _, s_ok = parse_partial_dates(ev["start_date"], prec)
    end_raw = ev["end_date"].where(ev["end_date"].fillna("") != "", ev["start_date"])
    _, end, e_ok = parse_partial_dates(end_raw, prec)
    bad = s_ok & e_ok & (end < start)
    _flag(problems, f, ev, bad, "end_date", lambda v: f"{v!r} is before start_date")

    codes = iso3_codes()
    regions = set(tables["regions"]["iso3"])
    for col in ("host_iso3", "counterpart_iso3"):
        vals = ev[col].fillna("")
        unknown = (vals != "") & ~vals.isin(codes)
        _flag(problems, f, ev, unknown, col, lambda v: f"{v!r} is not an ISO 3166-1 alpha-3 code")
        noregion = (vals != "") & vals.isin(codes) & ~vals.isin(regions)
        _flag(
            problems,
            f,
            ev,
            noregion,
            col,
            lambda v: f"{v!r} has no continent in regions.csv; add its UN M49 region there",
        )

    d, t, host = ev["direction"], ev["event_type"], ev["host_iso3"].fillna("")
    _flag(
        problems,
        f,
        ev,
        (d == "inbound") & (host != "AFG"),
        "host_iso3",
        "an inbound event happens in Afghanistan: host_iso3 must be AFG",
    )
    _flag(
        problems,
        f,
        ev,
        d.isin(TRIP_DIRECTIONS) & (host.isin(["", "AFG"])),
        "host_iso3",
        "a trip stop needs the foreign host country",
    )
    _flag(
        problems,
        f,
        ev,
        d.isin(TRIP_DIRECTIONS) & (ev["trip_id"].fillna("") == "") & (ev["status"] == "occurred"),
        "trip_id",
        "an outbound or third-country stop needs a trip_id",
    )
    _flag(
        problems,
        f,
        ev,
        ~d.isin(TRIP_DIRECTIONS) & (ev["trip_id"].fillna("") != ""),
        "trip_id",
        "only outbound or third-country stops carry a trip_id",
    )
    _flag(
        problems,
        f,
        ev,
        t.isin(STATUS_TYPES) & (d != "status"),
        "direction",
        "status events (representation, recognition, designation, exemption) use direction=status",
    )
    _flag(
        problems,
        f,
        ev,
        (t == "call") & (d != "remote"),
        "direction",
        "a call uses direction=remote",
    )

    persons = set(tables["persons"]["person_id"])
    parts = ev["participants"].fillna("").str.split(";")
    for row, items in zip(ev["_row"], parts, strict=True):
        for pid in (p.strip() for p in items):
            if pid and pid not in persons:
                problems.append(
                    Problem(
                        f, int(row), "participants", f"{pid!r} is not a known persons.person_id"
                    )
                )

    trips = set(ev["trip_id"].fillna("")) - {""}
    rel = ev["related_trip_id"].fillna("")
    _flag(
        problems,
        f,
        ev,
        (rel != "") & ~rel.isin(trips),
        "related_trip_id",
        lambda v: f"{v!r} is not a trip_id in events.csv",
    )
    _flag(
        problems,
        f,
        ev,
        (rel != "") & (t != "sanctions_exemption"),
        "related_trip_id",
        "only a sanctions_exemption refers to a trip",
    )

    sourced = set(tables["sources"]["event_id"])
    _flag(
        problems,
        f,
        ev,
        ~ev["event_id"].isin(sourced),
        "event_id",
        lambda v: f"{v!r} has no row in sources.csv (every event needs a source)",
    )

    # Stops of a trip, in event_id order, must be in date order.
    frame = pd.DataFrame(
        {
            "trip": ev["trip_id"].fillna(""),
            "id": ev["event_id"],
            "start": start,
            "end": end,
            "row": ev["_row"],
        }
    )
    stops = frame[(frame["trip"] != "") & frame["start"].notna()].sort_values(["trip", "id"])
    back = stops["start"] < stops.groupby("trip")["start"].cummax()
    for row, trip in zip(stops.loc[back, "row"], stops.loc[back, "trip"], strict=True):
        problems.append(
            Problem(f, int(row), "start_date", f"stops of {trip} are not in date order")
        )

    # An exemption's window must cover the trip it is for.
    span = stops.groupby("trip").agg(first=("start", "min"), last=("end", "max"))
    ex = frame.assign(rel=rel)[(rel != "") & rel.isin(span.index) & s_ok]
    if len(ex):
        j = ex.join(span, on="rel")
        bad = (j["start"] > j["first"]) | (j["end"] < j["last"])
        for row, trip in zip(j.loc[bad, "row"], j.loc[bad, "rel"], strict=True):
            problems.append(
                Problem(
                    f,
                    int(row),
                    "start_date",
                    f"the exemption window does not cover the dates of {trip}",
                )
            )


def check_roles(roles: pd.DataFrame, problems: list[Problem]) -> None:
    f = "person_roles.csv"
    for col in ("valid_from", "valid_to"):
        vals = roles[col].fillna("")
        prec = pd.Series(["day" if len(v) == 10 else "month" for v in vals], index=roles.index)
        _, _, ok = parse_partial_dates(vals, prec)
        shape_ok = vals.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?").fillna(False)
        _flag(
            problems,
            f,
            roles,
            (vals != "") & shape_ok & ~ok,
            col,
            lambda v: f"{v!r} is not a real calendar date",
        )


def check_persons(persons: pd.DataFrame, problems: list[Problem]) -> None:
    """A UN reference implies a listing (the rest is checked against the list: check_un_list)."""
    f = "persons.csv"
    listed = persons["un_listed"].fillna("") == "true"
    _flag(
        problems,
        f,
        persons,
        (persons["un_ref"].fillna("") != "") & ~listed,
        "un_listed",
        "a person with a un_ref must have un_listed=true",
    )


def check_un_list(persons: pd.DataFrame, data_dir: Path) -> list[Problem]:
    """Every person's UN columns against the vendored UN list (``helpers.unlist``)."""
    from helpers import unlist

    try:
        lst = unlist.load_list(data_dir)
        return unlist.check_file(lst, data_dir) + unlist.check_persons(persons, lst)
    except DataError as exc:
        return list(exc.problems)


def check_regions(regions: pd.DataFrame, problems: list[Problem]) -> None:
    vals = regions["iso3"].fillna("")
    unknown = (vals != "") & ~vals.isin(iso3_codes())
    _flag(
        problems,
        "regions.csv",
        regions,
        unknown,
        "iso3",
        lambda v: f"{v!r} is not an ISO 3166-1 alpha-3 code",
    )


# --------------------------------------------------------------------------- typing


def type_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Turn validated string frames into typed ones with derived columns."""
    ev = tables["events"].drop(columns="_row").copy()
    prec = ev["date_precision"]
    ev["start"], _, _ = parse_partial_dates(ev["start_date"], prec)
    end_raw = ev["end_date"].where(ev["end_date"] != "", ev["start_date"])
    _, ev["end"], _ = parse_partial_dates(end_raw, prec)
    # A month-precision event is only certainly over by the last day of its month.
    ev["known_by"] = ev["end"].where(prec == "month", ev["start"])
    ev["pre_takeover"] = ev["start"] < TAKEOVER
    ev["is_trip_stop"] = ev["direction"].isin(TRIP_DIRECTIONS) & ev["event_type"].isin(TRIP_TYPES)
    ev["counts"] = ev["status"].eq("occurred")
    # ";lead;participant;...;" so that person filters are one substring test per person
    ev["people"] = ";" + ev["lead_person_id"] + ";" + ev["participants"] + ";"
    regions = tables["regions"].drop(columns="_row").copy()
    regions["transcontinental"] = regions["transcontinental"].eq("true")
    reg = regions.set_index("iso3")
    ev["host_region"] = ev["host_iso3"].map(reg["m49_region"]).fillna("")
    ev["host_transcontinental"] = (
        ev["host_iso3"].map(reg["transcontinental"]).fillna(False).astype(bool)
    )
    ev["month"] = ev["start"].dt.to_period("M")
    for c in ("event_type", "direction", "status", "date_precision", "counterpart_tier"):
        ev[c] = ev[c].astype("category")
    sources = tables["sources"].drop(columns="_row").copy()
    persons = tables["persons"].drop(columns="_row").copy()
    persons["un_listed"] = persons["un_listed"].eq("true")
    persons["un_listed_on"] = pd.to_datetime(
        persons["un_listed_on"].replace("", None), format="%Y-%m-%d"
    )
    roles = tables["person_roles"].drop(columns="_row").copy()
    return {
        "events": ev.sort_values(["start", "event_id"]).reset_index(drop=True),
        "sources": sources,
        "persons": persons,
        "roles": roles,
        "regions": regions,
    }


# --------------------------------------------------------------------------- entry points


def validate(
    data_dir: Path | str | None = None,
) -> tuple[list[Problem], dict[str, pd.DataFrame], dict]:
    """Check every table; return (problems, string tables, descriptor). Never writes a file."""
    data_dir = Path(data_dir or DATA_DIR)
    problems: list[Problem] = []
    desc_path = data_dir / "datapackage.json"
    if not desc_path.exists():
        return [Problem("datapackage.json", 0, "-", f"file is missing ({desc_path})")], {}, {}
    try:
        desc = json.loads(desc_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return (
            [Problem("datapackage.json", getattr(exc, "lineno", 0), "-", f"not valid JSON: {exc}")],
            {},
            {},
        )
    tables: dict[str, pd.DataFrame] = {}
    broken: set[str] = set()
    for res in desc["resources"]:
        fields = [f["name"] for f in res["schema"]["fields"]]
        before = len(problems)
        df = read_table(data_dir / res["path"], fields, problems)
        if len(problems) > before:  # structural defect: rows may be missing
            broken.add(res["name"])
        check_schema(res["path"], df, res["schema"], problems)
        tables[res["name"]] = df.fillna("")
    if broken:
        # Checks across tables would report the rows the reader had to skip, burying the real defect.
        return sorted(set(problems)), tables, desc
    check_foreign_keys(tables, desc, problems)
    check_events(tables["events"], tables, problems)
    check_roles(tables["person_roles"], problems)
    check_persons(tables["persons"], problems)
    problems += check_un_list(tables["persons"], data_dir)
    check_regions(tables["regions"], problems)
    return sorted(set(problems)), tables, desc


def load(data_dir: Path | str | None = None) -> Dataset:
    """Load and validate ``data/``. Raises :class:`DataError` listing every problem."""
    data_dir = Path(data_dir or DATA_DIR)
    problems, tables, desc = validate(data_dir)
    if problems:
        raise DataError(problems)
    typed = type_tables(tables)
    return Dataset(**typed, descriptor=desc, sha256=dataset_sha256(data_dir), data_dir=data_dir)


def row_counts(ds: Dataset) -> dict[str, int]:
    return {
        "events": len(ds.events),
        "sources": len(ds.sources),
        "persons": len(ds.persons),
        "person_roles": len(ds.roles),
        "regions": len(ds.regions),
    }
