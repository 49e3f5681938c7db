"""The index page (``reports/index.html``): one function, :func:`render_index`, so that a
template can replace it without touching the build."""

from __future__ import annotations


def render_index(manifest: dict, ctx: dict, releases: list[dict] | None = None) -> str:
    """The index page's HTML.

    ``manifest`` is the output folder's manifest (``reports`` maps ``edition/notebook`` to an entry
    with ``html``, ``full_html``, ``html_sha256`` and ``title``); ``ctx`` holds ``dataset`` (name,
    version, sha256, events, sources) and ``editions`` (name -> parameters); ``releases`` lists the
    frozen releases, newest first (``version``, ``path`` of its folder relative to the output
    folder, ``manifest`` path, ``created`` date).
    """
    from helpers.render.page import index_page  # an autoescaping Jinja2 template

    return index_page(manifest, ctx, releases)
