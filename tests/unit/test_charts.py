"""Chart conventions (pure): fixed colours, short day labels."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from neiqin import charts


@given(st.lists(st.text(max_size=20), max_size=12))
def test_a_key_keeps_its_colour_whatever_else_the_chart_shows(keys):
	alone = {key: charts.colours([key])[0] for key in keys}
	together = dict(zip(keys, charts.colours(keys), strict=True))
	assert together == alone
	assert set(together.values()) <= set(charts.PALETTE)


def test_fixed_colours_win_and_colour_names_become_hex():
	assert charts.colours(["Open", "Closed", "Other"], {"Open": "orange", "Closed": "#123456"}) == [
		"#ffa00a",
		"#123456",
		charts.colour_for("Other"),
	]


def test_day_labels_fit_under_a_point():
	assert charts.day_label(datetime.date(2026, 3, 7)) == "03-07"
	assert charts.day_label(datetime.date(2026, 12, 31)) == "12-31"
