"""The slowest SQL statements of one report run, with MariaDB's EXPLAIN of each.

Statements and their durations come from frappe's own Recorder (`frappe.recorder.Recorder`,
the desk's "Recorder" tool, used in-process: the statement exactly as sent). Used by `table.py` for every report
row that misses its target, and on its own:

    cd ~/frappe-bench/sites
    ../env/bin/python /path/to/neiqin/benchmarks/explain.py --site neiqin-bench.localhost \\
        --report "Daily Sales Report" [--top 3]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path


def slowest(work: Callable[[], object], top: int = 3) -> list[tuple[float, str]]:
	"""[(seconds, statement)] of the `top` slowest SELECTs `work()` sent."""
	from frappe.recorder import Recorder

	work()  # warm: metadata and caches, as in the timed runs
	import frappe

	recorder = frappe.local._recorder = Recorder(force=True)
	try:
		work()
	finally:
		recorder.cleanup()
		del frappe.local._recorder
	statements = [
		(call["duration"] / 1000, call["query"])
		for call in recorder.calls
		if call["query"].lstrip().lower().startswith(("select", "with", "("))
	]
	return sorted(statements, key=lambda pair: pair[0], reverse=True)[:top]


def explain(statement: str) -> list[dict]:
	import frappe

	return frappe.db.sql(f"explain {statement}", as_dict=True)


def format_explain(rows: list[dict]) -> str:
	columns = ("table", "type", "possible_keys", "key", "rows", "Extra")
	lines = [" | ".join(columns)]
	for row in rows:
		lines.append(" | ".join(str(row.get(column) or "") for column in columns))
	return "\n".join(lines)


def report(work: Callable[[], object], top: int = 3) -> str:
	out = []
	for seconds, statement in slowest(work, top):
		out.append(f"-- {seconds * 1000:.1f} ms\n{statement.strip()}\n{format_explain(explain(statement))}\n")
	return "\n".join(out)


def main() -> None:
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--report", required=True)
	parser.add_argument("--top", type=int, default=3)
	parser.add_argument("--company", default=None, help="default: the big book's company")
	args = parser.parse_args()

	from benchmarks import book, table
	from benchmarks.site import connected

	with connected(args.site):
		company = args.company or book.books()[1].company
		from_date, to_date = table.date_range()
		filters = {
			**table.neiqin_filters(company, from_date, to_date),
			**table.erpnext_filters(company, from_date, to_date),
		}
		print(report(table.report_runner(args.report, filters[args.report]), args.top))


if __name__ == "__main__":
	sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
	os.environ.setdefault("PYTHONUNBUFFERED", "1")
	main()
