"""``taliban-tracker add-pass STAGING``: add one sourcing pass's staging files to the dataset.

A staging folder holds, for each prefix X:

* ``X_events.csv``: the columns of ``events.csv`` with ``tmp_id`` instead of ``event_id``,
  ``trip_tmp`` instead of ``trip_id`` and ``related_trip_tmp`` instead of ``related_trip_id``;
* ``X_sources.csv``: ``tmp_id``, ``url``, ``publisher``, ``published``, ``quote``;
* ``X_persons.csv``: ``person_id``, ``name``, ``aliases``, ``role``, ``valid_from``,
  ``valid_to``, ``source_url``, ``quote``.

Why this shape: new events get the next free ids in date order (AFE#####, TRP####) and existing
rows are never rewritten or renumbered, so ids stay stable. The columns written are those of
``datapackage.json`` (a new column there needs no code change). The merged dataset is written to a
copy of the data folder, validated there, and only then swapped in with one rename, so the data
folder is either untouched or fully updated. Likely duplicates of events already in the dataset
(same host country, start dates within 3 days, a shared official) are listed for review, and
nothing is written unless the caller confirms (``--yes``).
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from helpers import unlist
from helpers.errors import DataError, Problem

DUPLICATE_DAYS = 3
CANON = {  # spelling variants of one official's id seen in staging files -> the dataset's id
    "abdul-latif-mansoor": "abdul-latif-mansur",
    "abdul-latif-mansour": "abdul-latif-mansur",
    "hedayatullah-badri": "hidayatullah-badri",
    "khairullah-khairkhwa": "khairullah-khairkhwah",
    "mohammad-yousuf-wafa": "mohammad-yusuf-wafa",
    "noorullah-noori": "nurullah-nuri",
}
RANKS = (  # representation rows: envoy rank read from the summary (first match wins)
    ("refused to accept a taliban ambassador", "diplomat"),
    ("ambassador", "ambassador"),
    ("charge d'affaires", "charge_d_affaires"),
    ("chargé", "charge_d_affaires"),
    ("head of mission", "head_of_mission"),
    ("embassy", "mission"),
    ("consulate", "mission"),
    ("mission", "mission"),
)


@dataclass
class Pass:
    """What a pass would add, and what a reader must look at before it is written."""

    events: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    trips: int = 0
    duplicates: list[str] = field(default_factory=list)  # "X001 ... may repeat AFE00123 ..."
    notes: list[str] = field(default_factory=list)  # skipped rows, events without a source
    written: bool = False


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [
                {k.strip(): (v or "").strip() for k, v in r.items() if k}
                for r in csv.DictReader(fh)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(Problem(str(path), 0, "", f"cannot read: {exc}")) from exc


def _columns(data_dir: Path) -> dict[str, tuple[str, list[str]]]:
    """Resource name -> (file name, column order) from ``datapackage.json``."""
    f = data_dir / "datapackage.json"
    try:
        desc = json.loads(f.read_text(encoding="utf-8"))
        return {
            r["name"]: (r["path"], [x["name"] for x in r["schema"]["fields"]])
            for r in desc["resources"]
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(Problem(str(f), 0, "resources", f"cannot read the schema: {exc}")) from exc


def _canon(ids: str, lead: str = "") -> str:
    out: list[str] = []
    for x in (CANON.get(i.strip(), i.strip()) for i in ids.split(";")):
        if x and x != lead and x not in out:
            out.append(x)
    return ";".join(out)


def _people(row: dict) -> set[str]:
    return {
        p for p in [row.get("lead_person_id", ""), *row.get("participants", "").split(";")] if p
    }


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def likely_duplicates(new: list[dict], old: list[dict]) -> list[str]:
    """New events that may repeat an existing one: same host country, start dates within
    ``DUPLICATE_DAYS`` days, and at least one official in common."""
    found = []
    for n in new:
        d = _day(n.get("start_date", ""))
        if d is None:
            continue
        for o in old:
            od = _day(o.get("start_date", ""))
            shared = _people(n) & _people(o)
            if (
                od is not None
                and o.get("host_iso3") == n.get("host_iso3")
                and abs((od - d).days) <= DUPLICATE_DAYS
                and shared
            ):
                found.append(
                    f"{n['tmp_id']} ({n['start_date']} {n.get('host_iso3', '')}) may repeat "
                    f"{o['event_id']} ({o['start_date']} {o.get('host_iso3', '')}; "
                    f"shared: {', '.join(sorted(shared))})"
                )
    return found


def prepare(staging: Path, data_dir: Path, drop: set[str] | None = None) -> Pass:
    """Read the staging files and work out the rows to add (writes nothing)."""
    drop = drop or set()
    prefixes = sorted(p.name[: -len("_events.csv")] for p in staging.glob("*_events.csv"))
    if not prefixes:
        raise DataError(Problem(str(staging), 0, "", "no *_events.csv file in the staging folder"))
    old_events = _read(data_dir / "events.csv")
    old_sources = _read(data_dir / "sources.csv")
    next_event = 1 + max((int(r["event_id"][3:]) for r in old_events), default=0)
    next_trip = 1 + max((int(r["trip_id"][3:]) for r in old_events if r.get("trip_id")), default=0)
    p = Pass()
    events, sources, persons = [], [], []
    for x in prefixes:
        for r in _read(staging / f"{x}_events.csv"):
            if r.get("tmp_id") in drop:
                continue
            r["lead_person_id"] = _canon(r.get("lead_person_id", ""))
            r["participants"] = _canon(r.get("participants", ""), r["lead_person_id"])
            events.append(r)
        sources += [s for s in _read(staging / f"{x}_sources.csv") if s.get("tmp_id") not in drop]
        persons += _read(staging / f"{x}_persons.csv")
    events.sort(key=lambda r: (r.get("start_date", ""), r.get("tmp_id", "")))
    ids = {r["tmp_id"]: f"AFE{next_event + i:05d}" for i, r in enumerate(events)}
    trip_ids: dict[str, str] = {}
    for r in events:
        if r.get("trip_tmp") and r["trip_tmp"] not in trip_ids:
            trip_ids[r["trip_tmp"]] = f"TRP{next_trip + len(trip_ids):04d}"
    p.trips = len(trip_ids)
    old_quotes = {(s["url"], s["quote"]) for s in old_sources}
    cited: dict[str, list[bool]] = {}
    for s in sources:
        cited.setdefault(s["tmp_id"], []).append((s.get("url"), s.get("quote")) in old_quotes)
    repeats = sorted(t for t, hits in cited.items() if t in ids and all(hits))
    if repeats:
        raise DataError(
            Problem(
                str(staging),
                0,
                "",
                f"every source of {', '.join(repeats)} is already in sources.csv: a duplicate "
                "or a re-run; list them in --drop after checking",
            )
        )
    for r in events:
        row = dict(r, event_id=ids[r["tmp_id"]], trip_id=trip_ids.get(r.get("trip_tmp", ""), ""))
        row["related_trip_id"] = trip_ids.get(r.get("related_trip_tmp", ""), "")
        row["cameo_code"] = r["cameo_code"].zfill(3) if r.get("cameo_code") else ""
        if row.get("event_type") == "representation" and not row.get("envoy_rank"):
            s = row.get("summary", "").lower()
            row["envoy_rank"] = next((rank for key, rank in RANKS if key in s), "diplomat")
        p.events.append(row)
    seen = set()
    for s in sources:
        if s["tmp_id"] not in ids:
            p.notes.append(f"{s['tmp_id']}: source for an event not in this pass, skipped")
            continue
        key = (ids[s["tmp_id"]], s["url"])
        if key not in seen:
            seen.add(key)
            p.sources.append(dict(s, event_id=key[0]))
    p.sources.sort(key=lambda s: (s["event_id"], s["url"]))
    orphans = sorted(set(ids) - {s["tmp_id"] for s in sources})
    if orphans:
        p.notes.append(f"events without a source (validation will refuse them): {orphans}")
    have = {r["person_id"] for r in _read(data_dir / "persons.csv")}
    have_roles = {(r["person_id"], r["role"]) for r in _read(data_dir / "person_roles.csv")}
    new_people: dict[str, dict] = {}
    for r in persons:
        pid = CANON.get(r["person_id"], r["person_id"])
        if pid not in have and pid not in new_people:
            new_people[pid] = {"person_id": pid, "name": r["name"], "aliases": r.get("aliases", "")}
            new_people[pid].update(
                unlist.new_person_columns(r["name"], r.get("aliases", ""), data_dir)
            )
        if (
            r.get("role")
            and r.get("source_url")
            and r.get("quote")
            and (pid, r["role"]) not in have_roles
        ):
            have_roles.add((pid, r["role"]))
            p.roles.append(dict(r, person_id=pid))
    p.persons = sorted(new_people.values(), key=lambda r: r["person_id"])
    p.duplicates = likely_duplicates(events, old_events)
    return p


def _append(src: Path, dst: Path, columns: list[str], rows: list[dict]) -> None:
    """Write ``src``'s bytes plus ``rows`` (in ``columns`` order) to ``dst``."""
    text = src.read_text(encoding="utf-8") if src.is_file() else ",".join(columns) + "\n"
    if text and not text.endswith("\n"):
        text += "\n"
    with dst.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        csv.DictWriter(fh, columns, lineterminator="\n", extrasaction="ignore").writerows(rows)


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``), else two renames."""
    with contextlib.suppress(AttributeError, OSError):
        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, exchange = -100, 2
        if libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), exchange) == 0:
            return
    old = a.with_name(a.name + ".old-swap")
    os.rename(a, old)
    os.rename(b, a)
    os.rename(old, b)


def write(p: Pass, data_dir: Path) -> None:
    """Merge the pass into a copy of ``data_dir``, validate the copy, swap it in."""
    from helpers import data

    data_dir = data_dir.resolve()
    cols = _columns(data_dir)
    work = Path(tempfile.mkdtemp(dir=data_dir.parent, prefix=f".{data_dir.name}.", suffix=".tmp"))
    try:
        copy = work / data_dir.name
        shutil.copytree(data_dir, copy, symlinks=True)
        for name, rows in (
            ("events", p.events),
            ("sources", p.sources),
            ("persons", p.persons),
            ("person_roles", p.roles),
        ):
            if rows:
                fname, columns = cols[name]
                _append(data_dir / fname, copy / fname, columns, rows)
        problems, _, _ = data.validate(copy)
        errors = [q for q in problems if getattr(q, "severity", "error") == "error"]
        if errors:
            raise DataError(errors)  # file names are relative to the data folder: still right
        _exchange(data_dir, copy)  # `copy` now holds the previous data, removed below
        p.written = True
    finally:
        shutil.rmtree(work, ignore_errors=True)
