"""Pure rules of the registers: due visits, visit summary, hand-over deadline, statuses,
maturity windows, half-year periods and balance differences."""

from datetime import date

from neiqin.registers import rules

D = date


def log(name, customer, visit, next_visit=None, reminded=None, user="u@x", channel="Phone"):
	return {
		"name": name,
		"customer": customer,
		"visit_date": visit,
		"next_visit_date": next_visit,
		"reminded_on": reminded,
		"visited_by": user,
		"channel": channel,
	}


# ----------------------------------------------------------------------------- visits


def test_due_visits_are_the_latest_logs_whose_next_visit_has_come_and_not_yet_reminded():
	today = D(2026, 6, 10)
	logs = [
		log("A1", "A", D(2026, 5, 1), D(2026, 6, 1)),  # superseded by A2
		log("A2", "A", D(2026, 6, 2), D(2026, 6, 10)),  # due today
		log("B1", "B", D(2026, 5, 1), D(2026, 6, 11)),  # tomorrow
		log("C1", "C", D(2026, 5, 1), D(2026, 5, 20), reminded=D(2026, 5, 20)),  # reminded once
		log("D1", "D", D(2026, 5, 1)),  # no next visit
		log("E1", "E", D(2026, 4, 1), D(2026, 5, 1)),  # overdue, never reminded
	]
	assert [v["name"] for v in rules.due_visits(logs, today)] == ["E1", "A2"]


def test_same_day_logs_are_ordered_by_name():
	logs = [log("X2", "X", D(2026, 6, 1), None), log("X1", "X", D(2026, 6, 1), D(2026, 6, 2))]
	assert rules.due_visits(logs, D(2026, 6, 5)) == []


def test_visit_summary_per_customer():
	today = D(2026, 6, 10)
	rows = rules.visit_summary(
		[
			log("A1", "A", D(2026, 5, 1), D(2026, 6, 1)),
			log("A2", "A", D(2026, 6, 1), D(2026, 6, 5)),
			log("B1", "B", D(2026, 6, 9), D(2026, 7, 1)),
		],
		today,
	)
	assert rows == [
		{
			"customer": "A",
			"last_visit": D(2026, 6, 1),
			"next_visit": D(2026, 6, 5),
			"visits": 2,
			"days_since": 9,
			"overdue": True,
		},
		{
			"customer": "B",
			"last_visit": D(2026, 6, 9),
			"next_visit": D(2026, 7, 1),
			"visits": 1,
			"days_since": 1,
			"overdue": False,
		},
	]


def test_visits_per_user_counts_visits_customers_and_channels():
	rows = rules.visits_per_user(
		[
			log("1", "A", D(2026, 6, 1), user="a@x", channel="Phone"),
			log("2", "A", D(2026, 6, 2), user="a@x", channel="Visit"),
			log("3", "B", D(2026, 6, 3), user="a@x", channel="Phone"),
			log("4", "B", D(2026, 6, 3), user="b@x", channel="Video"),
		]
	)
	assert rows == [
		{"visited_by": "a@x", "visits": 3, "customers": 2, "Phone": 2, "Visit": 1},
		{"visited_by": "b@x", "visits": 1, "customers": 1, "Video": 1},
	]


# ----------------------------------------------------------------------------- instruments


def test_handover_deadline_is_the_end_of_the_next_working_day():
	friday = D(2026, 6, 5)
	weekend = {D(2026, 6, 6), D(2026, 6, 7)}
	assert rules.handover_deadline(friday, weekend) == D(2026, 6, 8)
	assert rules.handover_deadline(friday, set()) == D(2026, 6, 6)


def test_handover_late_flag():
	deadline = D(2026, 6, 8)
	assert not rules.handover_late(deadline, None, D(2026, 6, 8))
	assert rules.handover_late(deadline, None, D(2026, 6, 9))
	assert not rules.handover_late(deadline, D(2026, 6, 8), D(2026, 7, 1))
	assert rules.handover_late(deadline, D(2026, 6, 9), D(2026, 6, 9))


def test_instrument_status_follows_records_unless_set_by_hand():
	assert rules.instrument_status(None, False, False) == "Received"
	assert rules.instrument_status(None, True, False) == "Handed Over"
	assert rules.instrument_status(None, True, True) == "Deposited"
	assert rules.instrument_status("Bounced", True, True) == "Bounced"
	assert rules.instrument_status("Handed Over", False, False) == "Received"


def test_normalised_key_ignores_spaces_and_case():
	assert rules.normalise_key(" 1234 5678", "Bank of  China ") == rules.normalise_key(
		"12345678", "bank of china"
	)
	assert rules.normalise_key("1", "A") != rules.normalise_key("1", "B")


def test_normalised_key_ignores_hyphens_and_full_width_characters():
	same = (
		"H4ES VETK",
		"H4ES-VETK",
		"h4es vetk",
		"Ｈ４ＥＳ－ＶＥＴＫ",
		"H4ES\u3000VETK",
		"H4ES–VETK",
		" h4-es-vetk ",
	)
	keys = {rules.normalise_key(number, "招商银行 杭州分行") for number in same}
	assert keys == {("h4esvetk", "招商银行杭州分行")}
	assert rules.instrument_key("H4ES-VETK", "ＩＣＢＣ") == rules.instrument_key("h4es vetk", "icbc")
	assert rules.instrument_key("H4ES-VETK", "ICBC") != rules.instrument_key("H4ES-VETK", "CCB")
	assert rules.instrument_key("H4ES", "VETKICBC") != rules.instrument_key("H4ESVETK", "ICBC")


def test_a_status_changes_by_hand_with_a_reason_and_after_signing_only_by_finance():
	def problem(current="Handed Over", requested="Endorsed", computed="Handed Over", **kw):
		values = {"signed": False, "is_finance": False, "reason": "Endorsed to supplier X"} | kw
		return rules.status_change_problem(
			current, requested, computed, values["signed"], values["is_finance"], values["reason"]
		)

	assert problem() is None
	assert problem(reason="  ") == "reason"
	assert problem(signed=True) == "finance_only"
	assert problem(signed=True, is_finance=True) is None
	assert problem(requested="Handed Over") == "same"
	assert problem(requested="Lost") == "unknown"
	assert problem(requested="Deposited") == "not_from_records"
	assert problem(current="Deposited", computed="Deposited") == "not_from_records"
	# re-opening a manual status: back to what the records say, nothing else
	assert problem(current="Bounced", requested="Handed Over") is None
	assert problem(current="Bounced", requested="Received") == "not_from_records"


def test_settlement_difference():
	assert rules.settlement_difference(9000, 90) == -8910
	assert rules.settlement_difference(7000, 7000.001) == 0


def test_maturing_bills_window_includes_overdue_and_excludes_closed_and_cheques():
	on = D(2026, 6, 1)
	bills = [
		{
			"name": "in",
			"instrument_type": "Bank Acceptance Bill",
			"due_date": D(2026, 6, 30),
			"status": "Handed Over",
		},
		{
			"name": "edge",
			"instrument_type": "Commercial Acceptance Bill",
			"due_date": D(2026, 7, 1),
			"status": "Received",
		},
		{
			"name": "late",
			"instrument_type": "Bank Acceptance Bill",
			"due_date": D(2026, 7, 2),
			"status": "Received",
		},
		{
			"name": "overdue",
			"instrument_type": "Bank Acceptance Bill",
			"due_date": D(2026, 5, 20),
			"status": "Received",
		},
		{
			"name": "paid",
			"instrument_type": "Bank Acceptance Bill",
			"due_date": D(2026, 6, 2),
			"status": "Deposited",
		},
		{
			"name": "endorsed",
			"instrument_type": "Bank Acceptance Bill",
			"due_date": D(2026, 6, 2),
			"status": "Endorsed",
		},
		{"name": "cheque", "instrument_type": "Cheque", "due_date": D(2026, 6, 2), "status": "Received"},
	]
	assert [b["name"] for b in rules.maturing(bills, on, 30)] == ["overdue", "in", "edge"]
	assert [b["name"] for b in rules.maturing(bills, on, 0)] == ["overdue"]


def test_tracking_categories_of_a_day():
	day = D(2026, 6, 2)
	received_today = {"received_on": day, "handed_over_on": None, "status": "Received"}
	assert rules.tracking_categories(received_today, day) == ["Received", "With the Clerk"]
	handed_today = {"received_on": D(2026, 6, 1), "handed_over_on": day, "status": "Handed Over"}
	assert rules.tracking_categories(handed_today, day) == ["Handed Over"]
	paid = {
		"received_on": D(2026, 5, 1),
		"handed_over_on": D(2026, 5, 2),
		"payment_date": day,
		"status": "Deposited",
	}
	assert rules.tracking_categories(paid, day) == ["Turned into Payment"]
	bounced = {"received_on": D(2026, 5, 1), "handed_over_on": None, "status": "Bounced"}
	assert rules.tracking_categories(bounced, day) == []


# ----------------------------------------------------------------------------- balance confirmation


def test_half_year_periods():
	assert rules.half_year_start(D(2026, 6, 30)) == D(2026, 1, 1)
	assert rules.half_year_start(D(2026, 12, 31)) == D(2026, 7, 1)
	assert rules.half_year_start(D(2026, 8, 31)) == D(2026, 3, 1)
	assert rules.half_year_start(D(2026, 8, 15)) == D(2026, 2, 16)
	assert rules.last_half_year_end(D(2026, 7, 15)) == D(2026, 6, 30)
	assert rules.last_half_year_end(D(2026, 3, 1)) == D(2025, 12, 31)
	assert rules.last_half_year_end(D(2026, 12, 31)) == D(2026, 12, 31)


def test_balance_difference_and_status():
	assert rules.balance_difference(1000, 1000) == 0
	assert rules.balance_difference(900.004, 1000) == -100.0
	assert rules.confirmation_status(False, False, 0) == "Draft"
	assert rules.confirmation_status(True, False, 0) == "Sent"
	assert rules.confirmation_status(True, True, 0.004) == "Confirmed"
	assert rules.confirmation_status(True, True, -100) == "Disputed"
