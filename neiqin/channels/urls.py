"""Where neiqin may post (robots' webhooks, tracking providers), and how to keep secrets out of
logs (pure: no frappe).

One parser for checking and sending: `parse_endpoint` reads an address with urllib3's parser —
the one the HTTP client (`neiqin.channels.http`) connects with — and the client posts to the
address rebuilt from what was checked, never to the text as typed. Refused: anything but
https, a user name or password before the host (`https://evil\\@robot-host/…`), backslashes,
spaces and control characters, IP addresses and hosts that are not the provider's. The only
exception is an address the server administrator lists in site_config.json
(`neiqin_local_addresses`, e.g. a relay inside the company or the tests' fake servers): such an
IP address may be used as it is, over plain http too. When connecting, every address the host
resolves to must be public unless listed (`address_allowed`), so a name that points inside the
company network is refused as well.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Problem codes of `parse_endpoint`, in the order they are checked.
PROBLEMS = (
	"missing",
	"unsafe_characters",
	"no_host",
	"userinfo",
	"not_https",
	"ip_address",
	"host_not_allowed",
)


@dataclass(frozen=True)
class Endpoint:
	url: str  # the address posted to, rebuilt from the parsed parts
	scheme: str
	host: str  # lower case, without a trailing dot
	port: int | None
	request_uri: str  # path and query
	listed: bool  # an IP address listed in neiqin_local_addresses


def networks(entries: Iterable[str] | str | None) -> tuple:
	"""The networks of `neiqin_local_addresses` (addresses or CIDR blocks; bad entries ignored)."""
	if isinstance(entries, str):
		entries = [entries]
	found = []
	for entry in entries or ():
		try:
			found.append(ipaddress.ip_network(str(entry).strip(), strict=False))
		except ValueError:
			continue
	return tuple(found)


def ip_of(host: str):
	try:
		return ipaddress.ip_address((host or "").strip("[]"))
	except ValueError:
		return None


def listed(ip, local_networks: Iterable) -> bool:
	return any(ip.version == net.version and ip in net for net in local_networks)


def address_allowed(address: str, local_networks: Iterable = ()) -> bool:
	"""May neiqin connect to this IP address? Public (globally routed) ones, and the ones the
	server administrator listed; never loopback, private, link-local, reserved … otherwise."""
	ip = ip_of(address)
	if ip is None:
		return False
	if getattr(ip, "ipv4_mapped", None):
		ip = ip.ipv4_mapped
	return listed(ip, local_networks) or (ip.is_global and not ip.is_multicast)


def _unsafe(url: str) -> bool:
	return (
		"\\" in url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url) or not url.isascii()
	)


def parse_endpoint(
	url: str | None, hosts: Iterable[str] | None, local_networks: Iterable = ()
) -> tuple[Endpoint | None, str | None]:
	"""(endpoint, None) when `url` may be posted to, else (None, a code of PROBLEMS). `hosts`:
	the host names allowed (None: any public host name)."""
	from urllib3.util import parse_url

	url = (url or "").strip()
	if not url:
		return None, "missing"
	if _unsafe(url):
		return None, "unsafe_characters"
	try:
		parts = parse_url(url)
	except ValueError:
		return None, "no_host"
	if not parts.host:
		return None, "no_host"
	# the authority as the client reads it, and as urllib.parse reads it, must both be plain
	if parts.auth is not None or "@" in (urlsplit(url).netloc or "") or "@" in (parts.netloc or ""):
		return None, "userinfo"
	scheme = (parts.scheme or "").lower()
	host = parts.host.lower().rstrip(".")
	ip = ip_of(host)
	is_listed = ip is not None and listed(ip, tuple(local_networks))
	if scheme != "https" and not (scheme == "http" and is_listed):
		return None, "not_https"
	if ip is not None and not is_listed:
		return None, "ip_address"
	if ip is None and hosts is not None and host not in {h.lower().rstrip(".") for h in hosts}:
		return None, "host_not_allowed"
	request_uri = parts.request_uri or "/"
	shown_host = f"[{host}]" if ip is not None and ip.version == 6 else host
	netloc = f"{shown_host}:{parts.port}" if parts.port else shown_host
	return (
		Endpoint(
			url=f"{scheme}://{netloc}{request_uri}",
			scheme=scheme,
			host=host,
			port=parts.port,
			request_uri=request_uri,
			listed=is_listed,
		),
		None,
	)


def webhook_url_problem(
	url: str | None, hosts: Iterable[str] | None = None, local_networks: Iterable = ()
) -> str | None:
	"""The problem code of `parse_endpoint`, or None."""
	return parse_endpoint(url, hosts, local_networks)[1]


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
