"""The one place neiqin's channels and tracking talk HTTP (urllib3, bounded by a timeout).

The address is checked and posted to by the same parser (`neiqin.channels.urls.parse_endpoint`):
the request goes to the endpoint rebuilt from what was checked. The connection is made to an
address the host resolves to only when every resolved address is allowed
(`urls.address_allowed`: public, or listed in site_config.json `neiqin_local_addresses`), so a
host name pointing inside the company network is refused before any packet is sent. Redirects
are never followed, proxies from the environment are not used, and the answer is read up to
`MAX_ANSWER` bytes.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterable
from urllib.parse import urlencode

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import NameResolutionError

from neiqin.channels import urls

TIMEOUT = (5, 10)  # seconds: connect, read (site config `neiqin_http_timeout` overrides the read timeout)
MAX_ANSWER = 256 * 1024


class DeliveryError(Exception):
	"""The message was not delivered. `kind`: "address" (refused by `parse_endpoint`; `detail`
	is its problem code), "refused_address" (the host resolves to a private or loopback
	address not listed), "connect", "timeout", "redirect", "http_status", "not_json"."""

	def __init__(self, kind: str, detail: str = ""):
		shown = {
			"http_status": f"HTTP {detail}",
			"redirect": f"HTTP {detail}: redirect not followed",
			"not_json": f"HTTP {detail}: the answer is not JSON",
		}.get(kind) or (f"{kind}: {detail}" if detail else kind)
		super().__init__(shown)
		self.kind = kind
		self.detail = detail


class AddressRefused(OSError):
	"""Raised while connecting: the host resolves to an address neiqin may not connect to."""


def local_networks() -> tuple:
	import frappe

	return urls.networks(frappe.conf.get("neiqin_local_addresses"))


def timeout() -> tuple[float, float]:
	import frappe

	read = frappe.conf.get("neiqin_http_timeout")
	return (min(TIMEOUT[0], float(read)), float(read)) if read else TIMEOUT


def _checked(base, local: tuple):
	"""A connection class of urllib3 that resolves the host itself and connects only when
	every address it resolves to is allowed (TLS still verifies the host name)."""

	class Checked(base):
		def _new_conn(self):
			host = self._dns_host
			try:
				infos = socket.getaddrinfo(host, self.port, type=socket.SOCK_STREAM)
			except socket.gaierror as e:
				raise NameResolutionError(host, self, e) from e
			addresses = list(dict.fromkeys(info[4][0] for info in infos))
			refused = [a for a in addresses if not urls.address_allowed(a, local)]
			if refused or not addresses:
				raise AddressRefused(", ".join(refused) or host)
			self._dns_host = addresses[0]
			try:
				return super()._new_conn()
			finally:
				self._dns_host = host

	return Checked


def _pool(endpoint: urls.Endpoint, local: tuple):
	connect, read = timeout()
	common = {
		"timeout": urllib3.Timeout(connect=connect, read=read),
		"retries": False,
		"maxsize": 1,
		"block": False,
	}
	if endpoint.scheme == "https":
		import certifi

		pool = urllib3.HTTPSConnectionPool(
			endpoint.host, endpoint.port, cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(), **common
		)
		pool.ConnectionCls = _checked(HTTPSConnection, local)
	else:
		pool = urllib3.HTTPConnectionPool(endpoint.host, endpoint.port, **common)
		pool.ConnectionCls = _checked(HTTPConnection, local)
	return pool


def post(url: str, body: bytes, content_type: str, hosts: Iterable[str] | None) -> dict:
	"""POST `body` to `url` when it may be posted to (`hosts`: the allowed host names); the
	answer as a dict. Raises DeliveryError."""
	local = local_networks()
	endpoint, problem = urls.parse_endpoint(url, hosts, local)
	if problem:
		raise DeliveryError("address", problem)
	pool = _pool(endpoint, local)
	try:
		response = pool.urlopen(
			"POST",
			endpoint.request_uri,
			body=body,
			headers={"Content-Type": content_type, "Accept": "application/json"},
			redirect=False,
			retries=False,
			assert_same_host=True,
			preload_content=False,
		)
		try:
			data = response.read(MAX_ANSWER, decode_content=True)
		finally:
			response.release_conn()
	except (urllib3.exceptions.HTTPError, OSError) as e:
		raise delivery_error(e) from e
	finally:
		pool.close()
	return _answer(response.status, data)


def _causes(error: BaseException):
	"""The error, and what it wraps (urllib3 wraps connection errors in others)."""
	seen, todo = [], [error]
	while todo:
		current = todo.pop()
		if current is None or any(current is s for s in seen):
			continue
		seen.append(current)
		todo += [current.__cause__, current.__context__, getattr(current, "reason", None)]
		todo += [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
	return seen


def delivery_error(error: BaseException) -> DeliveryError:
	causes = _causes(error)
	refused = next((c for c in causes if isinstance(c, AddressRefused)), None)
	if refused is not None:
		return DeliveryError("refused_address", str(refused))
	if any(isinstance(c, urllib3.exceptions.NewConnectionError) for c in causes):
		return DeliveryError("connect", type(error).__name__)
	if any(isinstance(c, urllib3.exceptions.TimeoutError | TimeoutError) for c in causes):
		return DeliveryError("timeout", type(error).__name__)
	return DeliveryError("connect", type(error).__name__)


def _answer(status: int, data: bytes) -> dict:
	if 300 <= status < 400:
		raise DeliveryError("redirect", str(status))
	if status >= 400:
		raise DeliveryError("http_status", str(status))
	try:
		answer = json.loads(data.decode("utf-8"))
	except (ValueError, UnicodeDecodeError) as e:
		raise DeliveryError("not_json", str(status)) from e
	return answer if isinstance(answer, dict) else {"answer": answer}


def post_json(url: str, body: dict, hosts: Iterable[str] | None) -> dict:
	data = json.dumps(body, ensure_ascii=False).encode("utf-8")
	return post(url, data, "application/json; charset=utf-8", hosts)


def post_form(url: str, data: dict, hosts: Iterable[str] | None) -> dict:
	from neiqin.channels.tracking import ProviderError

	try:
		return post(url, urlencode(data).encode("utf-8"), "application/x-www-form-urlencoded", hosts)
	except DeliveryError as e:
		raise ProviderError(str(e)) from e
