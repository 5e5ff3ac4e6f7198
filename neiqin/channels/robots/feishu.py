"""Feishu (飞书) custom bot (自定义机器人).

Follows Feishu's "自定义机器人使用指南" (open.feishu.cn developer documentation, 机器人 › 自定义机器人):
POST JSON to `https://open.feishu.cn/open-apis/bot/v2/hook/…`; with signature verification
(签名校验) on, the body carries `timestamp` (seconds, a string) and
`sign = base64(HmacSHA256(key=f"{timestamp}\\n{secret}", msg=b""))`; a message card is
`{"msg_type": "interactive", "card": {"header": …, "elements": […]}}`; answer `{"code": 0, …}`
(older bots answer `{"StatusCode": 0, …}`).
The body is a `plain_text` element, so user text needs no escaping; the link is a button.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from neiqin.channels.message import Message, plain_lines

# the documented robot addresses: Feishu (China) and Lark (international)
HOSTS = ("open.feishu.cn", "open.larksuite.com")


def sign(secret: str, timestamp_s: int) -> str:
	key = f"{timestamp_s}\n{secret}".encode()
	digest = hmac.new(key, b"", digestmod=hashlib.sha256).digest()
	return base64.b64encode(digest).decode("ascii")


def card(message: Message) -> dict:
	body = [line for line in plain_lines(message) if line != message.url]
	elements: list[dict] = [{"tag": "div", "text": {"tag": "plain_text", "content": "\n".join(body)}}]
	if message.url:
		elements.append(
			{
				"tag": "action",
				"actions": [
					{
						"tag": "button",
						"text": {"tag": "plain_text", "content": message.url_label or message.url},
						"type": "primary",
						"url": message.url,
					}
				],
			}
		)
	return {
		"config": {"wide_screen_mode": True},
		"header": {"title": {"tag": "plain_text", "content": message.title}, "template": "blue"},
		"elements": elements,
	}


def payload(message: Message) -> dict:
	return {"msg_type": "interactive", "card": card(message)}


def prepare(webhook_url: str, secret: str | None, message: Message, now_ms: int) -> tuple[str, dict]:
	body = payload(message)
	if secret:
		timestamp = now_ms // 1000
		body = {"timestamp": str(timestamp), "sign": sign(secret, timestamp), **body}
	return webhook_url, body


def accepted(answer: dict) -> bool:
	if not isinstance(answer, dict):
		return False
	return answer.get("code", answer.get("StatusCode")) == 0
