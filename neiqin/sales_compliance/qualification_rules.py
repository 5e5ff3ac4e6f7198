"""Customer qualification rules (pure: no frappe).

A qualification (营业执照, GSP 证书, 开票信息 …) is valid on a day when that day lies between
its `valid_from` (empty: since always) and `valid_to` (empty: no expiry), both included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

NOT_YET_VALID = "Not Yet Valid"
VALID = "Valid"
EXPIRING = "Expiring"
EXPIRED = "Expired"
MISSING = "Missing"
UNVERIFIED = "Unverified"

DEFAULT_WARN_DAYS = 30


@dataclass(frozen=True)
class Held:
	"""One qualification a customer holds (of one type)."""

	name: str
	valid_from: date | None = None
	valid_to: date | None = None
	# verified by a second person (not its creator, not who last changed it), with its scan where
	# its type requires one: only then does it satisfy a requirement
	verified: bool = True


@dataclass(frozen=True)
class Problem:
	"""Why a required type is not satisfied on a day: `kind` is MISSING, EXPIRED (on `day`,
	the last day it was valid), NOT_YET_VALID (valid from `day`) or UNVERIFIED (one is valid on
	`day` but nobody else verified it)."""

	kind: str
	day: date | None = None


def is_valid_on(held: Held, day: date) -> bool:
	return (held.valid_from is None or held.valid_from <= day) and (
		held.valid_to is None or day <= held.valid_to
	)


def status_on(
	valid_from: date | None, valid_to: date | None, day: date, warn_days: int | None = DEFAULT_WARN_DAYS
) -> str:
	"""Not Yet Valid / Valid / Expiring (valid, and expires within `warn_days`) / Expired."""
	if valid_from is not None and day < valid_from:
		return NOT_YET_VALID
	if valid_to is not None and day > valid_to:
		return EXPIRED
	warn = DEFAULT_WARN_DAYS if warn_days is None else max(int(warn_days), 0)
	if valid_to is not None and valid_to <= day + timedelta(days=warn):
		return EXPIRING
	return VALID


def problem_on(held: Iterable[Held], day: date | Iterable[date]) -> Problem | None:
	"""None when, on `day` (or on each of several days: the document's date and the day the
	goods leave), one verified qualification of the type is valid; otherwise why not.

	Not yet valid wins over expired (a renewal is on file but starts later)."""
	held = list(held)
	for one in (day,) if isinstance(day, date) else tuple(day):
		problem = _problem_on_day(held, one)
		if problem:
			return problem
	return None


def _problem_on_day(held: list[Held], day: date) -> Problem | None:
	if any(h.verified and is_valid_on(h, day) for h in held):
		return None
	if any(is_valid_on(h, day) for h in held):
		return Problem(UNVERIFIED, day)
	if not held:
		return Problem(MISSING)
	later = [h.valid_from for h in held if h.valid_from is not None and h.valid_from > day]
	if later:
		return Problem(NOT_YET_VALID, min(later))
	return Problem(EXPIRED, max(h.valid_to for h in held if h.valid_to is not None))


def may_verify(user: str, creator: str | None, last_changed_by: str | None) -> bool:
	"""A second person verifies: never whoever created the record or last changed what is verified."""
	return bool(user) and user not in {creator, last_changed_by} and user != "Guest"


def requirement_applies(requirement_group: str | None, customer_groups: Iterable[str]) -> bool:
	"""A requirement without a customer group applies to every customer; otherwise to customers
	whose group is that group or lies under it (`customer_groups`: the group and its ancestors)."""
	return not requirement_group or requirement_group in set(customer_groups)


def due_for_reminder(valid_to: date | None, day: date, warn_days: int | None) -> bool:
	"""A qualification is announced while it is still valid and expires within its warning days."""
	if valid_to is None or valid_to < day:
		return False
	warn = DEFAULT_WARN_DAYS if warn_days is None else max(int(warn_days), 0)
	return valid_to <= day + timedelta(days=warn)
