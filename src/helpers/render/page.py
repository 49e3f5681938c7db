"""The page furniture every report shares: navigation (index, the other reports of the edition,
the same report in the other editions, the event register), the description of the report and
its data, key findings, the citation block, and the index page.

Editions and notebooks come from the build's configuration (``pyproject.toml`` and
``notebooks/``), never from a list typed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from helpers import cite, headline
from helpers.render import Fragment, current, render


@dataclass(frozen=True)
class Catalogue:
    editions: dict[str, dict]  # name -> config (title, as_of, start, end, ...)
    notebooks: dict[str, str]  # stem -> title
    release: str = ""  # the release the reports belong to ([project] version)


def catalogue(root: Path | None = None) -> Catalogue:
    """Editions from ``[tool.taliban-tracker.editions]``; notebooks and titles from notebooks/."""
    from helpers import project

    cfg = project.config(root)
    nbs = {p.stem: project.notebook_title(p) for p in project.notebooks(root)}
    return Catalogue(dict(sorted(cfg.get("editions", {}).items())), nbs, cfg.get("release", ""))


def _date_words(v: object, latest: str) -> str:
    if v in (None, "", "latest"):
        return latest
    return f"{pd.Timestamp(str(v)).day} {pd.Timestamp(str(v)):%B %Y}"


def edition_words(name: str, conf: dict) -> str:
    """'As of The Diplomat's July 2025 article: counts events up to 30 June 2025; window
    1 January 2025 to 31 May 2025.'"""
    title = str(conf.get("title") or name)
    as_of = _date_words(conf.get("as_of"), "the newest event in the data")
    start = _date_words(conf.get("start"), "the first event")
    end = _date_words(conf.get("end"), "the newest event")
    return f"{title}: counts events up to {as_of}; the window runs from {start} to {end}."


def nav(notebook: str, edition: str, cat: Catalogue) -> Markup:
    others = [e for e in cat.editions if e != edition]
    return render(
        "nav.html.j2",
        notebook=notebook,
        edition=edition,
        reports=list(cat.notebooks.items()),
        others=[(e, edition_words(e, cat.editions[e])) for e in others],
        register=current.register,
    )


def _edition_text(edition: str, cat: Catalogue, params: dict) -> str:
    """The edition in words: a configured one from pyproject.toml; a one-off edition (``build
    --name``) from the dates it was built with; else an interactive run in JupyterLab."""
    if edition in cat.editions:
        return edition_words(edition, cat.editions[edition])
    if edition == "interactive":
        return "an interactive run (not a built report)"
    return edition_words(edition, {"title": f"One-off edition {edition}", **params})


def header(
    ds,
    *,
    title: str,
    notebook: str,
    edition: str,
    params: dict,
    input_hash: str,
    as_of: pd.Timestamp | None,
    cat: Catalogue | None = None,
) -> Fragment:
    """Navigation, what this report is, its data (headline figures with their scopes), the
    citation block, and the table library inlined once for the page."""
    cat = cat or catalogue()
    whole = headline.dataset_figures(ds)
    view = headline.view_figures(ds, as_of)
    # a one-off edition (not in pyproject.toml) is never frozen by `release`: no release to name
    release = cat.release if edition in cat.editions else ""
    c = cite.citation(title, edition, notebook, ds, input_hash, as_of, release=release)
    baselines = int(ds.events["pre_takeover"].sum())
    return Fragment(
        render(
            "header.html.j2",
            nav=nav(notebook, edition, cat),
            project=cite.PROJECT,
            title=title,
            notebook=notebook,
            edition=edition,
            edition_text=_edition_text(edition, cat, params),
            ds=ds,
            whole=whole,
            view=view,
            baselines=baselines,
            why=headline.why_view_differs(ds, as_of),
            as_of=as_of.strftime("%Y-%m-%d") if as_of is not None else "",
            updated=cite.inputs_date(ds),
            params=params,
            input_hash=input_hash,
            packages=cite.package_versions(),
            cite=c,
        )
    )


def findings(items: list[str | Markup]) -> Fragment:
    """The key findings box: a few sentences computed from the data."""
    return Fragment(render("findings.html.j2", items=items))


def paragraph(text: str | Markup) -> Fragment:
    return Fragment(render("paragraph.html.j2", text=text))


def bullets(items: list[str | Markup]) -> Fragment:
    return Fragment(render("bullets.html.j2", items=items))


def index_page(manifest: dict, ctx: dict, releases: list[dict] | None = None) -> str:
    """``reports/index.html``, with the signature of ``helpers.build.render_index`` so the build
    can use it as is: editions in words, every report with its SHA-256, the releases.

    ``manifest``: the output folder's manifest (``reports`` maps ``edition/notebook`` to an entry
    with ``html``, ``full_html``, ``html_sha256``, ``title``); ``ctx``: ``dataset`` (name, version,
    sha256, events, sources) and ``editions`` (name -> resolved parameters); ``releases``: dicts
    with ``version``, ``path`` (folder), ``manifest``, ``created``.
    """
    cat = catalogue()
    words_ = []
    for e, params in sorted(ctx.get("editions", {}).items()):
        conf = {**params, **{k: v for k, v in cat.editions.get(e, {}).items() if k == "title"}}
        words_.append((e, edition_words(e, conf)))
    rows = []
    for key, r in sorted(manifest.get("reports", {}).items()):
        ed, nb = key.split("/", 1)
        rows.append({"edition": ed, "notebook": nb, "title": r.get("title", nb), **r})
    release = str(ctx.get("release") or "")
    return str(
        render(
            "index.html.j2",
            dataset=ctx["dataset"],
            editions=words_,
            rows=rows,
            releases=list(releases or []),
            release=release,
            state="in release" if ctx.get("in_release") else _state(release, rows, releases, cat),
        )
    )


def _state(release: str, rows: list[dict], releases: list[dict] | None, cat: Catalogue) -> str:
    """Where the working copy stands against the release its citations name: ``frozen`` (the
    release holds every configured edition's page with the same SHA-256), ``differs`` (the
    release exists with other files: the citations would lead to earlier pages) or ``pending``
    (not released yet)."""
    files = next((r.get("files", {}) for r in releases or [] if r.get("version") == release), None)
    if files is None:
        return "pending"
    mine = [r for r in rows if r["edition"] in cat.editions]
    same = all(files.get(r["html"]) == r.get("html_sha256") for r in mine)
    return "frozen" if mine and same else "differs"
