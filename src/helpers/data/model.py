"""The typed dataset every helper and notebook receives, and how string tables become it.

Why one model: counting, firsts, claims and reports all need the same derived columns (first and
last day of a partial date, "known by" for month-precision events, trip-stop and counts flags,
host region); computing them once here means one definition of each, used everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.data.descriptor import citation_text
from helpers.data.vocab import TAKEOVER, TRIP_DIRECTIONS, TRIP_TYPES, parse_partial_dates
from helpers.paths import DATA_DIR


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
    #: The line of each event in events.csv (index: event_id), so later checks can point at it.
    event_lines: pd.Series = field(default_factory=lambda: pd.Series(dtype=int), repr=False)

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", "0"))

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", "dataset"))

    @property
    def n_sources(self) -> int:
        return int(self.sources["url"].nunique())

    @property
    def citation(self) -> str:
        """How to cite the dataset, its ``{version}`` filled in (never through ``str.format``)."""
        return citation_text(self.descriptor, self.version)

    def source_line(self) -> str:
        """The line printed under every figure."""
        return (
            f"Data: {self.name} v{self.version} ({len(self.events)} events, "
            f"{self.n_sources} sources; sha256 {self.sha256[:12]})"
        )


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


def row_counts(ds: Dataset) -> dict[str, int]:
    """Rows per table, as ``validate`` prints them."""
    return {
        "events": len(ds.events),
        "sources": len(ds.sources),
        "persons": len(ds.persons),
        "person_roles": len(ds.roles),
        "regions": len(ds.regions),
    }
