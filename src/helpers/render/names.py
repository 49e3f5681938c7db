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
    """Official names and roles as of a date, from ``persons.csv`` and ``person_roles.csv``.

    Roles are kept as small Python lists and each (person, day) answer is memoized: the event
    register asks once per event, tens of thousands of times at 100 times today's data.
    """

    def __init__(self, persons: pd.DataFrame, roles: pd.DataFrame) -> None:
        self.names = dict(zip(persons["person_id"], persons["name"], strict=True))
        start = pd.to_datetime(roles["valid_from"].replace("", None), errors="coerce")
        end = pd.to_datetime(roles["valid_to"].replace("", None), errors="coerce")
        self.roles: dict[str, list[tuple[pd.Timestamp | None, pd.Timestamp | None, str]]] = {}
        for pid, a, b, role in zip(roles["person_id"], start, end, roles["role"], strict=True):
            self.roles.setdefault(pid, []).append(
                (None if pd.isna(a) else a, None if pd.isna(b) else b, str(role))
            )
        self._memo: dict[tuple[str, object], str] = {}

    def name(self, person_id: str) -> str:
        pid = (person_id or "").strip()
        return self.names.get(pid, pid)

    def role(self, person_id: str, on: pd.Timestamp | None = None) -> str:
        """The role held on ``on``: a dated role whose span covers the day wins (latest start
        first); otherwise the first undated role; '' when the data records none."""
        pid = (person_id or "").strip()
        key = (pid, None if on is None or pd.isna(on) else on)
        if key not in self._memo:
            self._memo[key] = self._role(pid, key[1])
        return self._memo[key]

    def _role(self, pid: str, on: pd.Timestamp | None) -> str:
        rows = self.roles.get(pid, [])
        if not rows:
            return ""
        if on is not None:
            dated = [
                r for r in rows if r[0] is not None and r[0] <= on and (r[1] is None or r[1] >= on)
            ]
            if dated:
                return max(dated, key=lambda r: r[0])[2]
        undated = [r for r in rows if r[0] is None and r[1] is None]
        return (undated or rows)[0][2]

    def label(self, person_id: str, on: pd.Timestamp | None = None) -> str:
        """'Amir Khan Muttaqi (Acting Minister of Foreign Affairs)'."""
        name = self.name(person_id)
        role = self.role(person_id, on)
        return f"{name} ({role})" if role and name else name

    def names_of(self, ids: str, sep: str = ";") -> str:
        return ", ".join(self.name(p) for p in str(ids or "").split(sep) if p.strip())

    def short(self, person_id: str) -> str:
        """The family name used in prose ('Muttaqi'); the full name where it is one word."""
        name = self.name(person_id)
        return name.split()[-1] if name else ""
