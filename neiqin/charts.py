"""How neiqin's charts read (pure: no frappe): a fixed colour for each status, kind or mode,
short day labels, and the axis options the report view is asked to apply.

frappe's report view replaces a chart's `axisOptions` with its own, so a report that needs
series labels (long day ranges) or integer ticks (counts) sends them as `neiqin_axis`, and its
desk script merges them in before the chart is drawn (`neiqin/report_chart.js`).
"""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Iterable

# frappe's indicator colours, in a fixed order
PALETTE = (
	"#5e64ff",  # blue
	"#ffa00a",  # orange
	"#29cd42",  # green
	"#ff5858",  # red
	"#743ee2",  # purple
	"#ff85c0",  # pink
	"#8ee6ff",  # cyan
	"#ffd20a",  # yellow
	"#6c7680",  # dark grey
	"#b8c2cc",  # grey
)
NAMED = {
	"gray": "#b8c2cc",
	"grey": "#b8c2cc",
	"orange": "#ffa00a",
	"blue": "#5e64ff",
	"green": "#29cd42",
	"darkgrey": "#6c7680",
	"red": "#ff5858",
	"purple": "#743ee2",
	"yellow": "#ffd20a",
}

# a series of days: labels thinned out by the chart instead of cut to "..."
SERIES_AXIS = {"xIsSeries": 1}
# counts: only whole numbers on the y axis
COUNT_AXIS = {"integer": 1}


def colour_for(key: str | None) -> str:
	"""The same colour for the same key on every visit, whatever else the chart shows."""
	return PALETTE[zlib.crc32((key or "").encode()) % len(PALETTE)]


def colours(keys: Iterable[str | None], fixed: dict[str, str] | None = None) -> list[str]:
	"""One colour per key: a fixed one (a colour name or hex) where given, else `colour_for`."""
	fixed = fixed or {}
	return [NAMED.get(fixed[key], fixed[key]) if key in fixed else colour_for(key) for key in keys]


def day_label(day: datetime.date) -> str:
	"""A short day label (MM-DD) that fits under a point even at 92 days."""
	return f"{day.month:02d}-{day.day:02d}"
