"""Names a reader recognises: countries by name, officials by name and the role they held on the
day, counterparts by name. Codes stay available as secondary columns, never as the only label.

Country names come from pycountry (ISO 3166), preferring its ``common_name`` ("Iran", "South
Korea") and then a short editorial table where the official name is clumsy in prose ("Russian
Federation" -> "Russia"). The table is explicit so a reader can see every choice.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pycountry

# Editorial short names (only where pycountry's name or common_name reads badly in a sentence).
SHORT_NAMES = {
    "ARE": "UAE",
    "BOL": "Bolivia",
    "CHN": "China",
    "COD": "DR Congo",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "IRN": "Iran",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "PRK": "North Korea",
    "PSE": "Palestine",
    "RUS": "Russia",
    "SYR": "Syria",
    "TUR": "Türkiye",
    "TWN": "Taiwan",
    "TZA": "Tanzania",
    "USA": "United States",
    "VEN": "Venezuela",
    "VNM": "Vietnam",
}


@lru_cache(maxsize=512)
def country(iso3: str) -> str:
    """The short English name of an ISO 3166-1 alpha-3 code; '' for ''; the code if unknown."""
    code = (iso3 or "").strip().upper()
    if not code:
        return ""
    if code in SHORT_NAMES:
        return SHORT_NAMES[code]
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


def countries(codes: str, sep: str = ";") -> str:
    """'IRN;TUR' -> 'Iran, Türkiye' (order kept)."""
    return ", ".join(country(c) for c in str(codes or "").split(sep) if c.strip())


class People:
    """Official names and roles as of a date, from ``persons.csv`` and ``person_roles.csv``."""

    def __init__(self, persons: pd.DataFrame, roles: pd.DataFrame) -> None:
        self.names = dict(zip(persons["person_id"], persons["name"], strict=True))
        r = roles.copy()
        r["_from"] = pd.to_datetime(r["valid_from"].replace("", None), errors="coerce")
        r["_to"] = pd.to_datetime(r["valid_to"].replace("", None), errors="coerce")
        self.roles = {pid: g for pid, g in r.groupby("person_id", sort=True)}

    def name(self, person_id: str) -> str:
        pid = (person_id or "").strip()
        return self.names.get(pid, pid)

    def role(self, person_id: str, on: pd.Timestamp | None = None) -> str:
        """The role held on ``on``: a dated role whose span covers the day wins (latest start
        first); otherwise the first undated role; '' when the data records none."""
        g = self.roles.get((person_id or "").strip())
        if g is None or g.empty:
            return ""
        if on is not None and not pd.isna(on):
            dated = g[
                g["_from"].notna() & (g["_from"] <= on) & (g["_to"].isna() | (g["_to"] >= on))
            ]
            if len(dated):
                return str(dated.sort_values("_from").iloc[-1]["role"])
        undated = g[g["_from"].isna() & g["_to"].isna()]
        return str((undated if len(undated) else g).iloc[0]["role"])

    def label(self, person_id: str, on: pd.Timestamp | None = None) -> str:
        """'Amir Khan Muttaqi (Acting Foreign Minister)'."""
        name = self.name(person_id)
        role = self.role(person_id, on)
        return f"{name} ({role})" if role and name else name

    def names_of(self, ids: str, sep: str = ";") -> str:
        return ", ".join(self.name(p) for p in str(ids or "").split(sep) if p.strip())

    def short(self, person_id: str) -> str:
        """The family name used in prose ('Muttaqi'); the full name where it is one word."""
        name = self.name(person_id)
        return name.split()[-1] if name else ""
