"""The timeline chart: incidents per month (per year over long spans), stacked by type.

Only geometry is computed here (numbers and plain strings); the SVG is drawn by the
autoescaped template macro ``timeline_svg`` in ``charts.html``, so no markup is built in
Python and no script is needed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..model import EVENT_TYPES, Incident

WIDTH, PLOT_HEIGHT, TOP, BOTTOM, LEFT = 720, 160, 10, 34, 34
MAX_MONTHS = 120  # longer spans are drawn per year
PALETTE = (
    "#8a1111", "#c0504d", "#e46c0a", "#1f4e79", "#7030a0", "#4f6228", "#9b59b6",
    "#b8860b", "#2e8b57", "#5a5a5a", "#3a78c2", "#a0522d", "#999999",
)  # fmt: skip
COLORS = dict(zip(EVENT_TYPES, PALETTE, strict=True))

LinkFor = Callable[[str, str], str]  # (first day, last day) -> URL of the incidents then


@dataclass(frozen=True)
class Segment:
    event_type: str
    count: int
    y: float
    height: float
    color: str


@dataclass(frozen=True)
class Bar:
    key: str  # "2014-12" or "2014"
    count: int
    x: float
    width: float
    segments: tuple[Segment, ...]
    href: str
    show_label: bool


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    unit: str  # "month" | "year"
    top: int  # the highest count: the y axis goes from 0 to it
    undated: int  # incidents whose date is unknown or too wide for one bar
    legend: tuple[tuple[str, str], ...]  # (event type, color) of the types drawn
    width: int = WIDTH
    height: int = TOP + PLOT_HEIGHT + BOTTOM
    left: int = LEFT
    plot_height: int = PLOT_HEIGHT
    base: int = TOP + PLOT_HEIGHT

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)


@dataclass(frozen=True)
class Dated:
    """What the chart needs of an incident: its type and the dates it may have happened."""

    event_type: str
    earliest: str | None
    latest: str | None

    @classmethod
    def of(cls, incident: Incident | Dated | tuple[str, str | None, str | None]) -> Dated:
        if isinstance(incident, Dated):
            return incident
        if isinstance(incident, tuple):
            return cls(*incident)
        return cls(incident.event_type, incident.date.earliest, incident.date.latest)


Charted = Incident | Dated | tuple[str, str | None, str | None]


def _month_key(incident: Dated) -> str | None:
    earliest, latest = incident.earliest, incident.latest
    if earliest and latest and earliest[:7] == latest[:7]:
        return earliest[:7]
    return None


def _year_key(incident: Dated) -> str | None:
    earliest, latest = incident.earliest, incident.latest
    if earliest and latest and earliest[:4] == latest[:4]:
        return earliest[:4]
    return None


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    keys = []
    while f"{year:04d}-{month:02d}" <= last:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _span(key: str) -> tuple[str, str]:
    """First and last day of a month ("2014-12") or a year ("2014")."""
    if len(key) == 4:
        return f"{key}-01-01", f"{key}-12-31"
    year, month = int(key[:4]), int(key[5:7])
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return f"{key}-01", (following - dt.timedelta(days=1)).isoformat()


def _bins(incidents: Sequence[Dated]) -> tuple[str, dict[str, Counter[str]], int]:
    """(unit, key -> counts by type for every key of the span, incidents left out)."""
    months = sorted(k for k in map(_month_key, incidents) if k)
    unit, key_of = "month", _month_key
    if months and len(_months(months[0], months[-1])) > MAX_MONTHS:
        unit, key_of = "year", _year_key
    counts: dict[str, Counter[str]] = {}
    left_out = 0
    for incident in incidents:
        key = key_of(incident)
        if key is None:
            left_out += 1
            continue
        counts.setdefault(key, Counter())[incident.event_type] += 1
    if counts:
        first, last = min(counts), max(counts)
        keys = (
            _months(first, last)
            if unit == "month"
            else [str(y) for y in range(int(first), int(last) + 1)]
        )
        counts = {k: counts.get(k, Counter()) for k in keys}
    return unit, counts, left_out


def _bar(key: str, counts: Counter[str], x: float, width: float, scale: float) -> Bar:
    segments, y = [], float(TOP + PLOT_HEIGHT)
    for event_type in EVENT_TYPES:
        if counts[event_type]:
            height = counts[event_type] * scale
            y -= height
            color = COLORS[event_type]
            segments.append(Segment(event_type, counts[event_type], y, height, color))
    return Bar(key, sum(counts.values()), x, width, tuple(segments), "", True)


def build_timeline(incidents: Sequence[Charted], link_for: LinkFor) -> Timeline:
    """The chart of these incidents; each bar links to ``link_for(first day, last day)``."""
    unit, counts, left_out = _bins([Dated.of(i) for i in incidents])
    top = max((sum(c.values()) for c in counts.values()), default=0)
    scale = PLOT_HEIGHT / top if top else 0.0
    step = (WIDTH - LEFT - 4) / max(len(counts), 1)
    every = max(1, round(len(counts) / 12))
    bars = []
    for n, (key, found) in enumerate(counts.items()):
        bar = _bar(key, found, LEFT + n * step + step * 0.1, step * 0.8, scale)
        label = n % every == 0 or n == len(counts) - 1
        bars.append(replace(bar, href=link_for(*_span(key)), show_label=label))
    drawn = {s.event_type for b in bars for s in b.segments}
    legend = tuple((t, COLORS[t]) for t in EVENT_TYPES if t in drawn)
    return Timeline(tuple(bars), unit, top, left_out, legend)
