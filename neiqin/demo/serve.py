"""Serve the desk of one site on 127.0.0.1 (frappe's dev server listens on 0.0.0.0).

	cd <bench>/sites && <bench>/env/bin/python -m neiqin.demo.serve --site S --port 8000

Used by `./demo` and by the browser tests. Threaded, no reloader, static files from the
bench's `sites/assets`."""

from __future__ import annotations

import argparse
import os


def main(argv: list[str] | None = None) -> None:
	parser = argparse.ArgumentParser(description=__doc__)
	parser.add_argument("--site", required=True)
	parser.add_argument("--port", type=int, default=8000)
	parser.add_argument("--sites-path", default=".")
	args = parser.parse_args(argv)
	serve(args.site, args.port, args.sites_path)


def serve(site: str, port: int, sites_path: str = ".") -> None:
	import logging

	import frappe.app
	from werkzeug.serving import run_simple

	frappe.app._site = site
	frappe.app._sites_path = os.path.abspath(sites_path)
	application = frappe.app.application_with_statics()
	logging.getLogger("werkzeug").setLevel(logging.WARNING)
	run_simple("127.0.0.1", port, application, use_reloader=False, use_debugger=False, threaded=True)


if __name__ == "__main__":
	main()
