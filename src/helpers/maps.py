"""An offline world map: decode the vendored Natural Earth TopoJSON (``data/geo``) and draw it
with matplotlib, shaded by a value per ISO alpha-3 code. Nothing is downloaded at run time.

TopoJSON stores shared, delta-encoded, quantized arcs; decoding takes a few lines, which is
lighter than adding geopandas/shapely for one figure.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pycountry
from matplotlib.collections import PolyCollection
from matplotlib.colors import ListedColormap

from helpers.paths import DATA_DIR

GEO = DATA_DIR / "geo" / "countries-110m.json"
# Countries too small for the 110m shapes: a marker at an approximate centre (lon, lat).
MICROSTATES = {"BHR": (50.55, 26.07), "SGP": (103.82, 1.35), "MDV": (73.5, 4.17)}


@lru_cache(maxsize=2)
def shapes(path: Path = GEO) -> dict[str, list[np.ndarray]]:
    """ISO alpha-3 -> list of rings (arrays of lon/lat)."""
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        a = np.cumsum(np.asarray(arc, dtype=float), axis=0)
        arcs.append(np.column_stack([a[:, 0] * sx + tx, a[:, 1] * sy + ty]))

    def ring(idx: list[int]) -> np.ndarray:
        pts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in idx]
        return np.concatenate([p if k == 0 else p[1:] for k, p in enumerate(pts)])

    out: dict[str, list[np.ndarray]] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        gid = g.get("id")
        c = pycountry.countries.get(numeric=str(gid).zfill(3)) if gid else None
        if c is None:
            continue
        polys = (
            g["arcs"]
            if g["type"] == "MultiPolygon"
            else [g["arcs"]]
            if g["type"] == "Polygon"
            else []
        )
        out[c.alpha_3] = [_unwrap(ring(r)) for poly in polys for r in poly]
    out.pop("ATA", None)  # Antarctica: no engagement possible, and it would take a third of the map
    return out


def _unwrap(ring: np.ndarray) -> np.ndarray:
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji, the Aleutians) is drawn
    east of 180 degrees, not as a band across the whole map."""
    lon = ring[:, 0]
    if lon.max() - lon.min() > 180:
        ring = ring.copy()
        ring[:, 0] = np.where(lon < 0, lon + 360, lon)
    return ring


def choropleth(
    values: pd.Series,
    *,
    ax: plt.Axes | None = None,
    cmap: str = "YlGnBu",
    label: str = "",
    path: Path = GEO,
) -> plt.Axes:
    """Shade countries by ``values`` (index: alpha-3); others grey; Afghanistan outlined.
    ``path``: the shapes of the data folder in use (the build's key hashes that same file)."""
    geo = shapes(path)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5.2))
    vmax = max(float(values.max()) if len(values) else 1.0, 1.0)
    norm = plt.Normalize(0, vmax)
    # The palette's palest fifth is dropped, so a country with one engagement is not mistaken
    # for the light grey of countries with none.
    cm = ListedColormap(plt.get_cmap(cmap)(np.linspace(0.2, 1.0, 256)))
    polys, colours, edges = [], [], []
    for iso in sorted(geo):
        for r in geo[iso]:
            polys.append(r)
            v = values.get(iso)
            colours.append(cm(norm(v)) if v is not None and v > 0 else "#e6e6e6")
            edges.append("#d55e00" if iso == "AFG" else "#ffffff")
    ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors=edges, linewidths=0.4))
    for iso, (lon, lat) in sorted(MICROSTATES.items()):
        v = values.get(iso)
        if v:
            ax.scatter(
                [lon], [lat], s=30, color=cm(norm(v)), edgecolor="black", linewidth=0.5, zorder=3
            )
    # The whole inhabited world (the United States and Chukotka included, Antarctica left out).
    ax.set_xlim(-170, 192)
    ax.set_ylim(-57, 84)
    ax.set_aspect(1.2)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cm)
    plt.colorbar(sm, ax=ax, shrink=0.6, label=label)
    return ax
