"""Working-day arithmetic of the contract entry SLA (ERPNext semantics: listed days are off)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from neiqin.contract_fulfilment.working_days import add_working_days, entry_delay, working_days_between

# Fri 2026-05-01 is Labour Day; Sat/Sun 2026-05-02/03 are weekly offs in this list.
HOLIDAYS = {date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3), date(2026, 5, 9), date(2026, 5, 10)}
THU = date(2026, 4, 30)
MON = date(2026, 5, 4)


def test_add_working_days_skips_listed_days():
	assert add_working_days(THU, 1, HOLIDAYS) == MON
	assert add_working_days(THU, 2, HOLIDAYS) == date(2026, 5, 5)
	assert add_working_days(date(2026, 4, 28), 1, HOLIDAYS) == date(2026, 4, 29)


def test_signing_on_a_holiday_gives_the_next_working_day():
	assert add_working_days(date(2026, 5, 2), 1, HOLIDAYS) == MON


def test_weekends_work_when_the_list_does_not_name_them():
	# Sat 2026-04-25 is not in the list: it is a working day.
	assert add_working_days(date(2026, 4, 24), 1, HOLIDAYS) == date(2026, 4, 25)
	assert add_working_days(date(2026, 4, 24), 1, set()) == date(2026, 4, 25)


def test_zero_or_negative_days_is_the_signing_day():
	assert add_working_days(THU, 0, HOLIDAYS) == THU
	assert add_working_days(THU, -2, HOLIDAYS) == THU


def test_working_days_between_is_half_open():
	assert working_days_between(THU, THU, HOLIDAYS) == 0
	assert working_days_between(THU, MON, HOLIDAYS) == 1
	assert working_days_between(THU, date(2026, 5, 3), HOLIDAYS) == 0
	assert working_days_between(MON, THU, HOLIDAYS) == 0  # entered before signing


def test_entry_delay_on_time_and_late():
	on_time = entry_delay(THU, MON, 1, HOLIDAYS)
	assert on_time == {"deadline": MON, "working_days": 1, "days_late": 0, "is_late": False}

	late = entry_delay(THU, date(2026, 5, 6), 1, HOLIDAYS)
	assert late == {"deadline": MON, "working_days": 3, "days_late": 2, "is_late": True}


def test_entry_on_a_holiday_after_the_deadline_loses_no_working_day():
	# signed Wed 04-29, deadline Thu 04-30; entered Sat 05-02 (holiday): still 1 working day
	result = entry_delay(date(2026, 4, 29), date(2026, 5, 2), 1, HOLIDAYS)
	assert result["deadline"] == THU
	assert result["working_days"] == 1
	assert not result["is_late"]


def test_same_day_entry_with_zero_day_sla():
	assert not entry_delay(THU, THU, 0, HOLIDAYS)["is_late"]
	assert entry_delay(date(2026, 4, 29), THU, 0, HOLIDAYS)["is_late"]


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
holiday_sets = st.sets(days, max_size=60)


@given(start=days, n=st.integers(min_value=0, max_value=40), holidays=holiday_sets)
def test_add_then_count_round_trips(start, n, holidays):
	end = add_working_days(start, n, holidays)
	assert working_days_between(start, end, holidays) == n
	assert n == 0 or end not in holidays  # the deadline is itself a working day


@given(start=days, end=days, holidays=holiday_sets)
def test_count_matches_day_by_day_walk(start, end, holidays):
	expected = sum(
		1 for offset in range(1, (end - start).days + 1) if start + timedelta(days=offset) not in holidays
	)
	assert working_days_between(start, end, holidays) == expected


@given(signed=days, entered=days, n=st.integers(min_value=0, max_value=5), holidays=holiday_sets)
def test_late_exactly_when_more_working_days_than_allowed(signed, entered, n, holidays):
	result = entry_delay(signed, entered, n, holidays)
	assert result["is_late"] == (result["working_days"] > n)
	assert result["days_late"] == max(result["working_days"] - n, 0)
