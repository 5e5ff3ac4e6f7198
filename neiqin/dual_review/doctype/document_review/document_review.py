from contextlib import contextmanager

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from neiqin import stored_text
from neiqin.dual_review.exceptions import ReviewRecordProtectedError

WRITER_FLAG = "neiqin_review_writer"


@contextmanager
def review_writer():
	"""Only code inside this block (the review API and the gate) may write Document Reviews."""
	frappe.flags[WRITER_FLAG] = (frappe.flags.get(WRITER_FLAG) or 0) + 1
	try:
		yield
	finally:
		frappe.flags[WRITER_FLAG] -= 1


class DocumentReview(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from neiqin.dual_review.doctype.document_review_check_result.document_review_check_result import (
			DocumentReviewCheckResult,
		)
		from neiqin.dual_review.doctype.document_review_checklist_answer.document_review_checklist_answer import (
			DocumentReviewChecklistAnswer,
		)

		awaiting_since: DF.Datetime | None
		check_results: DF.Table[DocumentReviewCheckResult]
		checklist: DF.Table[DocumentReviewChecklistAnswer]
		comment: DF.SmallText | None
		content_hash: DF.Data | None
		decision: DF.Literal["Approved", "Rejected"]
		override_justification: DF.SmallText | None
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		review_duration: DF.Duration | None
		review_rule: DF.Link | None
		reviewed_on: DF.Datetime | None
		reviewer: DF.Link
		reviewer_name: DF.Data | None
		rule_title: DF.Data | None
		status: DF.Literal["Valid", "Voided"]
		void_reason: DF.SmallText | None
		void_reason_message: DF.SmallText | None
		voided_by: DF.Link | None
		voided_on: DF.Datetime | None
	# end: auto-generated types

	def before_insert(self):
		self.refuse_direct_writes()

	def before_validate(self):
		self.refuse_direct_writes()

	def on_trash(self):
		self.refuse_direct_writes()

	def refuse_direct_writes(self):
		refuse_unless_writer()


def refuse_unless_writer() -> None:
	"""Document Reviews and Review Content Changes are written by the review API and the gate
	only (inside `review_writer()`), never directly (desk, REST, import, server scripts)."""
	if not frappe.flags.get(WRITER_FLAG):
		frappe.throw(
			_(
				"Document Reviews are recorded only through the Approve and Reject actions of the reviewed document; they cannot be created, changed or deleted directly."
			),
			ReviewRecordProtectedError,
			title=_("Not Permitted"),
		)


def void_reviews(names: list[str], reason: dict, by: str | None = None) -> None:
	"""Mark reviews Voided with the reason, a stored text (`neiqin.stored_text.text`): kept as
	written in the voiding user's language and as a message every reader sees in theirs (one
	statement; the audit trail keeps them)."""
	if not names:
		return
	review = frappe.qb.DocType("Document Review")
	now = now_datetime()
	(
		frappe.qb.update(review)
		.set(review.status, "Voided")
		.set(review.void_reason, stored_text.render(reason, _))
		.set(review.void_reason_message, stored_text.dumps(reason))
		.set(review.voided_on, now)
		.set(review.voided_by, by or frappe.session.user)
		.set(review.modified, now)
		.set(review.modified_by, frappe.session.user)
		.where(review.name.isin(names) & (review.status == "Valid"))
	).run()


def on_doctype_update():
	frappe.db.add_index("Document Review", ["reference_doctype", "reference_name"])
