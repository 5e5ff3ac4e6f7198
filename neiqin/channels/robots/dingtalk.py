"""DingTalk (钉钉) custom robot (自定义机器人).

Follows DingTalk's "自定义机器人发送群消息" and "加签" documentation
(open.dingtalk.com/document/group/custom-robot-access, and its security-settings page):
POST JSON to `https://oapi.dingtalk.com/robot/send?access_token=…`; when signing is on, append
`&timestamp=<ms>&sign=<urlencode(base64(HmacSHA256(key=secret, msg=f"{timestamp}\\n{secret}")))>`;
body `{"msgtype": "markdown", "markdown": {"title": …, "text": …}}` (the title is what the chat
list shows); answer `{"errcode": 0, "errmsg": "ok"}`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote_plus

from neiqin.channels.message import Message, escape_markdown, markdown_lines

HOSTS = ("oapi.dingtalk.com",)  # the documented robot address


def sign(secret: str, timestamp_ms: int) -> str:
	"""base64(HmacSHA256) of "timestamp\\nsecret" keyed by the secret (not yet URL-encoded)."""
	string_to_sign = f"{timestamp_ms}\n{secret}".encode()
	digest = hmac.new(secret.encode("utf-8"), string_to_sign, digestmod=hashlib.sha256).digest()
	return base64.b64encode(digest).decode("ascii")


def signed_url(webhook_url: str, secret: str, timestamp_ms: int) -> str:
	joiner = "&" if "?" in webhook_url else "?"
	return f"{webhook_url}{joiner}timestamp={timestamp_ms}&sign={quote_plus(sign(secret, timestamp_ms))}"


def payload(message: Message) -> dict:
	# DingTalk markdown needs a blank line between paragraphs
	text = "\n\n".join([f"### {escape_markdown(message.title)}", *markdown_lines(message)])
	return {"msgtype": "markdown", "markdown": {"title": message.title, "text": text}}


def prepare(webhook_url: str, secret: str | None, message: Message, now_ms: int) -> tuple[str, dict]:
	url = signed_url(webhook_url, secret, now_ms) if secret else webhook_url
	return url, payload(message)


def accepted(answer: dict) -> bool:
	return isinstance(answer, dict) and answer.get("errcode") == 0
