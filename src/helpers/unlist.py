"""The vendored UN Consolidated List (Taliban section): typed records, and persons checked against it.

Why this module: who is UN-listed, under which reference and since when is read from the list
itself (``data/un/``, a byte-faithful extract with its provenance and SHA-256), not from press
reports about it; press lists of "officials on the UN blacklist" have been wrong (the defence
minister Mohammad Yaqoob is not on it; TAi.052 "MOHAMMAD YAQOUB" is another man). ``persons.csv``
carries the reference, and :func:`check_persons` proves each row against the record: the reference
exists, the listing date is the list's, and one of the record's names or aliases is one of the
person's names. Matching is by exact normalised name, never by similarity.

The XML is parsed with ``defusedxml`` (no entity expansion, no external fetches) because it is a
file from outside the project. Parsing the 0.4 MB extract takes a few milliseconds; it is cached.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal
from xml.etree.ElementTree import Element, ParseError

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from helpers.errors import DataError, Problem
from helpers.paths import DATA_DIR

LIST_FILE = "un/consolidated-2026-05-08-taliban.xml"
PROVENANCE_FILE = "un/PROVENANCE.md"
Quality = Literal["Good", "Low", ""]
_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Alias:
    name: str
    quality: Quality


@dataclass(frozen=True)
class ListEntry:
    """One record of the list (an individual TAi.xxx or an entity TAe.xxx)."""

    ref: str
    kind: Literal["individual", "entity"]
    name: str  # the name parts joined, as the list spells them
    original_script: str
    aliases: tuple[Alias, ...]
    listed_on: date
    amended_on: tuple[date, ...]

    def names(self, *, low_quality: bool = False) -> tuple[str, ...]:
        """The record's name and aliases; low-quality aliases (``Zakir``) only when asked."""
        good = [a.name for a in self.aliases if a.quality == "Good" or (low_quality and a.name)]
        return (self.name, *good)


@dataclass(frozen=True)
class ConsolidatedList:
    generated: str  # the file's dateGenerated, e.g. 2026-05-08T23:00:06.922Z
    entries: dict[str, ListEntry]
    sha256: str

    @property
    def as_of(self) -> date:
        """The day the list was generated: "not listed" means not listed on this day."""
        return parse_list_date(self.generated)

    @cached_property
    def _name_index(self) -> dict[str, list[tuple[str, str]]]:
        """normalised name -> [(ref, the name as written)], over names and good aliases."""
        index: dict[str, list[tuple[str, str]]] = {}
        for ref, e in self.entries.items():
            for n in e.names():
                index.setdefault(normalise_name(n), []).append((ref, n))
        return index

    def by_name(self, names: Iterable[str]) -> dict[str, str]:
        """Records one of whose names or good-quality aliases equals one of ``names``.

        Returns {ref: the record's name that matched}. Exact after :func:`normalise_name`.
        """
        hits: dict[str, str] = {}
        for n in names:
            for ref, written in self._name_index.get(normalise_name(n), []):
                hits.setdefault(ref, written)
        return hits


def parse_list_date(text: str) -> date:
    """``2015-03-27-04:00`` or ``2026-05-08T23:00:06.922Z`` -> the calendar day written."""
    m = _DAY.match(text or "")
    if m is None:
        raise ValueError(f"{text!r} is not a date")
    return date.fromisoformat(m.group(1))


def normalise_name(name: str) -> str:
    """Case, accents, punctuation and spacing removed, word order kept.

    ``Khalil al-Rahman Haqqani`` and ``KHALIL AL RAHMAN HAQQANI`` are one name; ``Noor Ahmad``
    and ``Noor Ahmad Noor`` are not (no token sets: they would join different people).
    """
    s = unicodedata.normalize("NFKD", name).casefold()
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def _text(el: Element, tag: str) -> str:
    return " ".join((el.findtext(tag) or "").split())


def _entry(el: Element, kind: Literal["individual", "entity"]) -> ListEntry:
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    alias_tag = "INDIVIDUAL_ALIAS" if kind == "individual" else "ENTITY_ALIAS"
    aliases = tuple(
        Alias(_text(a, "ALIAS_NAME"), q if (q := _text(a, "QUALITY")) in ("Good", "Low") else "")
        for a in el.findall(alias_tag)
        if _text(a, "ALIAS_NAME")
    )
    amended = tuple(
        parse_list_date(v.text) for v in el.findall("LAST_DAY_UPDATED/VALUE") if (v.text or "")
    )
    return ListEntry(
        ref=_text(el, "REFERENCE_NUMBER"),
        kind=kind,
        name=" ".join(p for p in parts if p and p.lower() != "na"),
        original_script=_text(el, "NAME_ORIGINAL_SCRIPT"),
        aliases=aliases,
        listed_on=parse_list_date(_text(el, "LISTED_ON")),
        amended_on=amended,
    )


def parse_list(raw: bytes, file: str = LIST_FILE) -> ConsolidatedList:
    """Parse the list's XML; a file that is not the list raises :class:`DataError`."""
    try:
        root = SafeET.fromstring(raw)
    except (ParseError, DefusedXmlException) as exc:
        raise DataError(Problem(file, 0, "", f"not a readable UN list XML file: {exc}")) from None
    if root.tag != "CONSOLIDATED_LIST" or not root.get("dateGenerated"):
        raise DataError(Problem(file, 0, "", "not a UN Consolidated List (root element)"))
    entries: dict[str, ListEntry] = {}
    try:
        for kind, path in (("individual", "INDIVIDUALS/INDIVIDUAL"), ("entity", "ENTITIES/ENTITY")):
            for el in root.findall(path):
                e = _entry(el, kind)  # type: ignore[arg-type]
                entries[e.ref] = e
    except ValueError as exc:
        raise DataError(Problem(file, 0, "LISTED_ON", str(exc))) from None
    return ConsolidatedList(
        generated=root.get("dateGenerated", ""),
        entries=entries,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


@lru_cache(maxsize=4)
def _parse_cached(digest: str, raw: bytes, name: str) -> ConsolidatedList:
    return parse_list(raw, file=name)


def load_list(data_dir: Path | str | None = None) -> ConsolidatedList:
    """The vendored list under ``data_dir`` (default ``data/``), parsed once per content (copies
    of the data folder share one parse; an edited file is parsed again)."""
    path = Path(data_dir or DATA_DIR) / LIST_FILE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        why = "file is missing" if not path.exists() else f"cannot read: {exc.strerror}"
        raise DataError(Problem(LIST_FILE, 0, "", f"{why} ({path})")) from None
    return _parse_cached(hashlib.sha256(raw).hexdigest(), raw, path.name)


def recorded_sha256(data_dir: Path | str | None = None) -> str:
    """The vendored file's SHA-256 as ``data/un/PROVENANCE.md`` records it."""
    path = Path(data_dir or DATA_DIR) / PROVENANCE_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    m = re.search(r"^\|\s*vendored file SHA-256\s*\|\s*([0-9a-f]{64})\s*\|", text, re.M)
    return m.group(1) if m else ""


def check_file(lst: ConsolidatedList, data_dir: Path | str | None = None) -> list[Problem]:
    """The vendored file is the one PROVENANCE.md describes (its SHA-256), byte for byte."""
    recorded = recorded_sha256(data_dir)
    if lst.sha256 == recorded:
        return []
    msg = f"SHA-256 {lst.sha256[:12]}... differs from the {recorded[:12] or 'missing'}... recorded"
    return [Problem(LIST_FILE, 0, "", f"{msg} in {PROVENANCE_FILE}")]


def person_names(row: pd.Series) -> list[str]:
    """A persons.csv row's name and its ';'-separated aliases."""
    return [row["name"], *[a for a in str(row.get("aliases", "") or "").split(";") if a.strip()]]


def check_persons(persons: pd.DataFrame, lst: ConsolidatedList) -> list[Problem]:
    """persons.csv's UN columns against the list; ``persons`` holds strings, with ``_row``.

    Errors: a row checked against another list than this one, a reference not on the list, a
    listing date or UN name other than the record's, a listed person none of whose names is one
    of the record's, a listed person without reference. A warning: a person not marked listed one
    of whose names is a record's name, unless the notes name that record (mark it or say why not).
    """
    f, out = "persons.csv", []
    for _, r in persons.iterrows():
        row = int(r.get("_row", 0) or 0)
        listed, ref = str(r["un_listed"]) in ("true", "True"), str(r["un_ref"] or "")
        checked = str(r.get("un_checked_on", "") or "")[:10]
        if checked != lst.as_of.isoformat():
            msg = f"checked on {checked or 'no date'!s}, but the vendored list is of {lst.as_of}"
            out.append(Problem(f, row, "un_checked_on", msg))
        want_source = f"{LIST_FILE}#{ref}" if ref else LIST_FILE
        if str(r.get("un_source", "") or "") != want_source:
            out.append(Problem(f, row, "un_source", f"should be {want_source!r}"))
        if listed and not ref:
            out.append(Problem(f, row, "un_ref", "un_listed=true needs the list's reference"))
            continue
        if not ref:
            hits = lst.by_name(person_names(r))
            if hits and not any(h in str(r.get("notes", "")) for h in hits):
                refs = ", ".join(f"{k} ({v})" for k, v in sorted(hits.items()))
                msg = f"a name matches {refs} on the UN list; set un_ref or say why not in notes"
                out.append(Problem(f, row, "un_ref", msg, "warning"))
            continue
        e = lst.entries.get(ref)
        if e is None:
            out.append(Problem(f, row, "un_ref", f"{ref!r} is not on the UN list of {lst.as_of}"))
            continue
        if str(r["un_listed_on"] or "")[:10] != e.listed_on.isoformat():
            msg = f"{ref} was listed on {e.listed_on} per the UN list, not {r['un_listed_on']!r}"
            out.append(Problem(f, row, "un_listed_on", msg))
        if str(r.get("un_name", "") or "") != e.name:
            out.append(Problem(f, row, "un_name", f"the list spells {ref} {e.name!r}"))
        mine = {normalise_name(n) for n in person_names(r)}
        if not mine & {normalise_name(n) for n in e.names(low_quality=True)}:
            msg = f"no name or alias of the person is a name of {ref} ({e.name})"
            out.append(Problem(f, row, "aliases", msg))
    return out


def new_person_columns(
    name: str, aliases: str = "", data_dir: Path | None = None
) -> dict[str, str]:
    """The UN columns of a person new to ``persons.csv``, checked against the vendored list by
    exact name or alias: no namesake -> not listed as of the list's date; a namesake -> status left
    open, the record named in ``notes`` for a person to review (a name alone never lists anyone)."""
    lst = load_list(data_dir)
    names = [name, *aliases.split(";")]
    hits = lst.by_name(n for n in names if n.strip())
    cols = {"un_checked_on": lst.as_of.isoformat(), "un_source": LIST_FILE}
    if not hits:
        return {**cols, "un_listed": "false"}
    refs = ", ".join(f"{ref} '{found}'" for ref, found in sorted(hits.items()))
    return {**cols, "notes": f"Listing status open: the UN list's {refs} has this name."}
