import ast

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils.safe_exec import get_safe_globals, safe_eval

from neiqin.dual_review import checks
from neiqin.dual_review.exceptions import InvalidReviewRuleError
from neiqin.dual_review.rules import clear_governed_cache
from neiqin.permissions import grant


class ReviewRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from neiqin.dual_review.doctype.review_rule_check.review_rule_check import ReviewRuleCheck
		from neiqin.dual_review.doctype.review_rule_checklist_item.review_rule_checklist_item import (
			ReviewRuleChecklistItem,
		)
		from neiqin.dual_review.doctype.review_rule_role.review_rule_role import ReviewRuleRole
		from neiqin.dual_review.doctype.review_rule_user.review_rule_user import ReviewRuleUser

		automatic_checks: DF.Table[ReviewRuleCheck]
		checklist: DF.Table[ReviewRuleChecklistItem]
		condition: DF.Code | None
		document_type: DF.Link
		enabled: DF.Check
		min_reviewers: DF.Int
		reviewer_roles: DF.TableMultiSelect[ReviewRuleRole]
		reviewer_users: DF.TableMultiSelect[ReviewRuleUser]
		sequence: DF.Int
		title: DF.Data
		wait_for_previous: DF.Check
	# end: auto-generated types

	def validate(self):
		self.validate_document_type()
		self.validate_min_reviewers()
		self.validate_reviewers()
		self.validate_condition()
		self.validate_checks()

	def on_update(self):
		clear_governed_cache()
		self.grant_read_to_reviewer_roles()
		self.warn_about_users_who_cannot_read()

	def on_trash(self):
		clear_governed_cache()

	# ------------------------------------------------------------------ validation

	def validate_document_type(self):
		meta = frappe.get_meta(self.document_type)
		if not meta.is_submittable or meta.istable or meta.issingle:
			frappe.throw(
				_("Review rules apply to submittable document types only; {0} is not one.").format(
					frappe.bold(_(self.document_type))
				),
				InvalidReviewRuleError,
			)

	def validate_min_reviewers(self):
		if (self.min_reviewers or 0) < 1:
			frappe.throw(_("Minimum Reviewers must be at least 1."), InvalidReviewRuleError)

	def validate_reviewers(self):
		if not self.get_roles() and not self.get_users():
			frappe.throw(
				_("Name at least one reviewer role or reviewer user for review rule {0}.").format(
					frappe.bold(self.title)
				),
				InvalidReviewRuleError,
			)

	def validate_condition(self):
		if not (self.condition or "").strip():
			return
		try:
			ast.parse(self.condition.strip(), mode="eval")
			self.evaluate_condition(frappe.new_doc(self.document_type))
		except SyntaxError as error:
			frappe.throw(
				_("The condition is not a valid Python expression: {0}").format(error.msg),
				InvalidReviewRuleError,
			)
		except NameError as error:
			frappe.throw(
				_("The condition uses an unknown name: {0}").format(str(error)), InvalidReviewRuleError
			)
		except Exception:
			pass  # values of a blank document may not support the expression; real ones will

	def validate_checks(self):
		available = checks.registry()
		seen = set()
		for row in self.automatic_checks:
			row.check = (row.check or "").strip()
			if row.check not in available:
				frappe.throw(
					_("Row {0}: {1} is not a registered automatic check. Available: {2}").format(
						row.idx, frappe.bold(row.check), ", ".join(sorted(available))
					),
					InvalidReviewRuleError,
				)
			if row.check in seen:
				frappe.throw(
					_("Row {0}: the automatic check {1} is listed twice.").format(
						row.idx, frappe.bold(row.check)
					),
					InvalidReviewRuleError,
				)
			seen.add(row.check)

	# ------------------------------------------------------------------ reviewers can read

	def grant_read_to_reviewer_roles(self):
		"""A reviewer must be able to open the document. Roles of an enabled rule that cannot
		read the document type get read permission (as an admin would in Role Permissions
		Manager), and the admin is told so."""
		if not self.enabled:
			return
		readers = {
			perm.role
			for perm in frappe.get_meta(self.document_type).permissions
			if perm.read and not perm.permlevel and not perm.if_owner
		}
		if "All" in readers:
			return
		missing = [
			role
			for role in self.get_roles()
			if role not in readers and role not in ("Administrator", "Guest")
		]
		if not missing:
			return
		for role in missing:
			grant(self.document_type, role, ("read",))
		frappe.msgprint(
			_("Granted read permission on {0} to {1} so that they can review.").format(
				frappe.bold(_(self.document_type)), ", ".join(frappe.bold(_(role)) for role in missing)
			),
			alert=True,
		)

	def warn_about_users_who_cannot_read(self):
		if not self.enabled:
			return
		blind = [
			user
			for user in self.get_users()
			if not frappe.has_permission(self.document_type, "read", user=user)
		]
		if blind:
			frappe.msgprint(
				_("{0} cannot read {1} and so cannot review; give them a role that can.").format(
					", ".join(frappe.bold(user) for user in blind), frappe.bold(_(self.document_type))
				),
				indicator="orange",
				title=_("Reviewers Without Access"),
			)

	# ------------------------------------------------------------------ used by the gate

	def get_roles(self) -> list[str]:
		return [row.role for row in self.reviewer_roles if row.role]

	def get_users(self) -> list[str]:
		return [row.user for row in self.reviewer_users if row.user]

	def evaluate_condition(self, doc) -> bool:
		safe_frappe = get_safe_globals().get("frappe")
		return bool(
			safe_eval(
				self.condition.strip(),
				None,
				{"doc": doc, "frappe": frappe._dict(utils=safe_frappe.get("utils")) if safe_frappe else None},
			)
		)

	def applies_to(self, doc) -> bool:
		"""Does the rule govern `doc`? A condition that cannot be evaluated governs (fail closed)."""
		if not (self.condition or "").strip():
			return True
		try:
			return self.evaluate_condition(doc)
		except Exception:
			frappe.log_error(
				title=f"Review Rule {self.name}: condition failed on {doc.doctype} {doc.name}",
				reference_doctype="Review Rule",
				reference_name=self.name,
			)
			return True
