"""What a report says about itself: title, edition, parameters, dataset version and SHA-256, the
input hash, package versions, the date of its inputs, and how to cite it (BibTeX and plain text,
consistent with ``CITATION.cff``).

Everything here is escaped HTML: text that reaches a report passes through :func:`esc` or
:func:`link`, which refuses any URL that is not http(s) (a ``javascript:`` URL pasted into a CSV
must not become a clickable link).
"""

from __future__ import annotations

import html
import platform
import re
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from helpers.data import Dataset

PROJECT = "Taliban engagement tracker"
AUTHORS = "Taliban engagement tracker team"
PACKAGES = (
    "pandas",
    "numpy",
    "seaborn",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
)
SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")


def esc(value: object) -> str:
    return html.escape(
        "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    )


def link(url: object, text: object | None = None) -> str:
    """An escaped <a> for an http(s) URL; anything else is shown as inert text."""
    u = "" if url is None else str(url).strip()
    label = esc(text if text is not None else u)
    if not SAFE_URL.match(u):
        return label
    return f'<a href="{html.escape(u, quote=True)}" rel="noopener noreferrer">{label}</a>'


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            out[p] = version(p)
        except PackageNotFoundError:
            out[p] = "not installed"
    return out


def inputs_date(ds: Dataset) -> str:
    """The date a report's inputs refer to: the dataset's stated update date (not the build time)."""
    return str(ds.descriptor.get("updated") or ds.descriptor.get("created") or "")[:10]


def citation(
    title: str, edition: str, notebook: str, ds: Dataset, input_hash: str
) -> dict[str, str]:
    year = inputs_date(ds)[:4] or "n.d."
    key = re.sub(r"[^a-z0-9]+", "", f"tracker{year}{notebook}{edition}".lower())
    path = f"reports/{edition}/{notebook}.html"
    plain = (
        f"{AUTHORS} ({year}). {title} [{edition} edition]. {PROJECT}, report {path}, "
        f"dataset {ds.name} v{ds.version} (sha256 {ds.sha256[:12]}), input hash {input_hash[:12]}. "
        "Data licence CC BY 4.0."
    )
    bib = (
        f"@misc{{{key},\n  author = {{{{{AUTHORS}}}}},\n  title = {{{title} ({edition} edition)}},\n"
        f"  year = {{{year}}},\n  howpublished = {{{PROJECT}, {path}}},\n"
        f"  note = {{Dataset {ds.name} v{ds.version}, sha256 {ds.sha256}; input hash {input_hash}}}\n}}"
    )
    return {"plain": plain, "bibtex": bib}


def header(ds: Dataset, *, title: str, notebook: str, edition: str, params: dict, input_hash: str):
    """The block at the top of every report (an IPython HTML object)."""
    from IPython.display import HTML

    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in params.items())
    pk = ", ".join(f"{esc(k)} {esc(v)}" for k, v in package_versions().items())
    cite = citation(title, edition, notebook, ds, input_hash or "interactive")
    body = f"""
<div class="tt-header">
<p><strong>{esc(PROJECT)}</strong> · report <code>{esc(notebook)}</code> · edition <strong>{esc(edition)}</strong></p>
<table class="tt-meta">
<tr><th>dataset</th><td>{esc(ds.name)} v{esc(ds.version)} · {len(ds.events)} events · {ds.n_sources} sources</td></tr>
<tr><th>dataset SHA-256</th><td><code>{esc(ds.sha256)}</code></td></tr>
<tr><th>input hash</th><td><code>{esc(input_hash or "interactive run (not a built report)")}</code></td></tr>
<tr><th>inputs dated</th><td>{esc(inputs_date(ds))}</td></tr>
{rows}
<tr><th>packages</th><td>{pk}</td></tr>
</table>
<details><summary>Cite this report</summary>
<p>{esc(cite["plain"])}</p>
<pre>{esc(cite["bibtex"])}</pre>
</details>
</div>"""
    return HTML(body)


def source_links(ds: Dataset, event_id: str, *, numbered: bool = False, sep: str = " ") -> str:
    """An event's sources as escaped links, labelled by publisher or as [1] [2] ..."""
    s = ds.sources[ds.sources["event_id"] == event_id]
    labels = [f"[{i + 1}]" for i in range(len(s))] if numbered else list(s["publisher"])
    return sep.join(link(u, lab) for u, lab in zip(s["url"], labels, strict=True))


def events_html(ds: Dataset, events: pd.DataFrame, columns: list[str] | None = None) -> str:
    """A table of events, each linked to its sources (escaped; non-http URLs are not links)."""
    columns = columns or [
        "event_id",
        "start_date",
        "event_type",
        "direction",
        "host_iso3",
        "counterpart_iso3",
        "summary",
    ]
    columns = [c for c in columns if c in events.columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in [*columns, "sources"])
    body = []
    for _, r in events.iterrows():
        cells = "".join(f"<td>{esc(r[c])}</td>" for c in columns)
        links = source_links(ds, r["event_id"], sep="<br>")
        body.append(f"<tr>{cells}<td>{links}</td></tr>")
    return f'<table class="tt-events"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
