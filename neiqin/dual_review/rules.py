"""Which review rules govern a document, and who may review under them."""

from __future__ import annotations

import frappe

from neiqin.dual_review import quorum

GOVERNED_CACHE_KEY = "neiqin:review:governed_doctypes"


# ----------------------------------------------------------------------------- governed doctypes


def governed_doctypes() -> frozenset[str]:
	"""Doctypes with at least one enabled rule (cached; cleared whenever a rule changes).

	Used on the save path only, where it keeps the hooks free for every other doctype. The
	submit gate asks the database (see `enabled_rules`), so a stale cache can never let a
	submit through."""
	cached = frappe.cache.get_value(GOVERNED_CACHE_KEY, generator=lambda: sorted(enabled_doctypes_from_db()))
	return frozenset(cached or ())


def enabled_doctypes_from_db() -> set[str]:
	return set(frappe.get_all("Review Rule", filters={"enabled": 1}, pluck="document_type", distinct=True))


def clear_governed_cache() -> None:
	frappe.cache.delete_value(GOVERNED_CACHE_KEY)
	# another request may fill the cache from a snapshot taken before this transaction commits
	frappe.db.after_commit.add(lambda: frappe.cache.delete_value(GOVERNED_CACHE_KEY))


# ----------------------------------------------------------------------------- rules of a document


def enabled_rules(doctype: str) -> list:
	"""Enabled Review Rule documents of a doctype, read from the database."""
	names = frappe.get_all(
		"Review Rule",
		filters={"document_type": doctype, "enabled": 1},
		order_by="sequence asc, name asc",
		pluck="name",
	)
	return [frappe.get_doc("Review Rule", name) for name in names]


def applicable_rules(doc) -> list:
	"""Enabled rules of the document's doctype whose condition holds for it."""
	return applicable_with_errors(doc)[0]


def applicable_with_errors(doc) -> tuple[list, dict[str, str]]:
	"""(applicable rules, {rule name: why its condition could not be evaluated}); a rule whose
	condition fails to evaluate applies (fail closed)."""
	applicable, errors = [], {}
	for rule in enabled_rules(doc.doctype):
		applies, error = rule.condition_result(doc)
		if applies:
			applicable.append(rule)
		if error:
			errors[rule.name] = error
	return applicable, errors


def as_quorum_rule(rule) -> quorum.Rule:
	return quorum.Rule(
		name=rule.name,
		min_reviewers=max(1, rule.min_reviewers or 1),
		sequence=rule.sequence or 0,
		wait_for_previous=bool(rule.wait_for_previous),
	)


# ----------------------------------------------------------------------------- reviewers


def may_review(rule, user: str, owner: str | None, roles: list[str] | None = None, excluded=()) -> bool:
	"""`excluded`: users who changed the reviewed content (see `edits.editors_of`)."""
	roles = frappe.get_roles(user) if roles is None else roles
	return quorum.may_review(user, owner, roles, rule.get_roles(), rule.get_users(), excluded)


def reviewers_of(rule, limit: int = 200) -> list[str]:
	"""Enabled desk users (System Users, not Administrator) who may review under the rule (by
	role or by name), owner not excluded."""
	users = set(rule.get_users())
	roles = rule.get_roles()
	if roles:
		has_role = frappe.qb.DocType("Has Role")
		user = frappe.qb.DocType("User")
		users.update(
			(
				frappe.qb.from_(has_role)
				.join(user)
				.on(user.name == has_role.parent)
				.select(has_role.parent)
				.distinct()
				.where(
					(has_role.parenttype == "User")
					& has_role.role.isin(roles)
					& (user.enabled == 1)
					& (user.user_type == "System User")
				)
				.limit(limit)
			).run(pluck=True)
		)
	users.difference_update(("Guest", "Administrator"))
	if users:
		users &= set(
			frappe.get_all(
				"User",
				filters={"name": ("in", list(users)), "enabled": 1, "user_type": "System User"},
				pluck="name",
			)
		)
	return sorted(users)
