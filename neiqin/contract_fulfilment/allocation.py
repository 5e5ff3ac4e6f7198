"""How a contract's money is attributed to its order lines — pure functions, no frappe.

A Sales Order line shows what was ordered, invoiced and paid *in money the customer owes*:
order currency, taxes and document discounts included, so that "invoiced − paid" of a
contract is exactly what ERPNext's Payment Ledger still shows as receivable for it.

The rules (each a function below, unit-tested in tests/unit/test_cf_allocation.py):

1. **Gross line values** (`gross_shares`). A document's receivable total (rounded total, else
   grand total) is spread over its lines pro rata to their `amount`; cents are handed out by
   the largest-remainder method, so the lines always add up to the document total exactly.
   An order line's `amount` is its share of the order's total; an invoice line's invoiced
   amount is its share of the invoice's total (all lines of the invoice take part, including
   lines of other orders, so an invoice for two orders is split between them correctly).

2. **Invoice groups** (`invoice_groups`). An invoice and the credit notes issued against it
   (`return_against`) form one group; a credit note without an original is a group of its own.
   What the group has been *paid* is its total minus what the Payment Ledger still holds
   against its members:

       paid(group) = Σ total(member) − Σ Payment Ledger Entry amount against a member

   The Payment Ledger already reflects Payment Entries, Journal Entries, advances allocated
   in the invoice, payment reconciliation and unreconciliation, POS payments and
   write-offs, and credit notes whether they reduce the original's outstanding or keep their
   own. Money refunded on a credit note counts negative. A write-off (in the invoice or by
   a journal entry) settles the invoice like a payment: the ledger does not tell them apart,
   so it counts as paid.

3. **Paid per line** (`spread_group_payment`). A group's paid amount is spread over the
   group's lines pro rata to their *net* invoiced amount (invoice lines minus credit-note
   lines of the same order line; negative nets count as zero). If nothing is left to weigh
   (everything credited) the absolute net amounts are used, and if those are zero too the
   money is split equally. Largest-remainder cents again: lines add up to the group's money.

4. **Advances** (`order_advance`). Payment Entries and Journal Entries that reference the
   Sales Order itself and are not yet allocated to an invoice are an advance on the order.
   A voucher's unallocated money is read from the Payment Ledger (entries held against the
   voucher itself); the order gets what the voucher assigns to it, or, when the voucher's
   unallocated money no longer covers everything it assigns to orders, a pro-rata part of
   it. The order's advance is spread over its lines pro rata to their ordered amount.

A line's paid amount is the sum of (3) over the groups holding its invoice lines plus its
part of (4); its outstanding amount is invoiced − paid (negative when paid in advance).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal


@dataclass(frozen=True)
class InvoiceLine:
	"""One line of a Sales Invoice (or credit note). `order_line` is the Sales Order Item it
	bills (from `so_detail`, or through the Delivery Note line it bills), None otherwise."""

	key: str  # the Sales Invoice Item row name
	amount: float
	qty: float = 0.0
	order_line: str | None = None


@dataclass(frozen=True)
class Invoice:
	name: str
	total: float  # receivable total in invoice currency (rounded total, else grand total)
	base_total: float  # the same in company currency
	conversion_rate: float = 1.0
	currency: str = ""
	is_return: bool = False
	return_against: str | None = None
	lines: tuple[InvoiceLine, ...] = ()


@dataclass(frozen=True)
class LedgerEntry:
	"""A Payment Ledger Entry (not delinked) held against `against_voucher`."""

	against_voucher: str
	amount: float  # company currency
	amount_in_account_currency: float
	account_currency: str = ""


@dataclass(frozen=True)
class AdvanceVoucher:
	"""A Payment Entry / Journal Entry that references the order as an advance.

	`for_order`: what its rows assign to this order (account currency);
	`for_other_orders`: what they assign to other orders;
	`ledger`: its Payment Ledger Entries held against the voucher itself (unallocated money).
	"""

	name: str
	for_order: float
	for_other_orders: float = 0.0
	ledger: tuple[LedgerEntry, ...] = ()


@dataclass
class Money:
	"""An amount in order currency and in company currency."""

	amount: float = 0.0
	base: float = 0.0

	def __add__(self, other: Money) -> Money:
		return Money(self.amount + other.amount, self.base + other.base)


@dataclass
class LineMoney:
	invoiced_qty: float = 0.0
	invoiced: Money = field(default_factory=Money)
	paid: Money = field(default_factory=Money)


# ----------------------------------------------------------------------------- cents


def distribute(total: float, weights: Sequence[float], precision: int = 2) -> list[float]:
	"""Split `total` pro rata to `weights`, rounded to `precision` decimals, so that the
	parts add up to `total` (rounded) exactly (largest-remainder method).

	Weights must not all be zero unless `total` is zero (then all parts are zero)."""
	if not weights:
		return []
	unit = Decimal(1).scaleb(-precision)
	total_units = (Decimal(str(total)) / unit).quantize(Decimal(1))
	dec_weights = [Decimal(str(w)) for w in weights]
	weight_sum = sum(dec_weights)
	if total_units == 0:
		return [0.0] * len(weights)
	if weight_sum == 0:
		raise ValueError("cannot distribute a non-zero amount over zero weights")
	exact = [total_units * w / weight_sum for w in dec_weights]
	floors = [e.to_integral_value(rounding=ROUND_FLOOR) for e in exact]
	leftover = int(total_units - sum(floors))
	# hand out the leftover units to the largest remainders (first come first on ties)
	order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
	for i in order[:leftover]:
		floors[i] += 1
	return [float(units * unit) for units in floors]


def gross_shares(total: float, amounts: Sequence[float], precision: int = 2) -> list[float]:
	"""Each line's share of a document's receivable total, pro rata to line amounts.

	When the line amounts add up to zero (e.g. all free lines), the lines get nothing
	unless the document has a total, which is then split equally."""
	if not amounts:
		return []
	if sum(amounts) == 0:
		return distribute(total, [1.0] * len(amounts), precision)
	return distribute(total, amounts, precision)


def _weights(values: Sequence[float]) -> list[float]:
	"""Pro-rata weights: positive values; else absolute values; else equal."""
	positive = [max(v, 0.0) for v in values]
	if sum(positive) > 0:
		return positive
	absolute = [abs(v) for v in values]
	if sum(absolute) > 0:
		return absolute
	return [1.0] * len(values)


# ----------------------------------------------------------------------------- ledger


def ledger_amount(entry: LedgerEntry, currency: str, conversion_rate: float) -> Money:
	"""A ledger entry in document currency and company currency.

	The party account is normally kept in the document's currency; when it is kept in
	company currency instead, the company amount is converted at the document's rate."""
	if not entry.account_currency or entry.account_currency == currency or not currency:
		amount = entry.amount_in_account_currency
	else:
		amount = entry.amount / (conversion_rate or 1.0)
	return Money(amount, entry.amount)


# ----------------------------------------------------------------------------- invoices


def invoice_groups(invoices: Iterable[Invoice]) -> dict[str, list[Invoice]]:
	"""{original invoice: [it and its credit notes]} — a credit note joins the group of the
	invoice it is issued against when that invoice is among `invoices`."""
	invoices = list(invoices)
	names = {inv.name for inv in invoices}
	groups: dict[str, list[Invoice]] = {}
	for inv in invoices:
		root = inv.return_against if inv.return_against in names else inv.name
		groups.setdefault(root, []).append(inv)
	return groups


def invoice_line_values(invoice: Invoice, precision: int = 2) -> dict[str, Money]:
	"""{invoice line key: its gross value} for every line of one invoice."""
	amounts = [line.amount for line in invoice.lines]
	shares = gross_shares(invoice.total, amounts, precision)
	base_shares = gross_shares(invoice.base_total, amounts, precision)
	return {
		line.key: Money(share, base)
		for line, share, base in zip(invoice.lines, shares, base_shares, strict=True)
	}


def group_paid(group: Sequence[Invoice], ledger: Iterable[LedgerEntry]) -> Money:
	"""What a group of invoices has been paid: its total minus what the ledger still holds."""
	members = {inv.name: inv for inv in group}
	paid = Money(sum(inv.total for inv in group), sum(inv.base_total for inv in group))
	for entry in ledger:
		inv = members.get(entry.against_voucher)
		if inv is None:
			continue
		held = ledger_amount(entry, inv.currency, inv.conversion_rate)
		paid = Money(paid.amount - held.amount, paid.base - held.base)
	return paid


def _line_target(line: InvoiceLine, invoice: Invoice) -> str:
	"""Lines of the same order line share one weight; other lines keep their own."""
	return f"so:{line.order_line}" if line.order_line else f"si:{invoice.name}:{line.key}"


def spread_group_payment(
	group: Sequence[Invoice], paid: Money, precision: int = 2
) -> tuple[dict[str, Money], dict[str, Money]]:
	"""Spread a group's paid money over its lines pro rata to their net invoiced amount.

	Returns ({order line: paid}, {order line: net invoiced}) for lines that bill an order line
	(money for lines of no order stays unattributed)."""
	net: dict[str, Money] = {}
	for inv in group:
		values = invoice_line_values(inv, precision)
		for line in inv.lines:
			target = _line_target(line, inv)
			net[target] = net.get(target, Money()) + values[line.key]
	targets = list(net)
	if not targets:
		return {}, {}
	weights = _weights([net[t].amount for t in targets])
	base_weights = _weights([net[t].base for t in targets])
	amounts = distribute(paid.amount, weights, precision)
	bases = distribute(paid.base, base_weights, precision)
	paid_by_line = {
		t[3:]: Money(a, b) for t, a, b in zip(targets, amounts, bases, strict=True) if t.startswith("so:")
	}
	invoiced_by_line = {t[3:]: net[t] for t in targets if t.startswith("so:")}
	return paid_by_line, invoiced_by_line


def invoice_money(
	invoices: Iterable[Invoice], ledger: Iterable[LedgerEntry], precision: int = 2
) -> dict[str, LineMoney]:
	"""{order line: invoiced qty, invoiced money and paid money} from the order's invoices
	(with their credit notes) and the Payment Ledger Entries held against them."""
	ledger = list(ledger)
	result: dict[str, LineMoney] = {}
	for group in invoice_groups(invoices).values():
		paid = group_paid(group, ledger)
		paid_by_line, invoiced_by_line = spread_group_payment(group, paid, precision)
		for order_line, invoiced in invoiced_by_line.items():
			money = result.setdefault(order_line, LineMoney())
			money.invoiced = money.invoiced + invoiced
			money.paid = money.paid + paid_by_line.get(order_line, Money())
		for inv in group:
			for line in inv.lines:
				if line.order_line:
					result.setdefault(line.order_line, LineMoney()).invoiced_qty += line.qty
	return result


# ----------------------------------------------------------------------------- advances


def order_advance(
	vouchers: Iterable[AdvanceVoucher], currency: str, conversion_rate: float, precision: int = 2
) -> Money:
	"""The order's advance: what each advance voucher assigns to the order, limited by the
	voucher's money still unallocated in the Payment Ledger (pro rata among its orders)."""
	total = Money()
	for voucher in vouchers:
		if voucher.for_order <= 0:
			continue
		unallocated = Money()
		for entry in voucher.ledger:
			held = ledger_amount(entry, currency, conversion_rate)
			unallocated = Money(unallocated.amount - held.amount, unallocated.base - held.base)
		if unallocated.amount <= 0:
			continue
		assigned = voucher.for_order + max(voucher.for_other_orders, 0.0)
		amount = (
			voucher.for_order
			if assigned <= unallocated.amount
			else unallocated.amount * voucher.for_order / assigned
		)
		base = unallocated.base * amount / unallocated.amount
		total = total + Money(round(amount, precision), round(base, precision))
	return total


def spread_advance(advance: Money, ordered: Sequence[Money], precision: int = 2) -> list[Money]:
	"""The order's advance over its lines, pro rata to their ordered (gross) amounts."""
	if not ordered:
		return []
	amounts = distribute(advance.amount, _weights([m.amount for m in ordered]), precision)
	bases = distribute(advance.base, _weights([m.base for m in ordered]), precision)
	return [Money(a, b) for a, b in zip(amounts, bases, strict=True)]
