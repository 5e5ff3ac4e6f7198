"""The one place neiqin's channels and tracking talk HTTP (requests, bounded by a timeout)."""

from __future__ import annotations

import requests

TIMEOUT = (5, 10)  # seconds: connect, read (site config `neiqin_http_timeout` overrides the read timeout)


class DeliveryError(Exception):
	"""Network error, timeout, HTTP error status or an answer that is not JSON."""


def _answer(response) -> dict:
	if response.status_code >= 400:
		raise DeliveryError(f"HTTP {response.status_code}")
	try:
		answer = response.json()
	except ValueError as e:
		raise DeliveryError(f"HTTP {response.status_code}: the answer is not JSON") from e
	return answer if isinstance(answer, dict) else {"answer": answer}


def timeout() -> tuple[float, float]:
	import frappe

	read = frappe.conf.get("neiqin_http_timeout")
	return (min(TIMEOUT[0], float(read)), float(read)) if read else TIMEOUT


def post_json(url: str, body: dict) -> dict:
	try:
		response = requests.post(url, json=body, timeout=timeout())
	except requests.RequestException as e:
		raise DeliveryError(type(e).__name__) from e
	return _answer(response)


def post_form(url: str, data: dict) -> dict:
	from neiqin.channels.tracking import ProviderError

	try:
		response = requests.post(url, data=data, timeout=timeout())
		return _answer(response)
	except requests.RequestException as e:
		raise ProviderError(type(e).__name__) from e
	except DeliveryError as e:
		raise ProviderError(str(e)) from e
