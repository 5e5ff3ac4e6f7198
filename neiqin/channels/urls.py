"""Which webhook addresses are acceptable, and how to keep them out of logs (pure: no frappe)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
	host = (host or "").strip("[]").lower()
	if host in LOOPBACK_NAMES:
		return True
	try:
		return ipaddress.ip_address(host).is_loopback
	except ValueError:
		return False


def webhook_url_problem(url: str | None, hosts: Iterable[str] | None = None) -> str | None:
	"""None when `url` may be posted to; else a code: "missing", "not_https" (plain http is
	accepted only for a loopback address, e.g. a local relay or a test server), "no_host", or
	"host_not_allowed" when `hosts` is given and the host is neither one of them nor loopback
	(a webhook elsewhere would send every review and delivery event out of the company)."""
	url = (url or "").strip()
	if not url:
		return "missing"
	try:
		parts = urlsplit(url)
		host = parts.hostname or ""
	except ValueError:
		return "no_host"
	if parts.scheme not in ("http", "https"):
		return "not_https"
	if not host:
		return "no_host"
	if parts.scheme == "http" and not is_loopback(host):
		return "not_https"
	if hosts is not None and not is_loopback(host) and host.lower() not in {h.lower() for h in hosts}:
		return "host_not_allowed"
	return None


def redact(text: str, secrets: list[str] | tuple[str, ...]) -> str:
	"""`text` with every secret (and every query value of a secret URL, e.g. WeCom's `key`,
	DingTalk's `access_token`) replaced by *****."""
	text = str(text or "")
	pieces: list[str] = []
	for secret in secrets:
		if not secret:
			continue
		pieces.append(secret)
		parts = urlsplit(secret) if "://" in secret else None
		if parts and parts.query:
			pieces += [pair.split("=", 1)[-1] for pair in parts.query.split("&")]
		if parts and parts.path and len(parts.path) > 12:
			pieces.append(parts.path.rsplit("/", 1)[-1])  # Feishu: the hook id is the last path segment
	for piece in sorted({p for p in pieces if len(p) >= 4}, key=len, reverse=True):
		text = text.replace(piece, "*****")
	return text
