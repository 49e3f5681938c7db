"""Everything a report shows a reader, as HTML: one autoescaping Jinja2 environment and the
fragments it renders (header and navigation, key findings, tables, figures with their numbers,
citation, index page, event register).

Why templates rather than f-strings: autoescaping makes escaping the default, so a ``<script>``
in a CSV cell stays text without every call site remembering :func:`html.escape`. Templates live in
``helpers/templates/fragments``; the vendored table library in ``render/assets``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "fragments"
ASSETS = Path(__file__).parent / "assets"
SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def safe_url(url: object) -> str:
    """The URL if it is http(s) and has no quote or space in it, else '' (never a live link)."""
    u = "" if url is None else str(url).strip()
    return u if SAFE_URL.match(u) else ""


@lru_cache(maxsize=1)
def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    e.filters["safe_url"] = safe_url
    e.globals["asset"] = asset
    e.globals["href"] = lambda ident: current.href(ident)
    return e


def render(template: str, **context: object) -> Markup:
    """Render one fragment; the result is markup that other templates include unescaped."""
    return Markup(env().get_template(template).render(**context))


@lru_cache(maxsize=8)
def asset(name: str) -> Markup:
    """A vendored file's text for inlining (a report must not fetch anything). The source-map
    comment is dropped: browser tools would otherwise try to fetch the ``.map`` file."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+\s*$", "", text)
    return Markup(text.replace("</script", "<\\/script"))


class Page:
    """Which report is being rendered: set once by ``report.start()`` (one report per kernel), so
    links to the CSV folder and the event register need no argument at every call."""

    def __init__(self) -> None:
        self.notebook = ""
        self.register = REGISTER
        # id -> register page holding it, when the register is split into pages (at scale);
        # ids not listed are on the register's first page.
        self.locate: dict[str, str] = {}
        self.prefix = ""  # "../" on a register page published in the report's subfolder

    def href(self, ident: object) -> str:
        """The link to an event or trip id in the register."""
        i = str(ident).strip()
        return f"{self.prefix}{self.locate.get(i, self.register)}#{i}"


REGISTER = "08_events.html"
current = Page()


class Fragment:
    """HTML for a notebook output (``text/html``), plus optional extra mimetypes (figure CSVs)."""

    def __init__(self, html: str, extra: dict | None = None) -> None:
        self.html = str(html)
        self.extra = extra or {}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html, **self.extra}

    def __str__(self) -> str:
        return self.html
