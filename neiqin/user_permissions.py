"""User Permissions in neiqin's reports, data methods and number cards — one mechanism for all.

A report or data method builds its query with frappe.qb and hands each table that stands for
documents or masters to `restrict`, which adds the user's User Permissions to the WHERE
clause, with frappe's own rules (`frappe.model.db_query.DatabaseQuery.add_user_permissions`,
what ERPNext's Sales Register and Accounts Receivable apply through `build_match_conditions`):

- every Link field of the doctype (and its `name`) whose target doctype the user has User
  Permissions on must hold one of the permitted values; fields marked *Ignore User
  Permissions* are not restricted;
- a User Permission counts for this doctype when it applies to all doctypes or names this
  doctype in *Applicable For* (`applicable_for=` adds doctypes whose rules also apply, e.g. a
  Contract Fulfilment is the Sales Order's table, so the Sales Order's rules hold for it);
- a permission on a tree node (Territory, Customer Group, Sales Person, Company …) also
  permits its descendants unless *Hide Descendants* is set (frappe's `get_user_permissions`
  expands them);
- an empty link passes unless System Settings › *Apply Strict User Permissions* is set.

A document's child rows count as frappe counts them when it opens the document
(`frappe.permissions.has_user_permission`): `children=("Sales Team",)` keeps a sales document
only when none of its Sales Team rows names a sales person the user may not see, so a
manager restricted to his sales persons sees their documents and their totals, grouped any way.

Columns that name a master without being Link fields of the doctype (a Payment Entry's
`party`, a Journal Entry line's `party`, a grouped column of a derived table) are named in
`links={"party": "Customer"}`. Where a document does not carry a master itself (a Payment
Entry has no territory), `through={"party": "Customer"}` keeps only rows whose customer the
user may read: the customer's own link fields (territory, customer group …) pass the same
rules, in one subquery. For a Dynamic Link name its type field too:
`through={"party": ("Customer", "party_type")}` restricts only the rows whose party is a
Customer.

`document_rules(doctype)` gives the arguments that judge a document as frappe does when it
opens it (its child rows) and by the customer it names (that customer's territory, group and
sales team): reports of documents that carry a customer use it, and so do the
`permission_query_conditions` / `has_permission` hooks of neiqin's own customer documents
(`CUSTOMER_DOCUMENTS`), so list, form, REST and report agree. `readable_documents(pairs)` does
the same for rows that refer to another document (reference_doctype / reference_name).

Cost: no statement per row and none per report run once the cache is warm — the user's
permissions come from frappe's cache (`get_user_permissions`), metas from the meta cache; a
user without User Permissions gets the query unchanged. Shared documents (frappe's "Share")
do not widen a report: it shows what the user's permissions allow, never more.

Use it for every new report and data method:

    from neiqin.user_permissions import restrict

    si = frappe.qb.DocType("Sales Invoice")
    query = restrict(frappe.qb.from_(si).select(...), si, "Sales Invoice")

    pe = frappe.qb.DocType("Payment Entry")
    query = restrict(query, pe, "Payment Entry", through={"party": ("Customer", "party_type")})

For rows already read (e.g. through `frappe.get_all`), `readable(doctype, names, ...)` keeps the
names that pass (one query), `permitted(doctype, master)` gives the permitted names of `master`
(None: unrestricted) and `keeps(row, ...)` tells whether a row passes (no query). `tests/integration/test_access_user_permissions.py` runs every neiqin report and
whitelisted data method (enumerated from the app) as a restricted user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import frappe
from frappe.query_builder import Criterion
from frappe.query_builder.functions import Coalesce


def restrict(
	query,
	table,
	doctype: str,
	*,
	links: Mapping[str, str] | None = None,
	through: Mapping[str, str | tuple[str, str]] | None = None,
	children: Iterable[str] = (),
	applicable_for: Iterable[str] = (),
	user: str | None = None,
):
	"""`query` with a WHERE condition keeping only the rows of `table` (rows of `doctype`, or a
	table derived from it with the same field names) that the user's User Permissions allow."""
	condition = criterion(
		table,
		doctype,
		links=links,
		through=through,
		children=children,
		applicable_for=applicable_for,
		user=user,
	)
	return query if condition is None else query.where(condition)


def criterion(
	table,
	doctype: str,
	*,
	links: Mapping[str, str] | None = None,
	through: Mapping[str, str | tuple[str, str]] | None = None,
	children: Iterable[str] = (),
	applicable_for: Iterable[str] = (),
	user: str | None = None,
):
	"""The condition `restrict` adds (None when nothing restricts the user)."""
	permissions = user_permissions(user)
	if not permissions:
		return None
	doctypes = (doctype, *applicable_for)
	conditions = [
		_link_condition(table[fieldname], values)
		for fieldname, master in restricted_fields(doctype, links)
		if (values := _permitted(permissions, master, doctypes)) is not None
	]
	for fieldname, spec in (through or {}).items():
		master, type_field = (spec, None) if isinstance(spec, str) else spec
		masters = frappe.qb.DocType(master).as_(f"permitted_{frappe.scrub(master)}")
		# the master as frappe opens it: its own links and its child rows (a customer's sales team)
		inner = criterion(
			masters, master, children=child_doctypes(master), applicable_for=doctypes, user=user
		)
		if inner is not None:
			field = table[fieldname]
			allowed = field.isin(frappe.qb.from_(masters).select(masters.name).where(inner))
			if not strict():
				allowed = (Coalesce(field, "") == "") | allowed
			if type_field:  # a Dynamic Link: only the rows that name a `master`
				allowed = (Coalesce(table[type_field], "") != master) | allowed
			conditions.append(allowed)
	for child in children:
		rows = frappe.qb.DocType(child).as_(f"restricted_{frappe.scrub(child)}")
		refused = [
			~_link_condition(rows[fieldname], values)
			for fieldname, master in restricted_fields(child)
			if fieldname != "name" and (values := _permitted(permissions, master, doctypes)) is not None
		]
		if refused:
			conditions.append(
				table.name.notin(
					frappe.qb.from_(rows)
					.select(rows.parent)
					.where(rows.parenttype == doctype)
					.where(Criterion.any(refused))
				)
			)
	return Criterion.all(conditions) if conditions else None


def readable(
	doctype: str,
	names: Iterable[str],
	*,
	links: Mapping[str, str] | None = None,
	through: Mapping[str, str | tuple[str, str]] | None = None,
	children: Iterable[str] = (),
	user: str | None = None,
) -> set[str]:
	"""Of these names of `doctype` (rows already read, e.g. through `frappe.get_all`), those the
	user's User Permissions allow, with `restrict`'s rules: one query, none when unrestricted."""
	names = set(names)
	table = frappe.qb.DocType(doctype)
	condition = criterion(table, doctype, links=links, through=through, children=children, user=user)
	if condition is None or not names:
		return names
	return set(
		frappe.qb.from_(table)
		.select(table.name)
		.where(table.name.isin(sorted(names)))
		.where(condition)
		.run(pluck=True)
	)


def child_doctypes(doctype: str) -> tuple[str, ...]:
	"""The child table doctypes of `doctype` (frappe checks their rows' links when it opens a
	document: `frappe.permissions.has_user_permission`)."""
	return tuple(dict.fromkeys(df.options for df in frappe.get_meta(doctype).get_table_fields()))


def document_rules(doctype: str) -> dict:
	"""`restrict` / `readable` arguments that judge a document of `doctype` as frappe does when it
	opens it (its links and its child rows' links), and by its customer where it names one
	(a Link to Customer, or a `party` of type Customer): the customer's own territory, group and
	sales team count."""
	meta = frappe.get_meta(doctype)
	through: dict = {df.fieldname: "Customer" for df in meta.get_link_fields() if df.options == "Customer"}
	if meta.has_field("party") and meta.has_field("party_type"):
		through["party"] = ("Customer", "party_type")
	return {"through": through, "children": child_doctypes(doctype)}


def readable_documents(pairs: Iterable[tuple[str, str]], user: str | None = None) -> set[tuple[str, str]]:
	"""Of these (doctype, name) pairs (e.g. the documents a register row refers to), those whose
	document the user's User Permissions allow, judged by `document_rules`: one query per
	doctype, none when unrestricted."""
	pairs = {(doctype, name) for doctype, name in pairs if doctype and name}
	if not is_restricted(user):
		return pairs
	by_doctype: dict[str, set[str]] = {}
	for doctype, name in pairs:
		by_doctype.setdefault(doctype, set()).add(name)
	return {
		(doctype, name)
		for doctype, names in by_doctype.items()
		for name in readable(doctype, names, user=user, **document_rules(doctype))
	}


def restricted_fields(doctype: str, links: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
	"""(column, master doctype) of every column frappe restricts on `doctype`, plus `links`."""
	fields = [
		(df.fieldname, df.options)
		for df in frappe.get_meta(doctype).get_link_fields()
		if not df.get("ignore_user_permissions")
	]
	fields.append(("name", doctype))
	fields.extend((links or {}).items())
	return fields


def permitted(doctype: str, master: str, user: str | None = None, applicable_for: Iterable[str] = ()):
	"""The names of `master` the user may see on rows of `doctype` (None: not restricted)."""
	return _permitted(user_permissions(user), master, (doctype, *applicable_for))


def keeps(row: Mapping, doctype: str, fields: Mapping[str, str], user: str | None = None) -> bool:
	"""Whether a row already read passes the User Permissions on `fields` ({key: master})."""
	permissions = user_permissions(user)
	for key, master in fields.items():
		values = _permitted(permissions, master, (doctype,))
		if values is None:
			continue
		value = row.get(key)
		if not value and not strict():
			continue
		if value not in values:
			return False
	return True


def is_restricted(user: str | None = None) -> bool:
	return bool(user_permissions(user))


def user_permissions(user: str | None = None) -> dict:
	"""frappe's cached User Permissions of the user ({allow: [{doc, applicable_for, …}]})."""
	from frappe.core.doctype.user_permission.user_permission import get_user_permissions

	return get_user_permissions(user or frappe.session.user) or {}


def strict() -> bool:
	return bool(frappe.get_system_settings("apply_strict_user_permissions"))


def _permitted(permissions: dict, master: str, doctypes: tuple[str, ...]) -> list[str] | None:
	rules = permissions.get(master)
	if not rules:
		return None
	values = [rule.doc for rule in rules if not rule.get("applicable_for") or rule.applicable_for in doctypes]
	return list(dict.fromkeys(values)) or None


def _link_condition(field, values: list[str]):
	allowed = field.isin(values)
	return allowed if strict() else (Coalesce(field, "") == "") | allowed


# ----------------------------------------------------------------------------- neiqin's own documents

# neiqin doctypes that name a customer: a user restricted to customers, territories, customer
# groups or sales persons reads only those of the customers he may read (list, form, REST and the
# methods that act on one of them), as the reports show them
CUSTOMER_DOCUMENTS = (
	"Collection Follow-up",
	"Contract Fulfilment",
	"Customer Balance Confirmation",
	"Customer Qualification",
	"Customer Visit Log",
	"Fapiao",
	"Invoice Request",
	"Promotion Approval",
	"Qualification Reminder Log",
	"Receipt Instrument",
	"Sales Material Log",
	"Signed Delivery Receipt",
)


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""has_permission hook: False when the document's customer is not one the user may read (by
	his User Permissions on the customer's territory, group, sales team …); else None (frappe's
	own rules decide). Reads only the customer, so it holds for a new document too."""
	user = user or frappe.session.user
	if not is_restricted(user):
		return None
	for fieldname, spec in document_rules(doc.doctype)["through"].items():
		master, type_field = (spec, None) if isinstance(spec, str) else spec
		value = doc.get(fieldname)
		if not value or (type_field and doc.get(type_field) != master):
			continue
		if not readable(master, [value], children=child_doctypes(master), user=user):
			return False
	return None


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""permission_query_conditions hook: the same rule for lists, counts, reports and REST."""
	user = user or frappe.session.user
	if not doctype or not is_restricted(user):
		return ""
	table = frappe.qb.DocType(doctype)
	condition = criterion(table, doctype, through=document_rules(doctype)["through"], user=user)
	return "" if condition is None else f"({condition.get_sql(quote_char='`', with_namespace=True)})"
