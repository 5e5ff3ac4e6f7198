"""WeCom (企业微信) group robot.

Follows WeCom's "群机器人配置说明" (developer.work.weixin.qq.com/document/path/91770):
POST JSON to `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`, body
`{"msgtype": "markdown", "markdown": {"content": …}}` (content at most 4096 bytes, UTF-8;
supported markdown: headings, **bold**, [links](url), > quotes, <font color>), answer
`{"errcode": 0, "errmsg": "ok"}`. The robot has no signing: the key in the URL is the secret.
"""

from __future__ import annotations

from neiqin.channels.message import Message, escape_markdown, markdown_lines

MAX_BYTES = 4096
HOSTS = ("qyapi.weixin.qq.com",)  # the documented robot address


def payload(message: Message) -> dict:
	content = "\n".join([f"### {escape_markdown(message.title)}", *markdown_lines(message)])
	return {"msgtype": "markdown", "markdown": {"content": truncate(content, MAX_BYTES)}}


def prepare(webhook_url: str, secret: str | None, message: Message, now_ms: int) -> tuple[str, dict]:
	return webhook_url, payload(message)


def accepted(answer: dict) -> bool:
	return isinstance(answer, dict) and answer.get("errcode") == 0


def truncate(text: str, max_bytes: int) -> str:
	data = text.encode("utf-8")
	if len(data) <= max_bytes:
		return text
	return data[: max_bytes - 3].decode("utf-8", errors="ignore") + "…"
