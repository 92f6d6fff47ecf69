"""Regenerate ``static/world.json``, the world base map the explorer ships (a build step, not run time).

Source: ``countries-110m.json`` from the npm package ``world-atlas@2.0.2`` (ISC licence; the shapes are
Natural Earth 1:110m admin-0 countries, public domain). ``npm pack world-atlas@2.0.2``, unpack it and run
``python -m dateline.web.make_basemap package/countries-110m.json``.

The output is a list of ``{"name", "d"}`` with one SVG path per country in an equirectangular
projection: ``x = lon + 180``, ``y = 90 - lat`` (a 360 x 180 view box), so the browser needs no
projection code and event points are placed with the same two additions.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

DECIMALS = 1
"""0.1 degree (about 11 km) is finer than the 1:110m source and keeps the file near 100 KB."""

OUT = Path(__file__).parent / "static" / "world.json"


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    # Rings that cross the antimeridian (Fiji, Chukotka) would draw a line across the whole map:
    # move their western half east of 180 degrees, where the view box clips it.
    if any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring)):
        return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring]
    return ring


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in map(_unwrap, rings):
        seen: list[str] = []
        for lon, lat in ring:
            xy = f"{round(lon + 180, DECIMALS):g} {round(90 - lat, DECIMALS):g}"
            if not seen or seen[-1] != xy:
                seen.append(xy)
        if len(seen) >= 3:
            parts.append("M" + "L".join(seen) + "Z")
    return "".join(parts)


def build(topojson: Path, out: Path = OUT) -> int:
    """Write the base map from a world-atlas TopoJSON file; returns the number of countries."""
    topo = json.loads(topojson.read_text())
    arcs = _decode_arcs(topo)
    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = geom.get("arcs") or []
        if geom["type"] == "Polygon":
            polygons = [polygons]
        rings = [_ring(r, arcs) for poly in polygons for r in poly]
        d = _path(rings)
        if d:
            countries.append({"name": geom.get("properties", {}).get("name", ""), "d": d})
    out.write_text(json.dumps(countries, separators=(",", ":")))
    return len(countries)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "countries written to", OUT)
