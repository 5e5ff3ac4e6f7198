"""REST calls through Frappe's real request handling (werkzeug test client, no server).

Each request runs in its own thread with its own database connection, so it sees only
committed data: `call()` commits the caller's transaction first, and the caller registers
what it created with the `committed` fixture.
"""

from __future__ import annotations

import json as _json

import frappe

from tests.integration.conftest import SITE
from tests.integration.factories import api_token


class Response:
	def __init__(self, raw):
		self.status_code = raw.status_code
		self.text = raw.get_data(as_text=True)
		try:
			self.json = _json.loads(self.text) if self.text else {}
		except ValueError:
			self.json = {}

	@property
	def exception(self) -> str:
		"""The server-side error text, for asserting on refusals."""
		parts = [self.json.get("exception") or "", self.json.get("exc_type") or ""]
		for message in _json.loads(self.json.get("_server_messages") or "[]"):
			parts.append(_json.loads(message).get("message", ""))
		return "\n".join(parts)


def call(method: str, path: str, user: str = "Administrator", json: dict | None = None) -> Response:
	"""`method` (GET/POST/PUT/DELETE) `path` (e.g. /api/resource/ToDo) as `user`."""
	from frappe.tests.test_api import make_request
	from frappe.utils import get_test_client

	frappe.db.commit()
	client = get_test_client()
	headers = {"Authorization": f"token {api_token(user)}"}
	kwargs = {"headers": headers}
	if json is not None:
		kwargs["json"] = json
	raw = make_request(target=getattr(client, method.lower()), args=(path,), kwargs=kwargs, site=SITE)
	frappe.db.commit()  # start a fresh snapshot that sees what the request committed
	return Response(raw)


def call_raw(
	method: str, path: str, user: str, body: str | bytes, content_type: str = "application/json"
) -> Response:
	"""Like `call`, with the request body sent as it is (for malformed or oversized input)."""
	from frappe.tests.test_api import make_request
	from frappe.utils import get_test_client

	frappe.db.commit()
	client = get_test_client()
	headers = {"Authorization": f"token {api_token(user)}", "Content-Type": content_type}
	kwargs = {"headers": headers, "data": body}
	raw = make_request(target=getattr(client, method.lower()), args=(path,), kwargs=kwargs, site=SITE)
	frappe.db.commit()
	return Response(raw)
