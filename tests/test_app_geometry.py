"""The map's approximate areas: polygon clipping, Voronoi cells, hulls, borders and the zoom that fits the region."""

import math

import numpy as np
import pytest

from sim.app.geometry import (
    border_lines,
    clip_polygon,
    fit_zoom,
    polygon_area,
    polygon_centroid,
    region_shapes,
    voronoi_cells,
    widened_hull,
)
from sim.io.config import load_region

SQUARE = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]


def test_area_and_centroid_of_a_square():
    assert polygon_area(SQUARE) == 4.0
    assert polygon_area(SQUARE[::-1]) == -4.0
    assert polygon_centroid(SQUARE) == pytest.approx((1.0, 1.0))


def test_clipping_a_square_by_an_overlapping_square_leaves_the_overlap():
    other = [(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0)]
    clipped = clip_polygon(SQUARE, other)
    assert polygon_area(clipped) == pytest.approx(1.0)
    assert polygon_centroid(clipped) == pytest.approx((1.5, 1.5))


def test_clipping_inside_keeps_and_outside_drops():
    big = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    assert polygon_area(clip_polygon(SQUARE, big)) == pytest.approx(4.0)
    far = [(10.0, 10.0), (11.0, 10.0), (11.0, 11.0), (10.0, 11.0)]
    assert clip_polygon(SQUARE, far) == []


def test_clipping_by_a_triangle_cuts_the_square_in_half():
    triangle = [(0.0, 0.0), (2.0, 0.0), (0.0, 2.0)]
    assert polygon_area(clip_polygon(SQUARE, triangle)) == pytest.approx(2.0)


def test_voronoi_cells_of_two_points_split_at_the_middle():
    cells = voronoi_cells(np.array([[0.0, 0.0], [2.0, 0.0]]))
    box = [(-1.0, -1.0), (3.0, -1.0), (3.0, 1.0), (-1.0, 1.0)]
    left, right = (clip_polygon(cell, box) for cell in cells)
    assert polygon_area(left) == pytest.approx(4.0) and polygon_area(right) == pytest.approx(4.0)
    assert max(x for x, _ in left) == pytest.approx(1.0)
    assert min(x for x, _ in right) == pytest.approx(1.0)


def test_the_widened_hull_of_one_point_is_its_circle():
    hull = widened_hull(np.array([[0.0, 0.0]]), np.array([2.0]))
    assert polygon_area(hull) > 0  # anticlockwise, as clip_polygon needs
    assert polygon_area(hull) == pytest.approx(math.pi * 4, rel=0.02)


def test_border_of_two_touching_squares_leaves_out_the_shared_edge():
    right = [(2.0, 0.0), (4.0, 0.0), (4.0, 2.0), (2.0, 2.0)]
    [path] = border_lines([SQUARE, right])
    edges = {frozenset(pair) for pair in zip(path, path[1:], strict=False)}
    assert frozenset({(2.0, 0.0), (2.0, 2.0)}) not in edges
    assert len(edges) == 6 and path[0] == path[-1]  # one closed ring round both squares


def test_lemgo_kalletal_areas_cover_every_ortsteil_and_do_not_overlap(repo):
    region = load_region(repo / "scenarios" / "regions" / "lemgo_kalletal.yaml")
    shapes = region_shapes(region)
    district_ids = {d for m in region.municipalities.values() for d in m.districts}
    assert set(shapes.areas) == district_ids
    for municipality in region.municipalities.values():
        for district_id, district in municipality.districts.items():
            area = shapes.areas[district_id]
            assert polygon_area(area) > 0
            # The Ortsteil's own centre lies in its area (a cell holds its generating point).
            assert polygon_area(clip_polygon(area, _box(district.lon, district.lat, 1e-4))) > 0
    assert set(shapes.outlines) == {"lemgo", "kalletal"} and all(shapes.outlines.values())
    lon_min, lat_min, lon_max, lat_max = shapes.bounds
    assert 8.7 < lon_min < lon_max < 9.2 and 51.9 < lat_min < lat_max < 52.3
    assert shapes.centres["kalletal"][1] > shapes.centres["lemgo"][1]  # Kalletal lies north of Lemgo


def _box(lon: float, lat: float, half: float) -> list[tuple[float, float]]:
    return [(lon - half, lat - half), (lon + half, lat - half), (lon + half, lat + half), (lon - half, lat + half)]


def test_the_zoom_fits_the_box_and_a_smaller_box_zooms_in():
    region = (8.8, 52.0, 9.05, 52.2)
    zoom = fit_zoom(region, 900, 560)
    assert 9.5 < zoom < 11.5
    assert fit_zoom((8.8, 52.0, 8.9, 52.1), 900, 560) > zoom
