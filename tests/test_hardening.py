"""Hostile text in the data reaches the reports escaped; the reports work in a real browser with
the network blocked.

The browser tests drive Debian's Chromium through Playwright (never a downloaded browser). Where
Chromium is missing they are skipped with one line, unless TRACKER_REQUIRE_BROWSER=1 (set by
.ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import build, paths

from .conftest import MINI, offline_page

pytestmark = pytest.mark.slow
SCREENSHOTS = Path(__file__).parent / "screenshots"
PAYLOADS = {
    "summary": '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
    "[click me](javascript:window.__pwned=3)",
    "counterpart_name": "<b onmouseover=window.__pwned=4>Evil</b>",
    "notes": "<iframe src=javascript:window.__pwned=5></iframe> first",
    "counterpart_iso3": None,
}
SOURCE_PAYLOADS = {
    "url": 'https://example.org/"><script>window.__pwned=6</script>',
    "publisher": "<svg onload=window.__pwned=7>",
    "quote": "</td><script>window.__pwned=8</script> quoted text",
}


def _rewrite(path: Path, edits: dict, where) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for r in rows:
        if where(r):
            r.update({k: v for k, v in edits.items() if v is not None})
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(MINI, data)
    shutil.copytree(paths.DATA_DIR / "claims", data / "claims")
    _rewrite(data / "events.csv", PAYLOADS, lambda r: r["event_id"] in ("AFE00146", "AFE00156"))
    seen: set[str] = set()

    def first_source(r) -> bool:  # one row per event, so (event_id, url) stays unique
        hit = r["event_id"] in ("AFE00146", "AFE00156") and r["event_id"] not in seen
        seen.add(r["event_id"])
        return hit

    _rewrite(data / "sources.csv", SOURCE_PAYLOADS, first_source)
    out = base / "reports"
    # one edition: every report renders the payloads; the other edition would add nothing but time
    status = build.build(
        out_dir=out, editions=["current"], data_dir=data, progress=False, force=True
    )
    assert status == 0
    return out


def test_payloads_are_inert_in_html(hostile_reports):
    pages = list(hostile_reports.rglob("*.html"))
    assert len(pages) >= 10
    seen_escaped = False
    for page in pages:
        text = page.read_text(encoding="utf-8")
        low = text.lower()
        assert "<script>window.__pwned" not in low, page
        assert "<img src=x onerror" not in low, page
        assert "<svg onload" not in low and "<iframe src=javascript" not in low, page
        assert "<b onmouseover" not in low, page
        assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", low), page
        seen_escaped |= "&lt;script&gt;window.__pwned" in text
    assert seen_escaped, "the payload text is shown (escaped), not dropped"


# --------------------------------------------------------------------------- browser


def check_pages(
    browser, root: Path, *, shots: bool = False, links: bool = True, full: str = "*"
) -> None:
    """Open the pages under ``root`` (the index, every reader page, and the full pages of the
    editions matching ``full``) in one browser context with every request outside file:// and
    data: blocked; each must load with no request out, no script error, no payload run, every
    image decoded and (``links``) every file link resolving."""
    pages = [
        root / "index.html",
        *sorted(p for p in root.glob("*/*.html") if not p.name.endswith(".full.html")),
        *sorted(root.glob(f"{full}/*.full.html")),
    ]
    ctx, page, outside, errors = offline_page(browser)
    for path in pages:
        outside.clear()
        errors.clear()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(50)
        assert outside == [], f"{path.name} tried to reach {outside[:3]}"
        assert errors == [], f"{path.name}: {errors[:3]}"
        assert page.evaluate("window.__pwned") is None, f"a payload ran in {path}"
        sizes = page.evaluate(
            "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
        )
        assert all(c and w > 0 and h > 0 for c, w, h in sizes), (
            f"{path.name}: an image did not decode"
        )
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        for h in hrefs:
            u = urlparse(h)
            assert u.scheme in ("file", "http", "https"), f"{path.name}: link {h}"
            if links and u.scheme == "file":
                assert Path(unquote(u.path)).exists(), f"{path.name}: broken internal link {h}"
        if shots and path.name in ("index.html", "05_claims_scorecard.html"):
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(
                path=str(SCREENSHOTS / f"{path.parent.name}-{path.stem}.png"), full_page=True
            )
    ctx.close()


@pytest.mark.browser
def test_built_reports_in_browser(browser, built_reports):
    """The session's build (both editions and the one-off edition; the committed reports are the
    same bytes, tests/test_notebooks.py). The full pages (with code) of one edition: the other
    editions' come from the same template and code."""
    check_pages(browser, built_reports, shots=True, full="current")


@pytest.mark.browser
def test_hostile_reports_in_browser(browser, hostile_reports):
    # one edition only: its links to the other edition lead nowhere here (resolved above)
    check_pages(browser, hostile_reports, links=False)
