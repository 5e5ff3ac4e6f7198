"""Translated refusals for the problems the pure rules (`rules.py`) report."""

import frappe
from frappe import _

from neiqin.escaping import bold


class SalesMaterialError(frappe.ValidationError):
	pass


class MaterialLineError(SalesMaterialError):
	"""A line has no item/description, a zero or negative quantity, or no warehouse."""


class MaterialKindError(SalesMaterialError):
	"""The kind of log lacks what it needs (an invoice, lines)."""


class MaterialRecipientError(SalesMaterialError):
	"""Contact, address or invoice do not belong to the recipient."""


class MaterialDispatchError(SalesMaterialError):
	"""Dispatch without courier/tracking number, by the wrong method, at a wrong date."""


class MaterialStatusError(SalesMaterialError):
	"""An action or status change that the log's status does not allow."""


class MaterialReturnError(SalesMaterialError):
	"""Returning nothing, something unknown, or more than was sent."""


class MaterialStockEntryError(SalesMaterialError):
	"""A stock entry of a log handled outside its log."""


class CourierSettlementError(SalesMaterialError):
	"""Courier fees cannot be drafted into a Purchase Invoice."""


class MaterialUserPermissionError(frappe.PermissionError):
	"""The dispatcher's User Permissions do not allow the company or a warehouse of the stock move."""


class MaterialApprovalKindsProtectedError(frappe.PermissionError):
	"""Only a System Manager changes which kinds need approval (it loosens or tightens a control)."""


def action_label(action: str) -> str:
	return {
		"deliver": _("mark it delivered"),
		"confirm": _("confirm receipt"),
		"return": _("record a return"),
		"lose": _("mark it lost"),
	}.get(action, action)


def message(problem) -> tuple[type[SalesMaterialError], str]:
	"""(exception class, translated message) for a `rules.Problem`."""
	b = [bold(_(str(arg)) if isinstance(arg, str) else arg) for arg in problem.args]
	code = problem.code
	if code == "unknown_kind":
		return MaterialKindError, _("{0} is not a kind of sales material.").format(*b)
	if code == "invoice_required":
		return MaterialKindError, _("A log of kind Invoice needs the Sales Invoice that is mailed.")
	if code == "lines_required":
		return MaterialKindError, _("Add at least one line saying what is sent in this {0} log.").format(*b)
	if code == "line_without_item":
		return MaterialLineError, _("Row {0}: choose an item or describe what is sent.").format(*b)
	if code == "non_positive_qty":
		return MaterialLineError, _("Row {0}: the quantity must be greater than zero, not {1}.").format(*b)
	if code == "warehouse_required":
		return MaterialLineError, _(
			"Row {0}: {1} is a stock item; choose the warehouse it is issued from."
		).format(*b)
	if code == "must_be_mailed":
		return MaterialDispatchError, _(
			"A {0} must be mailed separately (courier or registered mail), not sent by {1}."
		).format(*b)
	if code == "courier_required":
		return MaterialDispatchError, _("Choose the courier before dispatching this {0} log.").format(*b)
	if code == "tracking_required":
		return MaterialDispatchError, _("Enter the tracking number before dispatching this {0} log.").format(
			*b
		)
	if code == "negative_shipping_cost":
		return MaterialDispatchError, _("The shipping cost cannot be negative ({0}).").format(*b)
	if code == "dispatch_in_future":
		return MaterialDispatchError, _("The dispatch date {0} is in the future.").format(*b)
	if code == "date_before_dispatch":
		return MaterialStatusError, _("{0} is before the dispatch date {1}.").format(*b)
	if code == "date_in_future":
		return MaterialStatusError, _("{0} is in the future.").format(*b)
	if code == "nothing_to_return":
		return MaterialReturnError, _("Say which lines came back and how many.")
	if code == "unknown_line":
		return MaterialReturnError, _("Line {0} is not on this log.").format(*b)
	if code == "non_positive_return":
		return MaterialReturnError, _(
			"Line {0}: the returned quantity must be greater than zero, not {1}."
		).format(*b)
	if code == "return_exceeds_sent":
		return MaterialReturnError, _(
			"Line {0}: cannot return {1}; only {2} were sent and not returned yet."
		).format(*b)
	if code == "not_dispatched":
		status, action = problem.args
		return MaterialStatusError, _("Cannot {0}: the log is still {1} and has not been dispatched.").format(
			action_label(action), bold(_(status))
		)
	if code == "action_not_allowed":
		status, action = problem.args
		return MaterialStatusError, _("Cannot {0}: the log is already {1}.").format(
			action_label(action), bold(_(status))
		)
	if code == "transition_not_allowed":
		return MaterialStatusError, _("The status cannot change from {0} to {1}.").format(*b)
	return SalesMaterialError, code


def throw_problems(problems) -> None:
	"""Refuse with every problem's message (the first one decides the exception class)."""
	if not problems:
		return
	messages = [message(problem) for problem in problems]
	frappe.throw("<br>".join(text for _exc, text in messages), messages[0][0], title=_("Sales Material Log"))
