"""The fapiao register (发票登记): numbers by type and unique per company, coverage of Sales
Invoices of the same company and customer never beyond their totals, red-letter fapiao,
mailing through a Sales Material Log, the acknowledgement, and changes after mailing."""

import frappe
import pytest

from neiqin.documents_back import api
from neiqin.documents_back.exceptions import (
	DuplicateFapiaoError,
	FapiaoAcknowledgementError,
	FapiaoAmountError,
	FapiaoCoverageError,
	FapiaoLockedError,
	FapiaoNumberError,
	FapiaoRedLetterError,
	FapiaoStatusError,
)
from tests.integration import documents_back_support as support
from tests.integration import factories

OTHER_COMPANY = "_NQ Fapiao Other Company"


@pytest.fixture
def users(base):
	return support.ensure_users()


@pytest.fixture(scope="module")
def other_company(base):
	"""A second company (committed once)."""
	factories.ensure_company(OTHER_COMPANY, "_NQF")
	frappe.db.commit()
	return OTHER_COMPANY


def invoice(customer: str = factories.CUSTOMERS[0], rate: float = 1130.0, **values):
	return factories.make_direct_sales_invoice(
		customer, [{"item_code": "_NQ Service", "qty": 1, "rate": rate}], **values
	)


def mailed(fapiao):
	"""Mail the fapiao through its Sales Material Log (dispatched by courier)."""
	log = frappe.get_doc("Sales Material Log", api.make_mailing_log(fapiao.name))
	log.courier = factories.ensure_supplier()
	log.tracking_number = f"SF{frappe.generate_hash(length=10).upper()}"
	log.save()
	log.submit()
	fapiao.reload()
	return log


# ----------------------------------------------------------------------------- numbers


def test_a_number_fits_its_type(base):
	si = invoice()
	with pytest.raises(FapiaoNumberError, match="20 digits"):
		support.make_fapiao([si], fapiao_number="2431000000000000001")
	with pytest.raises(FapiaoNumberError, match="no fapiao code"):
		support.make_fapiao([si], fapiao_code="3100231130")
	with pytest.raises(FapiaoNumberError, match="10 or 12 digits"):
		support.make_fapiao([si], fapiao_type="VAT Special Invoice", fapiao_number="12345678")
	paper = support.make_fapiao(
		[si], fapiao_type="VAT Special Invoice", fapiao_code="3100 2311 30", fapiao_number="No. 0012-3456"
	)
	assert (paper.fapiao_code, paper.fapiao_number) == ("3100231130", "00123456")


def test_numbers_are_unique_per_company_after_normalising(base, other_company):
	first = support.make_fapiao([invoice()])
	number = first.fapiao_number
	spaced = "－".join([number[:4], number[4:12]]) + " " + number[12:]
	full_width = spaced.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
	with pytest.raises(DuplicateFapiaoError, match=first.name):
		support.make_fapiao([invoice()], fapiao_number=full_width)
	elsewhere = support.make_fapiao(
		[], total=113, company=other_company, fapiao_number=number, customer=base.customer
	)
	assert elsewhere.fapiao_number == number


# ----------------------------------------------------------------------------- coverage


def test_a_fapiao_covers_only_its_companys_and_customers_invoices(base, other_company):
	mine = invoice()
	with pytest.raises(FapiaoCoverageError, match="billed to"):
		support.make_fapiao([mine, invoice(customer=base.customer_b)])
	theirs = invoice(company=other_company)
	with pytest.raises(FapiaoCoverageError, match="belongs to"):
		support.make_fapiao([theirs])
	draft = invoice(submit=False)
	with pytest.raises(FapiaoCoverageError, match="not submitted"):
		support.make_fapiao([draft])


def test_a_fapiao_never_sums_beyond_its_invoices(base):
	si = invoice(rate=1130)
	with pytest.raises(FapiaoCoverageError, match="add up"):
		support.make_fapiao([si], total=2260)  # the rows say 1130
	doc = support.make_fapiao([si], total=1130, insert=False)
	doc.invoices[0].amount = 2260
	doc.amount, doc.tax_amount, doc.total = 2000, 260, 2260
	with pytest.raises(FapiaoCoverageError, match="more than is left"):
		doc.insert()
	with pytest.raises(FapiaoAmountError):
		support.make_fapiao([si], amount=1000, tax_amount=100)  # 1000 + 100 is not 1130

	half = support.make_fapiao([si], total=565, insert=False)
	half.invoices[0].amount = 565
	half.insert()
	second = support.make_fapiao([si], total=565, insert=False)
	second.invoices[0].amount = 565
	second.insert()  # the rest of the invoice
	third = support.make_fapiao([si], total=1, insert=False)
	third.invoices[0].amount = 1
	third.amount, third.tax_amount = 1, 0
	with pytest.raises(FapiaoCoverageError, match="more than is left"):
		third.insert()


def test_a_red_letter_fapiao_reverses_its_original_through_the_credit_note(base):
	si = invoice(rate=1130)
	blue = support.make_fapiao([si])
	credit_note = factories.make_return(si)
	red = support.make_fapiao([], total=-1130, red_letter_of=blue.name, insert=False)
	red.append("invoices", {"sales_invoice": credit_note.name, "amount": -1130})
	red.insert()
	assert red.is_red_letter == 1 and red.customer == base.customer
	assert frappe.db.get_value("Fapiao", blue.name, "status") == "Reversed"

	with pytest.raises(FapiaoRedLetterError, match="more than its total"):
		support.make_fapiao([], total=-10, red_letter_of=blue.name)
	other = support.make_fapiao([invoice(customer=base.customer_b)])
	with pytest.raises(FapiaoRedLetterError):
		support.make_fapiao([], total=-10, red_letter_of=other.name, customer=base.customer)
	with pytest.raises(FapiaoAmountError, match="names its original"):
		support.make_fapiao([], total=-10)


# ----------------------------------------------------------------------------- status


def test_a_fapiao_is_mailed_through_its_sales_material_log(base, users):
	doc = support.make_fapiao([invoice()])
	with factories.as_user(users.clerk):
		typed = frappe.get_doc("Fapiao", doc.name)
		typed.status = "Mailed"
		with pytest.raises(FapiaoStatusError, match="Sales Material Log"):
			typed.save()
	log = mailed(doc)
	assert (log.kind, log.reference_name, log.invoice_number) == ("Invoice", doc.name, doc.fapiao_number)
	assert (doc.status, doc.material_log) == ("Mailed", log.name)
	log.cancel()
	doc.reload()
	assert (doc.status, doc.material_log) == ("Issued", None)


def test_received_by_customer_only_with_the_acknowledgement_attached(base, users):
	doc = support.make_fapiao([invoice()])
	mailed(doc)
	with factories.as_user(users.clerk):
		with pytest.raises(FapiaoAcknowledgementError):
			api.mark_fapiao_received(doc.name)
		# the acknowledgement of another fapiao proves nothing here
		other = support.make_fapiao([invoice()])
		shown_twice = support.attach("Fapiao", other.name, "acknowledgement")
		doc.reload()
		doc.acknowledgement = shown_twice
		doc.save()
		with pytest.raises(FapiaoAcknowledgementError, match="another one"):
			api.mark_fapiao_received(doc.name)
	doc.reload()
	doc.acknowledgement = support.attach("Fapiao", doc.name, "acknowledgement")
	doc.save()
	with factories.as_user(users.clerk):
		assert api.mark_fapiao_received(doc.name)["status"] == "Received by Customer"


def test_after_mailing_number_and_amounts_change_only_with_a_sales_manager(base, users):
	doc = support.make_fapiao([invoice()])
	mailed(doc)
	with factories.as_user(users.clerk):
		typed = frappe.get_doc("Fapiao", doc.name)
		typed.fapiao_number = support.digital_number()
		with pytest.raises(FapiaoLockedError):
			typed.save()
		typed.reload()
		typed.amount, typed.tax_amount = typed.amount - 1, typed.tax_amount + 1
		with pytest.raises(FapiaoLockedError):
			typed.save()
		typed.reload()
		typed.remarks = "快递单号已告知客户"  # what the fapiao does not state may change
		typed.save()
	with factories.as_user(users.manager):
		approved = frappe.get_doc("Fapiao", doc.name)
		approved.fapiao_number = support.digital_number()
		approved.save()
	assert frappe.db.exists(
		"Comment",
		{"reference_doctype": "Fapiao", "reference_name": doc.name, "content": ("like", "%approved by%")},
	)


def test_void_is_for_a_paper_fapiao_not_yet_mailed(base, users):
	digital = support.make_fapiao([invoice()])
	with factories.as_user(users.clerk), pytest.raises(FapiaoStatusError, match="red-letter"):
		api.void_fapiao(digital.name, "typo")
	paper = support.make_fapiao(
		[invoice()], fapiao_type="VAT Ordinary Invoice", fapiao_code="031001900111", fapiao_number="10000001"
	)
	with factories.as_user(users.clerk):
		with pytest.raises(FapiaoStatusError, match="why"):
			api.void_fapiao(paper.name, " ")
		assert api.void_fapiao(paper.name, "Wrong buyer name printed")["status"] == "Void"
	# a void fapiao covers nothing: the invoice can be covered again
	assert support.make_fapiao([frappe.get_doc("Sales Invoice", paper.invoices[0].sales_invoice)]).name
