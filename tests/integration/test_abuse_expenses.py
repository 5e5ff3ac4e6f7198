"""Insiders against the sales expenses (销售费用), as they would do it: REST calls with their own
API token through frappe's request handling (tests/integration/rest.py), on committed documents.

- nobody approves his own request or claim (who asked, the employee's user, the owner);
- a change of amount, type or employee after an approval voids it;
- a Sales User reads and writes only his own requests and claims;
- a manager sees only his territories (User Permissions);
- the thresholds and accounts in Neiqin Settings are a System Manager's;
- the Journal Entry a claim posted is cancelled or made only by the claim;
- two requests submitted at the same moment (two connections) cannot overspend a budget;
- a request beyond the budget is refused unless a General Manager approved it.
"""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest
from frappe.utils import get_first_day, get_last_day, nowdate

from tests.integration import expenses_support as support
from tests.integration import factories, rest
from tests.integration.conftest import SITE

REQUESTS = "/api/resource/Sales Expense Request"
CLAIMS = "/api/resource/Sales Expense Claim"
REVIEW = "/api/method/neiqin.dual_review.api.review"
SETTINGS = "/api/resource/Neiqin Settings/Neiqin Settings"


@pytest.fixture(scope="module")
def ex(base):
	return support.ensure_expenses(base)


@pytest.fixture
def clean(committed):
	yield committed
	factories.purge_review_records([name for _doctype, name in committed.docs])


def new_request(base, ex, clean, who="sales", amount=1000, **values):
	doc = clean.add(support.make_request(base, ex, who, amount, **values))
	frappe.db.commit()
	return doc


def add_journal_entry(clean, claim) -> None:
	"""Register the claim's Journal Entry to be deleted after the claim is cancelled (which
	cancels it): before the claim in the cleanup's list."""
	name = frappe.db.get_value(claim.doctype, claim.name, "journal_entry")
	clean.docs.insert(clean.docs.index((claim.doctype, claim.name)), ("Journal Entry", name))


def review(user, doc, decision="Approved"):
	return rest.call("POST", REVIEW, user, {"doctype": doc.doctype, "name": doc.name, "decision": decision})


def submit(user, doc):
	return rest.call("PUT", f"/api/resource/{doc.doctype}/{doc.name}", user, {"docstatus": 1})


def docstatus(doc) -> int:
	return frappe.db.get_value(doc.doctype, doc.name, "docstatus")


def test_nobody_approves_his_own_request(base, ex, clean):
	mine = new_request(base, ex, clean)
	response = review(ex.users["sales"], mine)
	assert response.status_code != 200 and docstatus(mine) == 0
	# a Sales Manager who asks for an expense does not approve it
	managers = new_request(base, ex, clean, who="manager")
	response = review(ex.users["manager"], managers)
	assert response.status_code != 200, response.text[:300]
	# nor when the clerk entered it for him: he is the employee
	with factories.as_user(ex.users["clerk"]):
		for_him = frappe.get_doc(
			{
				"doctype": "Sales Expense Request",
				"company": base.company,
				"requested_by": ex.users["clerk"],
				"employee": ex.employees["manager"],
				"territory": base.territory,
				"expense_type": support.TYPE,
				"purpose": "Trade fair",
				"estimated_amount": 300,
			}
		).insert()
	clean.add(for_him)
	frappe.db.commit()
	response = review(ex.users["manager"], for_him)
	assert "RequesterCannotReviewError" in response.exception or response.status_code != 200, response.text[
		:300
	]
	assert not frappe.db.exists(
		"Document Review",
		{"reference_name": for_him.name, "reviewer": ex.users["manager"], "status": "Valid"},
	)
	response = submit(ex.users["clerk"], for_him)
	assert response.status_code == 417 and "ReviewRequiredError" in response.exception, response.text[:300]


def test_a_change_of_amount_after_approval_voids_it(base, ex, clean):
	doc = new_request(base, ex, clean)
	assert review(ex.users["manager"], doc).status_code == 200
	response = rest.call("PUT", f"{REQUESTS}/{doc.name}", ex.users["sales"], {"estimated_amount": 4000})
	assert response.status_code == 200, response.text[:300]
	response = submit(ex.users["sales"], doc)
	assert response.status_code == 417 and "ReviewRequiredError" in response.exception, response.text[:300]
	assert docstatus(doc) == 0
	for field, value in (("expense_type", "业务招待费"), ("employee", ex.employees["colleague"])):
		other = new_request(base, ex, clean)
		assert review(ex.users["manager"], other).status_code == 200
		with factories.as_user("Administrator"):
			changed = frappe.get_doc(other.doctype, other.name)
			changed.set(field, value)
			changed.save()
		frappe.db.commit()
		response = submit("Administrator", other)
		assert response.status_code == 417 and "ReviewRequiredError" in response.exception, field


def test_a_sales_user_reads_and_writes_only_his_own(base, ex, clean):
	mine = new_request(base, ex, clean)
	colleague = ex.users["colleague"]
	assert rest.call("GET", f"{REQUESTS}/{mine.name}", colleague).status_code == 403
	listed = rest.call("GET", f'{REQUESTS}?filters=[["name","=","{mine.name}"]]', colleague)
	assert listed.status_code == 200 and listed.json["data"] == []
	response = rest.call("PUT", f"{REQUESTS}/{mine.name}", colleague, {"purpose": "mine now"})
	assert response.status_code == 403
	assert frappe.db.get_value(mine.doctype, mine.name, "purpose") == mine.purpose
	# nor does he enter one for someone else
	values = {
		"company": base.company,
		"requested_by": colleague,
		"employee": ex.employees["sales"],
		"employee_user": colleague,  # a fetched field: sent anyway
		"territory": base.territory,
		"expense_type": support.TYPE,
		"purpose": "x",
		"estimated_amount": 10,
	}
	response = rest.call("POST", REQUESTS, colleague, values)
	assert response.status_code == 403 and "ExpenseRequestOwnerError" in response.exception, response.text[
		:300
	]
	assert rest.call("GET", f"{REQUESTS}/{mine.name}", ex.users["sales"]).status_code == 200


def test_a_manager_sees_only_his_territories(base, ex, clean):
	mine = new_request(base, ex, clean)
	other = factories.make_territory().name
	manager = ex.users["manager2"]
	permission = frappe.get_doc(
		{"doctype": "User Permission", "user": manager, "allow": "Territory", "for_value": other}
	).insert(ignore_permissions=True)
	clean.add(permission)
	clean.add("Territory", other)
	frappe.db.commit()
	assert rest.call("GET", f"{REQUESTS}/{mine.name}", manager).status_code == 403
	listed = rest.call("GET", f'{REQUESTS}?filters=[["name","=","{mine.name}"]]', manager)
	assert listed.json["data"] == []
	response = review(manager, mine)
	assert response.status_code != 200
	assert not frappe.db.exists("Document Review", {"reference_name": mine.name, "reviewer": manager})


def test_thresholds_and_accounts_are_the_system_managers(base, ex):
	fields = ["general_manager_threshold", "claim_tolerance", "advance_settle_days"]
	before = {field: frappe.db.get_single_value("Neiqin Settings", field) for field in fields}
	rows = frappe.get_all(
		"Sales Expense Company Account",
		filters={"parent": "Neiqin Settings"},
		fields=["company", "employee_advance_account", "employee_payable_account"],
	)
	for user in (ex.users["manager"], ex.users["clerk"], ex.users["finance"]):
		response = rest.call(
			"PUT",
			SETTINGS,
			user,
			{
				"general_manager_threshold": 999999,
				"claim_tolerance": 90,
				"advance_settle_days": 999,
				"sales_expense_accounts": [],
			},
		)
		assert response.status_code in (200, 403, 417), response.text[:300]
		after = {field: frappe.db.get_single_value("Neiqin Settings", field) for field in fields}
		assert after == before, user
		assert (
			frappe.get_all(
				"Sales Expense Company Account",
				filters={"parent": "Neiqin Settings"},
				fields=["company", "employee_advance_account", "employee_payable_account"],
			)
			== rows
		), user


def test_the_claims_journal_entry_is_cancelled_or_made_only_by_the_claim(base, ex, clean):
	request = support.approved_request(base, ex, amount=800)
	clean.add(request)
	claim = support.submitted_claim(base, ex, [support.claim_line(request, 300)])
	clean.add(claim)
	add_journal_entry(clean, claim)
	frappe.db.commit()
	je = claim.journal_entry
	response = rest.call(
		"POST",
		"/api/method/frappe.client.cancel",
		ex.users["finance"],
		{"doctype": "Journal Entry", "name": je},
	)
	assert "ClaimPostingError" in response.exception, response.text[:300]
	assert frappe.db.get_value("Journal Entry", je, "docstatus") == 1
	copy = frappe.copy_doc(frappe.get_doc("Journal Entry", je))
	copy.sales_expense_claim = claim.name
	values = json.loads(frappe.as_json(copy.as_dict(no_default_fields=True)))
	response = rest.call("POST", "/api/resource/Journal Entry", ex.users["finance"], values)
	if response.status_code == 200:
		made = clean.add("Journal Entry", response.json["data"]["name"])
		response = rest.call(
			"PUT", f"/api/resource/Journal Entry/{made}", ex.users["finance"], {"docstatus": 1}
		)
		assert "ClaimPostingError" in response.exception, response.text[:300]
		assert frappe.db.get_value("Journal Entry", made, "docstatus") == 0
	gl = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": je, "is_cancelled": 0},
		fields=["sum(debit) as debit", "sum(credit) as credit"],
	)[0]
	assert gl.debit == gl.credit == 300


def test_a_sales_user_cannot_approve_his_claim_and_it_needs_accounts_too(base, ex, clean):
	request = clean.add(support.approved_request(base, ex, amount=800))
	claim = clean.add(support.make_claim(base, ex, [support.claim_line(request, 300)]))
	frappe.db.commit()
	assert review(ex.users["sales"], claim).status_code != 200
	assert review(ex.users["manager"], claim).status_code == 200
	response = submit(ex.users["sales"], claim)
	assert response.status_code == 417 and "ReviewRequiredError" in response.exception, response.text[:300]
	assert review(ex.users["finance"], claim).status_code == 200
	response = submit(ex.users["sales"], claim)
	assert response.status_code == 200, response.text[:500]
	assert frappe.db.get_value(claim.doctype, claim.name, "journal_entry")
	add_journal_entry(clean, claim)


# ----------------------------------------------------------------------------- budgets


@pytest.fixture
def budget(base, ex, clean):
	"""A submitted monthly budget of 1500 for a territory of its own (committed)."""
	territory = clean.add("Territory", factories.make_territory().name)
	today = nowdate()
	doc = frappe.get_doc(
		{
			"doctype": "Sales Expense Budget",
			"company": base.company,
			"fiscal_year": factories.ensure_fiscal_year(today),
			"period": "Month",
			"period_start": get_first_day(today),
			"lines": [{"territory": territory, "amount": 1500}],
		}
	).insert()
	doc.submit()
	clean.add(doc)
	frappe.db.commit()
	assert str(doc.to_date) == str(get_last_day(today))
	return frappe._dict(name=doc.name, territory=territory)


def submit_concurrently(calls):
	from frappe.utils import get_test_client

	tokens = {user: factories.api_token(user) for user, _doc in calls}
	frappe.db.commit()
	start = threading.Barrier(len(calls), timeout=60)

	def send(call):
		user, doc = call
		client = get_test_client()
		headers = {"Authorization": f"token {tokens[user]}", "X-Frappe-Site-Name": SITE}
		start.wait()
		return client.put(f"/api/resource/{doc.doctype}/{doc.name}", json={"docstatus": 1}, headers=headers)

	with ThreadPoolExecutor(max_workers=len(calls)) as pool:
		raws = list(pool.map(send, calls))
	frappe.db.commit()
	return [rest.Response(raw) for raw in raws]


def test_two_requests_submitted_at_once_cannot_overspend_the_budget(base, ex, clean, budget):
	first = new_request(base, ex, clean, amount=1000, territory=budget.territory)
	second = new_request(base, ex, clean, who="colleague", amount=1000, territory=budget.territory)
	for doc in (first, second):
		assert not frappe.db.get_value(doc.doctype, doc.name, "needs_general_manager")
		assert review(ex.users["manager"], doc).status_code == 200
	responses = submit_concurrently([(ex.users["sales"], first), (ex.users["colleague"], second)])
	assert sorted(r.status_code for r in responses) == [200, 417], [r.text[:300] for r in responses]
	refused = next(r for r in responses if r.status_code == 417)
	assert "ExpenseBudgetExceededError" in refused.exception, refused.text[:500]
	assert sorted(docstatus(doc) for doc in (first, second)) == [0, 1]


def test_beyond_the_budget_only_with_the_general_manager(base, ex, clean, budget):
	doc = new_request(base, ex, clean, amount=1600, territory=budget.territory)
	assert frappe.db.get_value(doc.doctype, doc.name, "needs_general_manager")
	assert review(ex.users["manager"], doc).status_code == 200
	response = submit(ex.users["sales"], doc)
	assert response.status_code == 417 and docstatus(doc) == 0, response.text[:300]
	assert review(ex.users["gm"], doc).status_code == 200
	response = submit(ex.users["sales"], doc)
	assert response.status_code == 200, response.text[:500]


def test_two_claims_submitted_at_once_cannot_together_exceed_the_approval(base, ex, clean):
	request = clean.add(support.approved_request(base, ex, amount=1000))
	first = clean.add(support.make_claim(base, ex, [support.claim_line(request, 700)]))
	second = clean.add(support.make_claim(base, ex, [support.claim_line(request, 700)]))
	for claim in (first, second):
		support.approve(claim, ex.users["manager"], ex.users["finance"])
	frappe.db.commit()
	responses = submit_concurrently([(ex.users["sales"], first), (ex.users["sales"], second)])
	assert sorted(r.status_code for r in responses) == [200, 417], [r.text[:300] for r in responses]
	refused = next(r for r in responses if r.status_code == 417)
	assert "ClaimAboveApprovalError" in refused.exception, refused.text[:500]
	submitted = next(doc for doc in (first, second) if docstatus(doc) == 1)
	add_journal_entry(clean, submitted)
	assert frappe.db.get_value("Sales Expense Request", request.name, "claimed_amount") == 700


def test_a_request_is_not_back_dated_and_a_sales_user_does_not_edit_expense_types(base, ex, clean):
	doc = new_request(base, ex, clean)
	response = rest.call("PUT", f"{REQUESTS}/{doc.name}", ex.users["sales"], {"posting_date": "2020-01-01"})
	assert response.status_code == 200, response.text[:300]
	assert str(frappe.db.get_value(doc.doctype, doc.name, "posting_date")) == str(doc.posting_date)
	response = rest.call(
		"POST", REQUESTS, ex.users["sales"], {**minimal_request(base, ex), "posting_date": "2020-01-01"}
	)
	assert response.status_code == 200, response.text[:300]
	made = clean.add("Sales Expense Request", response.json["data"]["name"])
	assert str(frappe.db.get_value("Sales Expense Request", made, "posting_date")) == nowdate()
	before = frappe.db.get_value("Sales Expense Type", support.SPECIAL_TYPE, "special")
	response = rest.call(
		"PUT", f"/api/resource/Sales Expense Type/{support.SPECIAL_TYPE}", ex.users["sales"], {"special": 0}
	)
	assert response.status_code == 403
	assert frappe.db.get_value("Sales Expense Type", support.SPECIAL_TYPE, "special") == before


def minimal_request(base, ex) -> dict:
	return {
		"company": base.company,
		"requested_by": ex.users["sales"],
		"employee": ex.employees["sales"],
		"territory": base.territory,
		"expense_type": support.TYPE,
		"purpose": "Back-dated",
		"estimated_amount": 10,
	}
