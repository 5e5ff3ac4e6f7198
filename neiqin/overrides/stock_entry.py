"""Stock Entry: every neiqin step, in the order it runs."""

from neiqin.overrides import steps
from neiqin.sales_materials import stock as materials_stock

STEPS = {
	# Sales materials: the entries of a log are posted and cancelled by the log alone
	"validate": [materials_stock.guard_stock_entry],
	"before_cancel": [materials_stock.guard_stock_entry],
}


def run(doc, method=None):
	"""doc_events of every event above (frappe passes the event as `method`)."""
	steps.run(STEPS, doc, method)
