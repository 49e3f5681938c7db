"""Merge the sourcing team's staging files (one set per agent) into data/*.csv.

Used once per sourcing pass: assigns stable ids in date order (AFE#####, TRP####), maps each
agent's temporary trip ids, unions persons and roles, and drops rows listed in DROP (duplicates
found across agents, decided by hand with the reason recorded in data/CHANGELOG.md).
Ids of an earlier pass never move when a later pass is added (see PASS).

Superseded: data/*.csv have been edited by hand since the last merge (persons.csv's UN listing,
v0.2.1), so this script must not be re-run over them; it is kept as the record of how the
sourcing passes became the dataset. Add new events by hand (README, "How to add an event").
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

# Spelling variants of persons' ids (CANON, canon) and the row reader are shared with append_pass.
from append_pass import CANON, canon
from append_pass import read as rows

STAGING = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/staging")
DATA = Path(__file__).resolve().parents[1] / "data"
AGENTS = "ABCDEFGHIJKLMNOP"
# Sourcing passes: ids of an earlier pass never move when a later pass is added (ids are stable).
PASS = {a: (0 if a in "ABCDEFGH" else 1) for a in AGENTS}
DROP: set[str] = (
    set(Path(STAGING / "drop.txt").read_text().split())
    if (STAGING / "drop.txt").exists()
    else set()
)


# Exemptions linked to the trip they cover, decided by hand after checking the windows.
RELATED = {"F010": "G-T38", "F018": "B-T01", "F021": "B-T05", "F023": "C-T01", "F019": "I-T05"}
# Integration notes: where two agents' sources disagree, say so on the row.
NOTE = {
    "F004": "Integration: the trip row (Islamabad, from 2023-05-05) starts a day before this window "
    "(6-9 May); sources disagree on the arrival day, so the exemption is not linked to the trip.",
    "F014": "Integration: Muttaqi's Dubai meeting with Vikram Misri is dated 2025-01-08, a day after this "
    "window ends (7 January); not linked. Either the meeting date or the reported window is off by a day.",
    "F022": "Integration: the dataset's Haqqani-MBZ meeting is dated 2024-06-04 (sources say 3, 4 or 10 June), "
    "outside this 21-25 June window; not linked. This window may belong to a second June trip not in the data.",
    "F003": "Integration: Haqqani's January 2025 journey is recorded as one trip (UAE stop 2025-01-21, then Saudi "
    "Arabia); this window (from 23 January) covers only the Saudi leg, so it is not linked.",
    "F009": "Integration: covers the India leg (9-16 Oct) of trip that began in Moscow on 7 Oct; the Moscow leg "
    "is covered by the exemption reported for the Moscow Format, which is the row linked to the trip.",
}
# Rank of the envoy or mission in a representation row, read from its summary, with overrides
# where the summary's wording would mislead a keyword rule.
RANK = {
    "E015": "charge_d_affaires",
    "E022": "mission",
    "E024": "head_of_mission",
    "E028": "head_of_mission",
    "E029": "head_of_mission",
    "E031": "diplomat",
    "E035": "diplomat",
}


def envoy_rank(summary: str) -> str:
    s = summary.lower()
    if "refused to accept a taliban ambassador" in s:
        return "diplomat"
    if "ambassador" in s:
        return "ambassador"
    if "charge d'affaires" in s or "chargé" in s:
        return "charge_d_affaires"
    if "head of" in s and "mission" in s:
        return "head_of_mission"
    if "embassy" in s or "mission" in s or "consulate" in s or "consular section" in s:
        return "mission"
    return "diplomat"


EV_FIELDS = [
    "event_id",
    "trip_id",
    "status",
    "start_date",
    "end_date",
    "date_precision",
    "event_type",
    "direction",
    "host_iso3",
    "counterpart_iso3",
    "city",
    "forum",
    "lead_person_id",
    "participants",
    "counterpart_name",
    "counterpart_role",
    "counterpart_tier",
    "envoy_rank",
    "cameo_code",
    "related_trip_id",
    "summary",
    "notes",
]


def main() -> None:
    events, sources, persons = [], [], []
    for a in AGENTS:
        for r in rows(STAGING / f"{a}_events.csv"):
            if r["tmp_id"] in DROP:
                continue
            r["_agent"] = a
            r["lead_person_id"] = canon(r.get("lead_person_id", ""))
            r["participants"] = ";".join(
                x
                for x in canon(r.get("participants", "")).split(";")
                if x and x != r["lead_person_id"]
            )
            events.append(r)
        sources += [s for s in rows(STAGING / f"{a}_sources.csv") if s["tmp_id"] not in DROP]
        for p in rows(STAGING / f"{a}_persons.csv"):
            if p["person_id"] in CANON:
                p["aliases"] = ";".join(filter(None, [p.get("aliases", ""), p["name"]]))
                p["person_id"] = CANON[p["person_id"]]
            persons.append(dict(p, _agent=a))
    events.sort(key=lambda r: (PASS[r["_agent"]], r["start_date"], r["_agent"], r["tmp_id"]))
    ids = {r["tmp_id"]: f"AFE{i:05d}" for i, r in enumerate(events, 1)}
    trip_first: dict[tuple[str, str], str] = {}
    for r in events:
        if r.get("trip_tmp"):
            trip_first.setdefault((r["_agent"], r["trip_tmp"]), r["start_date"])
    trips = {
        k: f"TRP{i:04d}"
        for i, (k, _) in enumerate(
            sorted(trip_first.items(), key=lambda kv: (PASS[kv[0][0]], kv[1], kv[0])), 1
        )
    }
    out = []
    for r in events:
        row = {f: r.get(f, "") for f in EV_FIELDS}
        row["event_id"] = ids[r["tmp_id"]]
        row["trip_id"] = trips.get((r["_agent"], r.get("trip_tmp", "")), "")
        rel = RELATED.get(r["tmp_id"], r.get("related_trip_tmp", ""))
        if r["tmp_id"] in NOTE:
            row["notes"] = (row["notes"] + " " + NOTE[r["tmp_id"]]).strip()
        row["related_trip_id"] = trips.get((rel.split("-")[0], rel), "") if rel else ""
        if rel and not row["related_trip_id"]:
            for (_ag, tt), tid in trips.items():
                if tt == rel:
                    row["related_trip_id"] = tid
        row["cameo_code"] = row["cameo_code"].zfill(3) if row["cameo_code"] else ""
        if row["event_type"] == "representation":
            row["envoy_rank"] = RANK.get(r["tmp_id"]) or envoy_rank(row["summary"])
        out.append(row)
    with (DATA / "events.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, EV_FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    seen = set()
    src_out = []
    for s in sources:
        if s["tmp_id"] not in ids:
            print("source for unknown event", s["tmp_id"], file=sys.stderr)
            continue
        key = (ids[s["tmp_id"]], s["url"])
        if key in seen:
            continue
        seen.add(key)
        src_out.append(
            {
                "event_id": key[0],
                "url": s["url"],
                "publisher": s["publisher"],
                "published": s.get("published", ""),
                "quote": s["quote"],
            }
        )
    src_out.sort(key=lambda s: (s["event_id"], s["url"]))
    with (DATA / "sources.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(
            fh, ["event_id", "url", "publisher", "published", "quote"], lineterminator="\n"
        )
        w.writeheader()
        w.writerows(src_out)
    # persons: F (UN list) first, then others
    persons.sort(key=lambda p: (p["_agent"] != "F", p["_agent"]))
    people: dict[str, dict] = {}
    roles = {}
    for p in persons:
        pid = p["person_id"]
        cur = people.setdefault(
            pid,
            {
                "person_id": pid,
                "name": p["name"],
                "aliases": [],
                "un_ref": "",
                "un_listed_on": "",
                "un_source_url": "",
                "un_quote": "",
                "notes": "",
            },
        )
        for al in p.get("aliases", "").split(";"):
            if al.strip() and al.strip() not in cur["aliases"] and al.strip() != cur["name"]:
                cur["aliases"].append(al.strip())
        if p.get("un_ref") and not cur["un_ref"]:
            cur["un_ref"], cur["un_source_url"], cur["un_quote"] = (
                p["un_ref"],
                p["source_url"],
                p["quote"],
            )
        if p.get("un_listed_on") and not cur["un_listed_on"] and len(p["un_listed_on"]) == 10:
            cur["un_listed_on"] = p["un_listed_on"]
        if p.get("role") and p.get("source_url") and p.get("quote"):
            roles.setdefault(
                (pid, p["role"].strip(), p.get("valid_from", ""), p.get("valid_to", "")),
                (p["source_url"], p["quote"]),
            )
    with (DATA / "persons.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(
            fh,
            [
                "person_id",
                "name",
                "aliases",
                "un_ref",
                "un_listed_on",
                "un_source_url",
                "un_quote",
                "notes",
            ],
            lineterminator="\n",
        )
        w.writeheader()
        for pid in sorted(people):
            w.writerow(dict(people[pid], aliases=";".join(people[pid]["aliases"])))
    with (DATA / "person_roles.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["person_id", "role", "valid_from", "valid_to", "source_url", "quote"])
        for (pid, role, vf, vt), (url, q) in sorted(roles.items()):
            w.writerow([pid, role, vf, vt, url, q])
    print(
        f"{len(out)} events, {len(src_out)} sources, {len(people)} persons, {len(roles)} roles, "
        f"{len(trips)} trips",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
