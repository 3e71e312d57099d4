"""Approximate Ortsteil areas and municipal borders for the map: Voronoi cells clipped to each municipality's hull.

No boundary data ships with the project, so the areas are drawn from what the region file holds:
every Ortsteil's centroid and the radius its homes spread over. Each Ortsteil gets the Voronoi
cell of its centroid (the points nearer to it than to any other Ortsteil's centroid), clipped to
the convex hull of its municipality's Ortsteile, each widened by its radius. The map states this.
"""

import math
from dataclasses import dataclass

import numpy as np
from scipy.spatial import ConvexHull, Voronoi

from sim.io.region_schema import RegionConfig

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320
CIRCLE_SEGMENTS = 24  # corners of the circle drawn round each Ortsteil before the hull is taken
ROUND_KM = 6  # decimals of a km (1 mm) at which two cells' corners count as the same point

Point = tuple[float, float]
Polygon = list[Point]


@dataclass(frozen=True)
class RegionShapes:
    """Ortsteil areas and municipal outlines in (lon, lat), and the region's bounding box."""

    areas: dict[str, Polygon]  # Ortsteil id -> area polygon
    outlines: dict[str, list[Polygon]]  # municipality id -> border lines (open paths)
    centres: dict[str, Point]  # municipality id -> centre of its area, for its label
    bounds: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


def polygon_area(polygon: Polygon) -> float:
    """Return the signed area (positive when the corners run anticlockwise), shoelace formula."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return total / 2.0


def polygon_centroid(polygon: Polygon) -> Point:
    """Return the centre of mass of a simple polygon (the mean of its corners if it has no area)."""
    area = polygon_area(polygon)
    if abs(area) < 1e-12:
        return (sum(x for x, _ in polygon) / len(polygon), sum(y for _, y in polygon) / len(polygon))
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return (cx / (6 * area), cy / (6 * area))


def _inside(point: Point, start: Point, end: Point) -> bool:
    """Return whether a point lies left of (or on) the directed edge start -> end."""
    return (end[0] - start[0]) * (point[1] - start[1]) - (end[1] - start[1]) * (point[0] - start[0]) >= 0


def _crossing(p: Point, q: Point, start: Point, end: Point) -> Point:
    """Return where the segment p-q crosses the line through start and end."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    ex, ey = end[0] - start[0], end[1] - start[1]
    denominator = dx * ey - dy * ex
    if denominator == 0:
        return q
    t = ((start[0] - p[0]) * ey - (start[1] - p[1]) * ex) / denominator
    return (p[0] + t * dx, p[1] + t * dy)


def clip_polygon(subject: Polygon, clip: Polygon) -> Polygon:
    """Return the part of subject inside clip (Sutherland-Hodgman); clip must be convex and anticlockwise."""
    output = list(subject)
    for start, end in zip(clip, clip[1:] + clip[:1], strict=True):
        if not output:
            break
        points, output = output, []
        for index, current in enumerate(points):
            previous = points[index - 1]
            if _inside(current, start, end):
                if not _inside(previous, start, end):
                    output.append(_crossing(previous, current, start, end))
                output.append(current)
            elif _inside(previous, start, end):
                output.append(_crossing(previous, current, start, end))
    return output


def widened_hull(centres: np.ndarray, radii: np.ndarray) -> Polygon:
    """Return the convex hull (anticlockwise) of circles of the given radii round the centres."""
    angles = np.linspace(0.0, 2 * math.pi, CIRCLE_SEGMENTS, endpoint=False)
    ring = np.column_stack([np.cos(angles), np.sin(angles)])
    points = (centres[:, None, :] + radii[:, None, None] * ring[None, :, :]).reshape(-1, 2)
    hull = ConvexHull(points)  # scipy lists the corners of a 2-D hull anticlockwise
    return [(float(x), float(y)) for x, y in points[hull.vertices]]


def voronoi_cells(points: np.ndarray) -> list[Polygon]:
    """Return the Voronoi cell of every point as an anticlockwise polygon, closed far outside by four guard points."""
    centre = points.mean(axis=0)
    reach = 10.0 * (float(np.ptp(points, axis=0).max()) + 1.0)
    guards = centre + reach * np.array([[-1.0, -1.0], [1.0, -1.0], [1.0, 1.0], [-1.0, 1.0]])
    diagram = Voronoi(np.vstack([points, guards]))
    cells = []
    for index in range(len(points)):
        corners = diagram.vertices[diagram.regions[diagram.point_region[index]]]
        middle = corners.mean(axis=0)
        order = np.argsort(np.arctan2(corners[:, 1] - middle[1], corners[:, 0] - middle[0]))
        cells.append([(float(x), float(y)) for x, y in corners[order]])
    return cells


def border_lines(cells: list[Polygon]) -> list[Polygon]:
    """Return the outer border of a set of touching cells: edges that belong to one cell only, joined into paths."""
    counts: dict[tuple[Point, Point], int] = {}
    for cell in cells:
        rounded = [(round(x, ROUND_KM), round(y, ROUND_KM)) for x, y in cell]
        for start, end in zip(rounded, rounded[1:] + rounded[:1], strict=True):
            if start != end:
                key = (min(start, end), max(start, end))
                counts[key] = counts.get(key, 0) + 1
    edges = [edge for edge, count in counts.items() if count == 1]
    following: dict[Point, list[Point]] = {}
    for start, end in edges:
        following.setdefault(start, []).append(end)
        following.setdefault(end, []).append(start)
    unused = {edge for edge in edges}
    paths: list[Polygon] = []
    for start, end in edges:
        if (start, end) not in unused:
            continue
        unused.discard((start, end))
        path = [start, end]
        while True:
            step = next((p for p in following[path[-1]] if (min(p, path[-1]), max(p, path[-1])) in unused), None)
            if step is None:
                break
            unused.discard((min(step, path[-1]), max(step, path[-1])))
            path.append(step)
        paths.append(path)
    return paths


def region_shapes(region: RegionConfig) -> RegionShapes:
    """Return the approximate Ortsteil areas and municipal borders of a region."""
    rows = [
        (municipality_id, district_id, district)
        for municipality_id, municipality in region.municipalities.items()
        for district_id, district in municipality.districts.items()
    ]
    lat0 = sum(d.lat for _, _, d in rows) / len(rows)
    lon0 = sum(d.lon for _, _, d in rows) / len(rows)
    scale_x = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat0))

    def to_degrees(point: Point) -> Point:
        return (round(lon0 + point[0] / scale_x, 6), round(lat0 + point[1] / KM_PER_DEGREE_LAT, 6))

    xy = np.array([((d.lon - lon0) * scale_x, (d.lat - lat0) * KM_PER_DEGREE_LAT) for _, _, d in rows])
    cells = voronoi_cells(xy) if len(rows) > 1 else [widened_hull(xy, np.array([rows[0][2].radius_km]))]
    areas_km: dict[str, Polygon] = {}
    outlines: dict[str, list[Polygon]] = {}
    centres: dict[str, Point] = {}
    for municipality_id in region.municipalities:
        mine = [index for index, row in enumerate(rows) if row[0] == municipality_id]
        hull = widened_hull(xy[mine], np.array([rows[index][2].radius_km for index in mine]))
        clipped = {rows[index][1]: clip_polygon(cells[index], hull) for index in mine}
        clipped = {district_id: cell for district_id, cell in clipped.items() if len(cell) >= 3}
        areas_km.update(clipped)
        outlines[municipality_id] = [[to_degrees(p) for p in path] for path in border_lines(list(clipped.values()))]
        weights = [abs(polygon_area(cell)) for cell in clipped.values()]
        points = [polygon_centroid(cell) for cell in clipped.values()]
        total = sum(weights) or 1.0
        centres[municipality_id] = to_degrees(
            (sum(w * p[0] for w, p in zip(weights, points, strict=True)) / total,
             sum(w * p[1] for w, p in zip(weights, points, strict=True)) / total)
        )  # fmt: skip
    areas = {district_id: [to_degrees(p) for p in cell] for district_id, cell in areas_km.items()}
    corners = [p for cell in areas.values() for p in cell]
    lons, lats = [p[0] for p in corners], [p[1] for p in corners]
    return RegionShapes(areas, outlines, centres, (min(lons), min(lats), max(lons), max(lats)))


def fit_zoom(bounds: tuple[float, float, float, float], width_px: int, height_px: int) -> float:
    """Return the web-map zoom at which the bounds fill a view of the given size (deck.gl's 512-pixel world)."""
    lon_min, lat_min, lon_max, lat_max = bounds

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(lon_max - lon_min, 1e-6)
    y_span = max(mercator(lat_max) - mercator(lat_min), 1e-9)
    zoom_x = math.log2(width_px * 360.0 / (512.0 * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (512.0 * y_span))
    return min(zoom_x, zoom_y)
