"""Which webhook addresses are accepted; secrets are cut out of any text."""

import pytest

from neiqin.channels.urls import redact, webhook_url_problem


@pytest.mark.parametrize(
	"url",
	[
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K",
		"http://127.0.0.1:18300/hook",
		"http://localhost:18300/hook",
		"http://[::1]:18300/hook",
	],
)
def test_accepted(url):
	assert webhook_url_problem(url) is None


@pytest.mark.parametrize(
	"url, problem",
	[
		("", "missing"),
		("http://oapi.dingtalk.com/robot/send", "not_https"),
		("http://10.0.0.5/hook", "not_https"),
		("http://127.0.0.1.evil.com/hook", "not_https"),
		("ftp://127.0.0.1/hook", "not_https"),
		("javascript:alert(1)", "not_https"),
		("https:///nohost", "no_host"),
	],
)
def test_refused(url, problem):
	assert webhook_url_problem(url) == problem


WECOM_HOSTS = ("qyapi.weixin.qq.com",)


@pytest.mark.parametrize(
	"url, problem",
	[
		("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", None),
		("https://QYAPI.weixin.qq.com/cgi-bin/webhook/send?key=K", None),
		("http://127.0.0.1:18300/hook", None),  # a local relay or test server
		("https://collector.example.com/hook", "host_not_allowed"),
		("https://qyapi.weixin.qq.com.example.com/hook", "host_not_allowed"),
		("https://user@evil.example.com/qyapi.weixin.qq.com", "host_not_allowed"),
	],
)
def test_only_the_providers_host_is_accepted_when_hosts_are_given(url, problem):
	assert webhook_url_problem(url, WECOM_HOSTS) == problem


def test_redact_removes_secret_and_webhook_key():
	url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234-efgh"
	text = f"failed posting to {url} with SECsecret99 (key abcd-1234-efgh)"
	cleaned = redact(text, ["SECsecret99", url])
	assert "SECsecret99" not in cleaned and "abcd-1234-efgh" not in cleaned
	assert cleaned.count("*****") == 3


def test_redact_removes_feishu_hook_id():
	url = "https://open.feishu.cn/open-apis/bot/v2/hook/0f9e8d7c-aaaa-bbbb"
	assert "0f9e8d7c-aaaa-bbbb" not in redact("hook 0f9e8d7c-aaaa-bbbb said no", [url])
