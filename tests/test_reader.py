"""What a reader gets: every page checked as built, for both editions.

Content tests (no browser): two headline figures with one definition agree on a page, and figures
of one measure that differ by design are explained beside them; no reader-facing table shows a
bare ISO3 or person-id column; every relative link (navigation, event and trip ids, CSVs)
resolves, anchors included; pages stay light. Browser tests (Debian's Chromium through
Playwright): a table's search box filters rows and with JavaScript off every table is still
there (that no request leaves file:// is checked on every page by tests/test_hardening.py).

``built_reports`` is the session's one build (tests/conftest.py).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pycountry
import pytest

from .conftest import offline_page

pytestmark = pytest.mark.slow
ISO3 = re.compile(r"^[A-Z]{3}$")
PERSON_ID = re.compile(r"^[a-z]+(-[a-z]+)+$")
MAX_BYTES = 5_000_000


def reader_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.html") if not p.name.endswith(".full.html"))


class Page(HTMLParser):
    """The parts of a page the checks need: ids, links, headline figures, tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.id_list: list[str] = []
        self.links: list[tuple[str, bool]] = []
        self.figs: list[tuple[str, str, str]] = []
        self.why: list[str] = []
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
            self.id_list.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], "data-csv" in a))
        if tag == "data" and "tt-fig" in (a.get("class") or ""):
            self.figs.append((a["data-measure"], a["data-scope"], a["value"]))
        if "tt-why" in (a.get("class") or ""):
            self.why.append(a.get("data-measure", ""))
        if tag == "table":
            self._stack.append({"head": [], "rows": [], "row": None})
        elif self._stack and tag == "tr":
            self._stack[-1]["row"] = []
        elif self._stack and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._stack and self._cell is not None:
            t = self._stack[-1]
            text = " ".join("".join(self._cell).split())
            if tag == "th" and not t["rows"] and t["row"] is not None:
                t["head"].append(text)
            elif t["row"] is not None:
                t["row"].append(text)
            self._cell = None
        elif tag == "tr" and self._stack:
            t = self._stack[-1]
            if t["row"]:
                t["rows"].append(t["row"])
            t["row"] = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_both_editions_and_the_register_are_built(built_reports):
    for ed in ("article", "current"):
        assert (built_reports / ed / "08_events.html").is_file()
        assert len([p for p in reader_pages(built_reports) if p.parent.name == ed]) >= 8


def test_headline_figures_agree_or_say_why(built_reports):
    for path in reader_pages(built_reports):
        p = parse(path)
        seen: dict[tuple[str, str], set[str]] = {}
        for measure, scope, value in p.figs:
            seen.setdefault((measure, scope), set()).add(value)
        for key, values in seen.items():
            assert len(values) == 1, f"{path}: {key} shown as {sorted(values)}"
        by_measure: dict[str, set[str]] = {}
        for (measure, _), values in seen.items():
            by_measure.setdefault(measure, set()).update(values)
        for measure, values in by_measure.items():
            if len(values) > 1:
                assert any(measure in w.split() for w in p.why), (
                    f"{path}: {measure} differs between scopes ({sorted(values)}) with no explanation"
                )


def test_no_bare_code_columns(built_reports):
    for path in reader_pages(built_reports):
        for t in parse(path).tables:
            for i, head in enumerate(t["head"]):
                if "code" in head.lower() or head.lower() in ("trip", "event", "id", "claim"):
                    continue
                col = [r[i] for r in t["rows"] if i < len(r) and r[i]]
                if len(col) < 2:
                    continue
                # a code, not a short name that looks like one ("UAE" is the name; ARE the code)
                codes = [v for v in col if ISO3.match(v) and pycountry.countries.get(alpha_3=v)]
                assert len(codes) < len(col), f"{path}: bare ISO3 column {head!r}"
                assert not all(PERSON_ID.match(v) for v in col), (
                    f"{path}: bare person id column {head!r}"
                )


def test_every_relative_link_resolves(built_reports):
    cache: dict[Path, Page] = {}

    def parsed(path: Path) -> Page:
        path = path.resolve()
        if path not in cache:
            cache[path] = parse(path)
        return cache[path]

    for path in [built_reports / "index.html", *sorted(built_reports.glob("*/*.html"))]:
        if not path.is_file():
            continue
        p = parsed(path)
        for href, _ in p.links:
            u = urlparse(href)
            if u.scheme in ("http", "https"):
                continue
            assert u.scheme == "", f"{path.name}: link {href}"
            target = (path.parent / unquote(u.path)).resolve() if u.path else path
            assert target.exists(), f"{path}: broken link {href}"
            if u.fragment and target.suffix == ".html":
                tp = parsed(target)
                assert u.fragment in tp.ids, f"{path}: no #{u.fragment} in {target.name}"


def test_link_targets_are_unique(built_reports):
    for path in reader_pages(built_reports):
        dup = sorted(i for i, n in Counter(parse(path).id_list).items() if n > 1)
        assert not dup, f"{path}: ids used twice: {dup[:5]}"


def test_figure_csvs_are_beside_the_report(built_reports):
    csv = built_reports / "current" / "02_trip_counts" / "trips_by_month.csv"
    assert csv.is_file(), "the build writes each figure's numbers as a CSV"
    assert csv.read_text(encoding="utf-8").splitlines()[0] == "month,trips,country visits"


def test_pages_stay_light(built_reports):
    for path in reader_pages(built_reports):
        assert path.stat().st_size < MAX_BYTES, f"{path}: {path.stat().st_size:,} bytes"


# --------------------------------------------------------------------------- browser


def _page(browser, path: Path, *, js: bool = True):
    ctx, page, outside, errors = offline_page(browser, js=js)
    page.goto(path.as_uri(), wait_until="load")
    return ctx, page, outside, errors


@pytest.mark.browser
def test_search_box_filters_rows(browser, built_reports):
    path = built_reports / "current" / "02_trip_counts.html"
    ctx, page, outside, errors = _page(browser, path)
    box = page.locator("#tbl-trip-stops")
    before = box.locator("tbody tr").count()
    box.locator("input.tt-search").fill("Moscow")
    after = box.locator("tbody tr").count()
    texts = box.locator("tbody tr").all_inner_texts()
    assert 0 < after < before, (before, after)
    assert all("moscow" in t.lower() for t in texts)
    assert "of" in box.locator(".tt-count").inner_text()
    box.locator("input.tt-search").fill("")
    box.locator("th button.sort").first.click()  # sorting works and keeps every row
    assert box.locator("tbody tr").count() == before
    assert errors == [] and outside == []
    ctx.close()


@pytest.mark.browser
def test_tables_readable_without_javascript(browser, built_reports):
    # one edition: the others' tables come from the same templates (and are larger in none)
    current = built_reports / "current"
    for path in sorted(p for p in current.glob("*.html") if not p.name.endswith(".full.html")):
        ctx, page, outside, errors = _page(browser, path, js=False)
        n = page.locator("table.tt-events").count()
        for i in range(n):
            t = page.locator("table.tt-events").nth(i)
            if t.is_visible():  # tables under a closed <details> are one click away
                assert t.locator("tbody tr").first.is_visible(), f"{path}: table {i}"
        assert page.locator("input.tt-search").count() == 0  # no dead controls
        ctx.close()
