"""Outlines for maps: thinning, clipping to an area, the area around points, labels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from casefile.places import borders, gazetteer, outline

BOX = outline.Box(0.0, 0.0, 10.0, 10.0)


def test_a_ring_is_clipped_to_the_box() -> None:
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = outline.clip(square, BOX)
    assert {(round(x, 6), round(y, 6)) for x, y in clipped} == {
        (0.0, 0.0),
        (5.0, 0.0),
        (5.0, 5.0),
        (0.0, 5.0),
    }
    assert outline.clip([(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], BOX) == []


@given(st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=3, max_size=30))
def test_a_clipped_ring_stays_inside(ring: list[tuple[float, float]]) -> None:
    for x, y in outline.clip(ring, BOX):
        assert -1e-9 <= x <= 10 + 1e-9 and -1e-9 <= y <= 10 + 1e-9


def test_thinning_keeps_points_a_tolerance_apart() -> None:
    ring = [(i / 100, 0.0) for i in range(100)] + [(1.0, 1.0), (0.0, 1.0)]
    thinned = outline.thin(ring, 0.1)
    assert len(thinned) < 15 and thinned[0] == ring[0]
    assert outline.thin([(0, 0), (0.01, 0), (0, 0.01), (0.01, 0.01)], 1.0) == []  # too small


@given(
    st.lists(st.tuples(st.integers(-18_000, 18_000), st.integers(-9_000, 9_000)), max_size=40),
    st.sampled_from([100.0, 1000.0]),
    st.floats(-0.1, 5.0),
)
def test_a_border_ring_is_thinned_as_its_points_would_be(
    points: list[tuple[int, int]], q: float, tolerance: float
) -> None:
    ring = borders.Ring(tuple(x for x, _ in points), tuple(y for _, y in points), (0, 0, 0, 0))
    degrees = [(x / q, y / q) for x, y in points]
    assert outline.thinned(ring, q, tolerance) == outline.thin(degrees, tolerance)


def test_the_shipped_borders_are_thinned_as_their_points_would_be() -> None:
    shipped = borders.shared()
    q = float(shipped.quantum)
    rings = [ring for country in shipped.countries()[:40] for ring in country.rings]
    for tolerance in (0.0, 0.01, 0.3):
        for ring in rings:
            degrees = [(x / q, y / q) for x, y in zip(ring.xs, ring.ys, strict=True)]
            assert outline.thinned(ring, q, tolerance) == outline.thin(degrees, tolerance)


def test_the_box_around_points_has_a_margin_and_a_least_size() -> None:
    one = outline.Box.around([(71.5, 37.5)])
    assert one.holds(71.5, 37.5) and one.east - one.west >= 2.0
    assert outline.Box.around([]).west == -180.0


def test_outlines_of_an_area_and_its_largest_places(
    bord: borders.Borders, gaz: gazetteer.Gazetteer
) -> None:
    area = outline.Box(70.5, 36.5, 72.5, 38.5)  # the Panj at Khorugh and Ishkashim
    rings = outline.outlines(bord, tolerance=0.01, box=area)
    assert rings and all(area.holds(x, y) for ring in rings for x, y in ring)
    names = [place.name for place in outline.labels(gaz, area, 5)]
    assert "Khorugh" in names and len(names) == 5
