"""Payloads and signatures of the group robots, against the providers' documented algorithms."""

import base64
import hashlib
import hmac
import urllib.parse

from neiqin.channels.message import Message, escape_markdown
from neiqin.channels.robots import dingtalk, feishu, wecom

MESSAGE = Message(
	title="Delivery Note DN-1 awaits review",
	facts=[("Customer", "A*B_[x] Co"), ("Amount", "¥ 1,130.00")],
	text="Please look",
	url="https://erp.example.com/app/delivery-note/DN-1",
	url_label="Open Delivery Note DN-1",
)


def documented_dingtalk_sign(timestamp: str, secret: str) -> str:
	"""The Python example of DingTalk's 加签 documentation, verbatim in substance."""
	string_to_sign = f"{timestamp}\n{secret}"
	hmac_code = hmac.new(
		secret.encode("utf-8"), string_to_sign.encode("utf-8"), digestmod=hashlib.sha256
	).digest()
	return urllib.parse.quote_plus(base64.b64encode(hmac_code))


def documented_feishu_sign(timestamp: str, secret: str) -> str:
	"""The Python example of Feishu's 签名校验 documentation: the key is "timestamp\\nsecret", the message empty."""
	key = f"{timestamp}\n{secret}"
	return base64.b64encode(hmac.new(key.encode("utf-8"), b"", digestmod=hashlib.sha256).digest()).decode()


def test_dingtalk_signature_matches_the_documented_example():
	assert urllib.parse.quote_plus(dingtalk.sign("this is secret", 1577262236757)) == (
		"hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D"
	)
	assert urllib.parse.quote_plus(dingtalk.sign("SECabc", 1700000000123)) == documented_dingtalk_sign(
		"1700000000123", "SECabc"
	)


def test_dingtalk_signed_url_appends_timestamp_and_url_encoded_sign():
	url, body = dingtalk.prepare(
		"https://oapi.dingtalk.com/robot/send?access_token=T", "this is secret", MESSAGE, 1577262236757
	)
	assert url == (
		"https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1577262236757"
		"&sign=hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D"
	)
	assert body["msgtype"] == "markdown"
	assert body["markdown"]["title"] == MESSAGE.title
	assert body["markdown"]["text"].split("\n\n") == [
		"### Delivery Note DN-1 awaits review",
		"**Customer**: A\\*B\\_\\[x\\] Co",
		"**Amount**: ¥ 1,130.00",
		"Please look",
		"[Open Delivery Note DN-1](https://erp.example.com/app/delivery-note/DN-1)",
	]


def test_dingtalk_without_secret_posts_to_the_url_as_given():
	url, _body = dingtalk.prepare("https://oapi.dingtalk.com/robot/send?access_token=T", None, MESSAGE, 1)
	assert url == "https://oapi.dingtalk.com/robot/send?access_token=T"


def test_feishu_signature_matches_the_documented_example():
	assert feishu.sign("demo", 1599360473) == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8="
	assert feishu.sign("s3cr3t", 1700000000) == documented_feishu_sign("1700000000", "s3cr3t")


def test_feishu_card_carries_timestamp_in_seconds_and_sign_in_the_body():
	url, body = feishu.prepare(
		"https://open.feishu.cn/open-apis/bot/v2/hook/abc", "demo", MESSAGE, 1599360473999
	)
	assert url == "https://open.feishu.cn/open-apis/bot/v2/hook/abc"
	assert body["timestamp"] == "1599360473"
	assert body["sign"] == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8="
	assert body["msg_type"] == "interactive"
	card = body["card"]
	assert card["header"]["title"] == {"tag": "plain_text", "content": MESSAGE.title}
	assert card["elements"][0] == {
		"tag": "div",
		"text": {"tag": "plain_text", "content": "Customer: A*B_[x] Co\nAmount: ¥ 1,130.00\nPlease look"},
	}
	assert card["elements"][1]["actions"][0]["url"] == MESSAGE.url


def test_feishu_without_secret_has_no_signature_fields():
	_url, body = feishu.prepare("https://open.feishu.cn/open-apis/bot/v2/hook/abc", "", MESSAGE, 1)
	assert "sign" not in body and "timestamp" not in body


def test_wecom_markdown_payload():
	url, body = wecom.prepare("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", None, MESSAGE, 1)
	assert url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"
	assert body == {
		"msgtype": "markdown",
		"markdown": {
			"content": "### Delivery Note DN-1 awaits review\n**Customer**: A\\*B\\_\\[x\\] Co\n**Amount**: ¥ 1,130.00\n"
			"Please look\n[Open Delivery Note DN-1](https://erp.example.com/app/delivery-note/DN-1)"
		},
	}


def test_wecom_content_is_cut_to_4096_bytes():
	long = Message(title="x", text="中" * 3000)
	content = wecom.payload(long)["markdown"]["content"]
	assert len(content.encode("utf-8")) <= 4096
	assert content.endswith("…")


def test_answers_accepted_as_documented():
	assert wecom.accepted({"errcode": 0, "errmsg": "ok"})
	assert not wecom.accepted({"errcode": 93000, "errmsg": "invalid webhook url"})
	assert dingtalk.accepted({"errcode": 0, "errmsg": "ok"})
	assert not dingtalk.accepted({"errcode": 310000, "errmsg": "sign not match"})
	assert feishu.accepted({"code": 0, "msg": "success", "data": {}})
	assert feishu.accepted({"StatusCode": 0, "StatusMessage": "success"})
	assert not feishu.accepted({"code": 19021, "msg": "sign match fail or timestamp is not within one hour"})
	assert not feishu.accepted("ok")


def test_markdown_escaping_keeps_user_text_literal():
	assert escape_markdown("[click](http://evil)") == "\\[click\\](http://evil)"
	assert escape_markdown("<font color=red>x</font>") == "\\<font color=red\\>x\\</font\\>"
	assert escape_markdown("two\nlines") == "two lines"


def test_message_round_trips_through_a_dict():
	assert Message.from_dict(MESSAGE.as_dict()) == MESSAGE
