"""A funnel plot as inline SVG, drawn on the server: the geometry only (coordinates, paths,
ticks); the template writes the elements, with the data table and text beside the chart.

The x axis is respondents (from 0), the y axis the mean score; the limits are drawn from
half the smallest area's respondents (where they are still on the chart) to the largest.
Points are shaped by where they fall (circle within the 95% limits, square between the 95%
and 99.8% limits, triangles pointing up or down outside the 99.8% ones), so that neither
colour nor position alone carries it; areas outside the 99.8% limits are named on the chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .funnels import HIGH, Funnel, FunnelPoint

WIDTH, HEIGHT = 640, 400
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 28, 44
CURVE_POINTS = 80
SCORE_MIN, SCORE_MAX = 0.0, 5.0


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Marker:
    name: str
    x: float
    y: float
    shape: str  # "circle", "square", "up" or "down"
    path: str  # an SVG path for the shape, centred on (x, y)
    label_x: float
    anchor: str  # "start" or "end": text to the right or left of the point
    named: bool  # outside the 99.8% limits: named on the chart


@dataclass(frozen=True)
class FunnelChart:
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    target_y: float
    lines: dict[str, str]  # "lower_95", "upper_95", "lower_998", "upper_998": polyline points
    markers: tuple[Marker, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def _nice_step(span: float, count: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `count` ticks."""
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _shape(point: FunnelPoint) -> str:
    if point.outside_998:
        return "up" if point.outside_998 == HIGH else "down"
    return "square" if point.outside_95 else "circle"


def _path(shape: str, x: float, y: float, r: float = 5.0) -> str:
    if shape == "circle":
        return f"M{x - r:.1f},{y:.1f}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0"
    if shape == "square":
        return f"M{x - r:.1f},{y - r:.1f}h{2 * r}v{2 * r}h{-2 * r}z"
    tip = -1.3 * r if shape == "up" else 1.3 * r
    return (
        f"M{x:.1f},{y + tip:.1f}L{x + r:.1f},{y - tip * 0.7:.1f}L{x - r:.1f},{y - tip * 0.7:.1f}z"
    )


def funnel_chart(funnel: Funnel) -> FunnelChart:
    sizes = [p.n for p in funnel.points]
    x_max = max(sizes) * 1.08
    start = max(min(sizes) / 2, 2.0)
    step = (x_max - start) / (CURVE_POINTS - 1)
    curve = funnel.limits(sizes=[start + i * step for i in range(CURVE_POINTS)])
    at_smallest = funnel.limits(sizes=[min(sizes)])[0]
    values = [p.mean for p in funnel.points] + [at_smallest.lower_998, at_smallest.upper_998]
    y_low = max(SCORE_MIN, math.floor(min(values) * 4) / 4)
    y_high = min(SCORE_MAX, math.ceil(max(values) * 4) / 4)
    if y_high <= y_low:
        y_low, y_high = max(SCORE_MIN, y_low - 0.25), min(SCORE_MAX, y_high + 0.25)
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def x(n: float) -> float:
        return left + (right - left) * n / x_max

    def y(score: float) -> float:
        clipped = min(max(score, y_low), y_high)  # a limit off the chart runs along its edge
        return bottom - (bottom - top) * (clipped - y_low) / (y_high - y_low)

    lines = {
        name: " ".join(f"{x(limit.n):.1f},{y(getattr(limit, name)):.1f}" for limit in curve)
        for name in ("lower_95", "upper_95", "lower_998", "upper_998")
    }
    markers = []
    for point in sorted(funnel.points, key=lambda p: p.n):
        shape = _shape(point)
        px, py = x(point.n), y(point.mean)
        right_side = px < (left + right) / 2
        markers.append(
            Marker(
                name=point.name,
                x=px,
                y=py,
                shape=shape,
                path=_path(shape, px, py),
                label_x=px + 8 if right_side else px - 8,
                anchor="start" if right_side else "end",
                named=point.outside_998 is not None,
            )
        )
    x_step = _nice_step(x_max, 6)
    y_step = _nice_step(y_high - y_low, 5)
    return FunnelChart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        target_y=y(funnel.target),
        lines=lines,
        markers=tuple(markers),
        x_ticks=tuple(
            Tick(x(i * x_step), f"{i * x_step:g}") for i in range(int(x_max / x_step) + 1)
        ),
        y_ticks=tuple(
            Tick(y(y_low + i * y_step), f"{y_low + i * y_step:.2f}")
            for i in range(int(round((y_high - y_low) / y_step)) + 1)
        ),
    )
