"""The index page (``reports/index.html``): one function, :func:`render_index`, so that a
template can replace it without touching the build."""

from __future__ import annotations

import json


def render_index(manifest: dict, ctx: dict, releases: list[dict] | None = None) -> str:
    """The index page's HTML.

    ``manifest`` is the output folder's manifest (``reports`` maps ``edition/notebook`` to an entry
    with ``html``, ``full_html``, ``html_sha256`` and ``title``); ``ctx`` holds ``dataset`` (name,
    version, sha256, events, sources) and ``editions`` (name -> parameters); ``releases`` lists the
    frozen releases, newest first (``version``, ``path`` of its folder relative to the output
    folder, ``manifest`` path, ``created`` date).
    """
    from helpers.cite import esc

    rows = []
    for name, r in manifest["reports"].items():
        ed, nb = name.split("/", 1)
        rows.append(
            f'<tr><td>{esc(ed)}</td><td><a href="{esc(r["html"])}">{esc(r.get("title", nb))}</a></td>'
            f'<td><a href="{esc(r["full_html"])}">with code</a></td>'
            f"<td><code>{esc(r['html_sha256'][:16])}</code></td></tr>"
        )
    d = ctx["dataset"]
    eds = "".join(
        f"<li><strong>{esc(k)}</strong>: {esc(json.dumps(v, sort_keys=True))}</li>"
        for k, v in sorted(ctx["editions"].items())
    )
    rel = ""
    if releases:
        items = "".join(
            f'<li><a href="{esc(r["path"])}/index.html">v{esc(r["version"])}</a>'
            f' (<a href="{esc(r["manifest"])}">manifest</a>)</li>'
            for r in releases
        )
        rel = f"\n<h2>Releases</h2><ul>{items}</ul>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Taliban engagement tracker: reports</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;}} td,th{{padding:2px 8px;text-align:left}}</style>
</head><body>
<h1>Taliban engagement tracker: reports</h1>
<p>Dataset {esc(d["name"])} v{esc(d["version"])}: {d["events"]} events, {d["sources"]} sources,
SHA-256 <code>{esc(d["sha256"])}</code>. Cite the reader's version of a report (the first link);
its SHA-256 is listed here and in <a href="manifest.json">manifest.json</a>.</p>
<h2>Editions</h2><ul>{eds}</ul>
<h2>Reports</h2>
<table><thead><tr><th>edition</th><th>report</th><th>full notebook</th><th>SHA-256 (reader)</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>{rel}
</body></html>
"""
