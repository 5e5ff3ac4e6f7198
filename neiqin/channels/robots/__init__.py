"""Group robots neiqin posts to, by channel type (pure: no frappe).

Each module exposes `prepare(webhook_url, secret, message, now_ms) -> (url, body)` and
`accepted(answer) -> bool`, following the provider's documentation (cited in the module).
"""

from neiqin.channels.robots import dingtalk, feishu, wecom

WECOM = "WeCom Robot"
DINGTALK = "DingTalk Robot"
FEISHU = "Feishu Robot"

ROBOTS = {WECOM: wecom, DINGTALK: dingtalk, FEISHU: feishu}
CHANNEL_TYPES = tuple(ROBOTS)
