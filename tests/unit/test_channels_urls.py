"""Which addresses robots and providers may be posted to (one parser for checking and
sending); secrets are cut out of any text."""

import pytest

from neiqin.channels.urls import address_allowed, networks, parse_endpoint, redact, webhook_url_problem

WECOM_HOSTS = ("qyapi.weixin.qq.com",)
LOCAL = networks(["127.0.0.1", "10.1.0.0/16"])


@pytest.mark.parametrize(
	"url",
	[
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K",
		"https://QYAPI.weixin.qq.com/cgi-bin/webhook/send?key=K",
		"https://qyapi.weixin.qq.com./cgi-bin/webhook/send?key=K",
	],
)
def test_the_providers_host_over_https_is_accepted(url):
	endpoint, problem = parse_endpoint(url, WECOM_HOSTS)
	assert problem is None
	assert endpoint.host == "qyapi.weixin.qq.com" and endpoint.scheme == "https"
	assert endpoint.url == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"


@pytest.mark.parametrize(
	"url, problem",
	[
		("", "missing"),
		# the reported bypass: urllib.parse reads the host after "@", the HTTP client before "\"
		("https://evil.example.com\\@qyapi.weixin.qq.com/cgi-bin/webhook/send", "unsafe_characters"),
		("https://evil.example.com%5C@qyapi.weixin.qq.com/cgi-bin/webhook/send", "userinfo"),
		("https://user@qyapi.weixin.qq.com/cgi-bin/webhook/send", "userinfo"),
		("https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send", "userinfo"),
		("https://qyapi.weixin.qq.com@evil.example.com/x", "userinfo"),
		("https://qyapi.weixin.qq.com /x", "unsafe_characters"),
		("https://qyapi.weixin.qq.com\t/x", "unsafe_characters"),
		("https://qyapi.weixin.qq.com\n.evil.com/x", "unsafe_characters"),
		("https://qyapi.weixin.qq.cöm/x", "unsafe_characters"),
		("http://qyapi.weixin.qq.com/cgi-bin/webhook/send", "not_https"),
		("ftp://qyapi.weixin.qq.com/x", "not_https"),
		("javascript:alert(1)", "no_host"),
		("https:///nohost", "no_host"),
		("https://203.0.113.7/cgi-bin/webhook/send", "ip_address"),
		("https://127.0.0.1/hook", "ip_address"),
		("https://[::1]/hook", "ip_address"),
		("http://127.0.0.1:18300/hook", "not_https"),
		("https://2130706433/hook", "host_not_allowed"),
		("https://localhost/hook", "host_not_allowed"),
		("https://collector.example.com/hook", "host_not_allowed"),
		("https://qyapi.weixin.qq.com.example.com/hook", "host_not_allowed"),
	],
)
def test_refused_without_a_local_list(url, problem):
	assert webhook_url_problem(url, WECOM_HOSTS) == problem


@pytest.mark.parametrize(
	"url, problem",
	[
		("http://127.0.0.1:18300/hook", None),
		("https://10.1.2.3/hook", None),
		("http://10.2.0.1/hook", "not_https"),
		("https://10.2.0.1/hook", "ip_address"),
		("http://user@127.0.0.1:18300/hook", "userinfo"),
	],
)
def test_listed_local_addresses_only(url, problem):
	assert webhook_url_problem(url, WECOM_HOSTS, LOCAL) == problem


def test_the_url_sent_is_rebuilt_from_what_was_checked():
	endpoint, _problem = parse_endpoint("http://127.0.0.1:18300/a/b?key=K&x=1#frag", WECOM_HOSTS, LOCAL)
	assert endpoint.url == "http://127.0.0.1:18300/a/b?key=K&x=1"
	assert (endpoint.host, endpoint.port, endpoint.request_uri, endpoint.listed) == (
		"127.0.0.1",
		18300,
		"/a/b?key=K&x=1",
		True,
	)


@pytest.mark.parametrize(
	"address, allowed",
	[
		("203.0.113.7", False),  # documentation range: not global
		("8.8.8.8", True),
		("127.0.0.1", False),
		("10.0.0.5", False),
		("192.168.1.1", False),
		("172.16.0.1", False),
		("169.254.169.254", False),  # cloud metadata
		("100.64.0.1", False),
		("0.0.0.0", False),
		("::1", False),
		("::ffff:127.0.0.1", False),
		("fd00::1", False),
		("2001:4860:4860::8888", True),
		("not an address", False),
	],
)
def test_connecting_only_to_public_addresses_by_default(address, allowed):
	assert address_allowed(address) is allowed


def test_listed_addresses_may_be_connected_to():
	assert address_allowed("127.0.0.1", LOCAL) and address_allowed("10.1.200.1", LOCAL)
	assert not address_allowed("10.2.0.1", LOCAL) and not address_allowed("127.0.0.2", LOCAL)
	assert networks(["nonsense", "::1"]) == networks(["::1"])


def test_redact_removes_secret_and_webhook_key():
	url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234-efgh"
	text = f"failed posting to {url} with SECsecret99 (key abcd-1234-efgh)"
	cleaned = redact(text, ["SECsecret99", url])
	assert "SECsecret99" not in cleaned and "abcd-1234-efgh" not in cleaned
	assert cleaned.count("*****") == 3


def test_redact_removes_feishu_hook_id():
	url = "https://open.feishu.cn/open-apis/bot/v2/hook/0f9e8d7c-aaaa-bbbb"
	assert "0f9e8d7c-aaaa-bbbb" not in redact("hook 0f9e8d7c-aaaa-bbbb said no", [url])
