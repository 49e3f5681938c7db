"""Append one sourcing pass's staging files to data/*.csv without touching the rows already there.

A sourcing helper writes, in a staging folder:
- `<X>_events.csv`: the columns of data/events.csv, with `tmp_id` (X001...) instead of `event_id`,
  `trip_tmp` (X-T01...) instead of `trip_id` and `related_trip_tmp` instead of `related_trip_id`;
- `<X>_sources.csv`: tmp_id, url, publisher, published, quote (a verbatim quote of the page);
- `<X>_persons.csv`: person_id, name, aliases, role, valid_from, valid_to, source_url, quote.
This script gives the new events the next free ids in date
order (AFE#####, TRP####), maps the helpers' temporary trip ids, appends sources, adds persons
who are not in persons.csv yet and roles not recorded yet. Existing rows are never rewritten or
renumbered, so ids stay stable and a re-run with the same input is refused.

Usage: python tools/append_pass.py STAGING_DIR LETTERS [--drop FILE] [--dry-run] [--data-dir DIR]
  LETTERS: the helpers' letters, e.g. PQRSTUVW. --drop: whitespace-separated tmp ids to skip
  (duplicates decided by hand; the reason goes to data/CHANGELOG.md).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "data"
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


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(fh)
        ]


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def append(path: Path, rows: list[dict]) -> None:
    fields = header(path)
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fields, lineterminator="\n", extrasaction="ignore").writerows(rows)


def canon(ids: str, lead: str = "") -> str:
    out: list[str] = []
    for x in (CANON.get(i.strip(), i.strip()) for i in ids.split(";")):
        if x and x != lead and x not in out:
            out.append(x)
    return ";".join(out)


def envoy_rank(summary: str) -> str:
    s = summary.lower()
    return next((rank for key, rank in RANKS if key in s), "diplomat")


def un_columns(person: dict, data_dir: Path) -> dict:
    """A new person checked against the vendored UN list by exact name: no namesake -> not listed
    as of the list's date; a namesake -> status left open, the record named in notes for review."""
    from helpers import unlist

    lst = unlist.load_list(data_dir)
    names = [person["name"], *person.get("aliases", "").split(";")]
    hits = lst.by_name(n for n in names if n.strip())
    cols = {"un_checked_on": lst.as_of.isoformat(), "un_source": unlist.LIST_FILE}
    if not hits:
        return {**cols, "un_listed": "false"}
    refs = ", ".join(f"{ref} '{name}'" for ref, name in sorted(hits.items()))
    return {**cols, "notes": f"Listing status open: the UN list's {refs} has this name."}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("staging", type=Path)
    ap.add_argument("letters")
    ap.add_argument("--drop", type=Path)
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    a = ap.parse_args(argv)
    data_dir: Path = a.data_dir
    drop = set(a.drop.read_text().split()) if a.drop else set()
    old_events = read(data_dir / "events.csv")
    next_event = 1 + max(int(r["event_id"][3:]) for r in old_events)
    next_trip = 1 + max(int(r["trip_id"][3:]) for r in old_events if r["trip_id"])
    events, sources, persons = [], [], []
    for x in a.letters:
        for r in read(a.staging / f"{x}_events.csv"):
            if r["tmp_id"] in drop:
                continue
            r["lead_person_id"] = canon(r.get("lead_person_id", ""))
            r["participants"] = canon(r.get("participants", ""), r["lead_person_id"])
            r["_x"] = x
            events.append(r)
        sources += [s for s in read(a.staging / f"{x}_sources.csv") if s["tmp_id"] not in drop]
        persons += read(a.staging / f"{x}_persons.csv")
    events.sort(key=lambda r: (r["start_date"], r["tmp_id"]))
    ids = {r["tmp_id"]: f"AFE{next_event + i:05d}" for i, r in enumerate(events)}
    trip_ids: dict[str, str] = {}
    for r in events:
        if r.get("trip_tmp") and r["trip_tmp"] not in trip_ids:
            trip_ids[r["trip_tmp"]] = f"TRP{next_trip + len(trip_ids):04d}"
    known_urls = {s["url"] for s in read(data_dir / "sources.csv")}
    new_events = []
    for r in events:
        row = dict(r, event_id=ids[r["tmp_id"]], trip_id=trip_ids.get(r.get("trip_tmp", ""), ""))
        row["related_trip_id"] = trip_ids.get(r.get("related_trip_tmp", ""), "")
        row["cameo_code"] = r.get("cameo_code", "").zfill(3) if r.get("cameo_code") else ""
        if row["event_type"] == "representation" and not row.get("envoy_rank"):
            row["envoy_rank"] = envoy_rank(row["summary"])
        new_events.append(row)
    new_sources, seen = [], set()
    for s in sources:
        if s["tmp_id"] not in ids:
            print(f"{s['tmp_id']}: source for an event not in this pass, skipped", file=sys.stderr)
            continue
        key = (ids[s["tmp_id"]], s["url"])
        if key not in seen:
            seen.add(key)
            new_sources.append(dict(s, event_id=key[0]))
    old_quotes = {(s["url"], s["quote"]) for s in read(data_dir / "sources.csv")}
    cited = {}
    for s in sources:
        cited.setdefault(s["tmp_id"], []).append((s["url"], s["quote"]) in old_quotes)
    repeats = sorted(t for t, hits in cited.items() if t in ids and all(hits))
    if repeats:
        print(
            f"every source of {repeats} is already in sources.csv: a duplicate or a re-run; "
            "list them in --drop after checking",
            file=sys.stderr,
        )
        return 1
    orphans = sorted(set(ids) - {s["tmp_id"] for s in sources})
    if orphans:
        print(
            f"events without a source (the validator will refuse them): {orphans}", file=sys.stderr
        )
    have = {p["person_id"] for p in read(data_dir / "persons.csv")}
    have_roles = {(r["person_id"], r["role"]) for r in read(data_dir / "person_roles.csv")}
    new_people: dict[str, dict] = {}
    new_roles: list[dict] = []
    for p in persons:
        pid = CANON.get(p["person_id"], p["person_id"])
        if pid not in have and pid not in new_people:
            new_people[pid] = {"person_id": pid, "name": p["name"], "aliases": p.get("aliases", "")}
            new_people[pid].update(un_columns(new_people[pid], data_dir))
        if (
            p.get("role")
            and p.get("source_url")
            and p.get("quote")
            and (pid, p["role"]) not in have_roles
        ):
            have_roles.add((pid, p["role"]))
            new_roles.append(dict(p, person_id=pid))
    print(
        f"{len(new_events)} events ({ids and min(ids.values())}-{ids and max(ids.values())}), "
        f"{len(trip_ids)} trips, {len(new_sources)} sources "
        f"({len({s['url'] for s in new_sources} - known_urls)} new URLs), "
        f"{len(new_people)} persons, {len(new_roles)} roles",
        file=sys.stderr,
    )
    if a.dry_run:
        return 0
    new_sources.sort(key=lambda s: (s["event_id"], s["url"]))
    append(data_dir / "events.csv", new_events)
    append(data_dir / "sources.csv", new_sources)
    append(data_dir / "persons.csv", sorted(new_people.values(), key=lambda p: p["person_id"]))
    append(data_dir / "person_roles.csv", new_roles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
