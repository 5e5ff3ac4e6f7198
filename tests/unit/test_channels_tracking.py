"""Kuaidi100 request signing and answer parsing; tracking-URL templates."""

import json

import pytest

from neiqin.channels.tracking import ProviderError, kuaidi100, template_problem, tracking_url

SIGNED = {
	"message": "ok",
	"nu": "SF1234567890",
	"ischeck": "1",
	"com": "shunfeng",
	"status": "200",
	"condition": "F00",
	"state": "3",
	"data": [
		{
			"time": "2026-12-01 15:20:11",
			"ftime": "2026-12-01 15:20:11",
			"context": "已签收,签收人:本人",
			"location": "上海",
		},
		{"time": "2026-11-30 08:00:00", "ftime": "2026-11-30 08:00:00", "context": "快件已发车"},
	],
}


def test_sign_is_md5_of_param_key_customer_upper_case():
	# the documented order: MD5(param + key + customer), 32 characters, upper case
	assert kuaidi100.sign('{"com":"yuantong","num":"V030344422"}', "KEY", "CUSTOMER") == (
		"ADC912F5DEE3FC8A516B27C3737DAC52"
	)


def test_form_fields():
	form = kuaidi100.form("CUST", "KEY", "shunfeng", "SF1", phone="13800000000")
	assert set(form) == {"customer", "sign", "param"}
	assert json.loads(form["param"]) == {
		"com": "shunfeng",
		"num": "SF1",
		"resultv2": "1",
		"phone": "13800000000",
	}
	assert form["sign"] == kuaidi100.sign(form["param"], "KEY", "CUST")


def test_signed_answer():
	result = kuaidi100.parse(SIGNED)
	assert result.signed and result.state == "3" and result.state_label == "Signed For"
	assert result.signed_on == "2026-12-01"
	assert result.events[0].context == "已签收,签收人:本人" and result.events[0].location == "上海"
	assert len(result.events) == 2


@pytest.mark.parametrize(
	"state, signed, label",
	[
		("0", False, "In Transit"),
		("5", False, "Out with the Courier"),
		("301", True, "Signed For"),
		("14", False, "Refused by Recipient"),
	],
)
def test_states(state, signed, label):
	result = kuaidi100.parse({**SIGNED, "state": state})
	assert result.signed is signed and result.state_label == label


def test_refused_query_is_a_provider_error():
	with pytest.raises(ProviderError, match="400"):
		kuaidi100.parse({"result": False, "returnCode": "400", "message": "找不到对应公司"})


def test_query_posts_the_signed_form():
	sent = {}

	def post(url, data):
		sent.update(url=url, data=data)
		return SIGNED

	result = kuaidi100.Kuaidi100("CUST", "KEY", "http://127.0.0.1:18399/q", post=post).query(
		"SF1", "shunfeng"
	)
	assert result.signed
	assert sent["url"] == "http://127.0.0.1:18399/q"
	assert sent["data"]["sign"] == kuaidi100.sign(sent["data"]["param"], "KEY", "CUST")


def test_query_without_account_is_a_provider_error():
	with pytest.raises(ProviderError):
		kuaidi100.Kuaidi100("", "", post=lambda url, data: SIGNED).query("SF1", "shunfeng")


def test_tracking_url_templates():
	assert (
		tracking_url("https://t.example.com/q?no={tracking_number}", " SF 1/2 ")
		== "https://t.example.com/q?no=SF%201%2F2"
	)
	assert template_problem("https://t.example.com/q?no={tracking_number}") is None
	assert template_problem("https://t.example.com/q") == "placeholder_missing"
	assert template_problem("t.example.com/{tracking_number}") == "not_a_web_address"
	assert template_problem("") is None
