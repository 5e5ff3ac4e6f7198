"""Which review rules govern a document, and who may review under them."""

from __future__ import annotations

import frappe

from neiqin.dual_review import quorum

GOVERNED_CACHE_KEY = "neiqin:review:governed_doctypes"
RULES_CACHE_KEY = "neiqin:review:enabled_rules"  # hash: doctype -> enabled rules' values


# ----------------------------------------------------------------------------- governed doctypes


def governed_doctypes() -> frozenset[str]:
	"""Doctypes with at least one enabled rule (cached; cleared whenever a rule changes).

	Used on the save path, where it keeps the hooks free for every other doctype, and by
	"Awaiting My Review"."""
	cached = _cached(GOVERNED_CACHE_KEY, None, lambda: sorted(enabled_doctypes_from_db()))
	return frozenset(cached or ())


def enabled_doctypes_from_db() -> set[str]:
	return set(frappe.get_all("Review Rule", filters={"enabled": 1}, pluck="document_type", distinct=True))


def _cached(key: str, field: str | None, generator):
	"""The shared (Redis) cache — except in a transaction that changed a rule, which keeps its
	own view until it ends: the shared cache may hold what other connections see."""
	local = getattr(frappe.local, "neiqin_review_rules", None)
	if local is not None:
		if (key, field) not in local:
			local[key, field] = generator()
		return local[key, field]
	if field is None:
		return frappe.cache.get_value(key, generator=generator)
	return frappe.cache.hget(key, field, generator=generator)


def clear_governed_cache() -> None:
	"""A rule changed: forget the governed doctypes and the cached rules, now and again after
	the transaction ends (another request may fill the cache from a snapshot taken before it
	commits); until then this transaction reads its own rules."""
	_clear_caches()
	frappe.local.neiqin_review_rules = {}
	frappe.db.after_commit.add(_end_of_transaction)
	frappe.db.after_rollback.add(_end_of_transaction)


def _end_of_transaction() -> None:
	frappe.local.neiqin_review_rules = None
	_clear_caches()


def on_rule_change(doc, method=None) -> None:
	"""doc_events of Review Rule (on_change, on_trash): every save, `db_set` and deletion of a
	rule clears the caches, whichever path changed it."""
	clear_governed_cache()


def _clear_caches() -> None:
	frappe.cache.delete_value(GOVERNED_CACHE_KEY)
	frappe.cache.delete_value(RULES_CACHE_KEY)


# ----------------------------------------------------------------------------- rules of a document


def enabled_rules(doctype: str) -> list:
	"""Enabled Review Rule documents of a doctype, in sequence order (cached: no query once
	warm; cleared whenever a rule changes, see `clear_governed_cache`). Each call returns new
	documents, so a caller may change them without touching the cache."""
	cached = _cached(RULES_CACHE_KEY, doctype, lambda: enabled_rules_from_db(doctype))
	return [frappe.get_doc(frappe._dict(values)) for values in cached or ()]


def enabled_rules_from_db(doctype: str) -> list[dict]:
	names = frappe.get_all(
		"Review Rule",
		filters={"document_type": doctype, "enabled": 1},
		order_by="sequence asc, name asc",
		pluck="name",
	)
	return [frappe.get_doc("Review Rule", name).as_dict(convert_dates_to_str=True) for name in names]


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
