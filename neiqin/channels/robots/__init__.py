"""Group robots neiqin posts to, by channel type (pure: no frappe).

Each module exposes `prepare(webhook_url, secret, message, now_ms) -> (url, body)` and
`accepted(answer) -> bool`, following the provider's documentation (cited in the module).
"""

from collections.abc import Iterable

from neiqin.channels.robots import dingtalk, feishu, wecom

WECOM = "WeCom Robot"
DINGTALK = "DingTalk Robot"
FEISHU = "Feishu Robot"

ROBOTS = {WECOM: wecom, DINGTALK: dingtalk, FEISHU: feishu}
CHANNEL_TYPES = tuple(ROBOTS)


def webhook_hosts(channel_type: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
	"""The hosts a channel of this type may post to: its provider's documented robot host(s),
	plus `extra` (site config `neiqin_webhook_hosts`, set by whoever runs the server, e.g. for a
	relay or a private deployment)."""
	robot = ROBOTS.get(channel_type)
	return (*(robot.HOSTS if robot else ()), *extra)
