"""Which country each city named in ``events.csv`` lies in: the table behind ``host_city``.

Why a small explicit table rather than a gazetteer library: the data names a few dozen places,
a gazetteer brings tens of thousands of ambiguous names (there is a Mary in many countries) and a
download, and the check only has to catch a host country typed against the wrong city (``RUS``
with Kabul). A city missing here is simply not checked; add it when a new one appears.
Khankendi is listed under Azerbaijan, whose control of it the host code of its row reflects.
"""

from __future__ import annotations

import re

CITY_COUNTRY: dict[str, str] = {
    # Afghanistan
    "Kabul": "AFG", "Herat": "AFG", "Kandahar": "AFG", "Hairatan": "AFG",
    "Mazar-i-Sharif": "AFG",
    # Central Asia
    "Tashkent": "UZB", "Samarkand": "UZB", "Bukhara": "UZB", "Termez": "UZB",
    "Astana": "KAZ", "Shymkent": "KAZ", "Almaty": "KAZ",
    "Ashgabat": "TKM", "Avaza": "TKM", "Mary": "TKM", "Serhetabat": "TKM",
    "Dushanbe": "TJK", "Khorog": "TJK", "Bishkek": "KGZ",
    # Russia
    "Moscow": "RUS", "Kazan": "RUS", "Saint Petersburg": "RUS", "St Petersburg": "RUS",
    "Vladivostok": "RUS", "Yekaterinburg": "RUS",
    # Iran, the Gulf, Turkey, the Caucasus
    "Tehran": "IRN", "Qom": "IRN", "Mashhad": "IRN", "Birjand": "IRN", "Chabahar": "IRN",
    "Doha": "QAT", "Abu Dhabi": "ARE", "Dubai": "ARE", "Muscat": "OMN",
    "Riyadh": "SAU", "Jeddah": "SAU", "Mecca": "SAU",
    "Ankara": "TUR", "Istanbul": "TUR", "Antalya": "TUR",
    "Baku": "AZE", "Khankendi": "AZE",
    # South and East Asia
    "Islamabad": "PAK", "New Delhi": "IND", "Mumbai": "IND", "Dhaka": "BGD",
    "Beijing": "CHN", "Chengdu": "CHN", "Kunming": "CHN", "Haikou": "CHN", "Tunxi": "CHN",
    "Tokyo": "JPN", "Kyoto": "JPN",
    # Europe and Africa
    "Oslo": "NOR", "Berlin": "DEU", "Geneva": "CHE", "Banjul": "GMB", "Yaoundé": "CMR",
}  # fmt: skip

_PAREN = re.compile(r"\([^)]*\)")


def place_names(city: str) -> list[str]:
    """The place names in a ``city`` cell: ``;``-separated, text in brackets dropped."""
    return [p.strip() for p in _PAREN.sub("", city).split(";") if p.strip()]


def foreign_cities(city: str, host_iso3: str) -> list[str]:
    """The places in ``city`` that the table puts in another country than ``host_iso3``."""
    return [p for p in place_names(city) if p in CITY_COUNTRY and CITY_COUNTRY[p] != host_iso3]
