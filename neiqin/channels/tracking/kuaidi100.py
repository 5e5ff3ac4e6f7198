"""Kuaidi100 (快递100) real-time query API (实时快递查询接口).

Follows Kuaidi100's API documentation (api.kuaidi100.com, 产品文档 › 快递查询 › 实时快递查询接口): POST
form fields `customer`, `param` (JSON: com, num, phone, resultv2) and
`sign = MD5(param + key + customer)` in upper case to `https://poll.kuaidi100.com/poll/query.do`.
The answer carries `state` (0 在途, 1 揽收, 2 疑难, 3 签收, 4 退签, 5 派件, 6 退回, 7 转单,
8 清关, 14 拒签; with resultv2=1 sub-states such as 301 本人签收, 3xx are signed too) and
`data`, the events newest first ({time, ftime, context, location}); a refused query answers
`{"result": false, "returnCode": "…", "message": "…"}`.
"""

from __future__ import annotations

import hashlib
import json

from neiqin.channels.tracking import ProviderError, TrackingEvent, TrackingResult

DEFAULT_URL = "https://poll.kuaidi100.com/poll/query.do"
HOSTS = ("poll.kuaidi100.com",)  # the documented query host
STATES = {
	"0": "In Transit",
	"1": "Picked Up",
	"2": "Problem Shipment",
	"3": "Signed For",
	"4": "Signing Refused",
	"5": "Out with the Courier",
	"6": "Returned to Sender",
	"7": "Transferred to Another Carrier",
	"8": "Customs",
	"14": "Refused by Recipient",
}


def param_json(com: str, num: str, phone: str | None = None) -> str:
	param = {"com": com, "num": num, "resultv2": "1"}
	if phone:
		param["phone"] = phone
	return json.dumps(param, ensure_ascii=False, separators=(",", ":"))


def sign(param: str, key: str, customer: str) -> str:
	return hashlib.md5(f"{param}{key}{customer}".encode()).hexdigest().upper()


def form(customer: str, key: str, com: str, num: str, phone: str | None = None) -> dict:
	param = param_json(com, num, phone)
	return {"customer": customer, "sign": sign(param, key, customer), "param": param}


def is_signed(state: str) -> bool:
	state = str(state or "")
	return state == "3" or (len(state) == 3 and state.startswith("3"))


def state_label(state: str) -> str:
	state = str(state or "")
	if state in STATES:
		return STATES[state]
	if is_signed(state):
		return STATES["3"]
	return STATES.get(state[:1], state) if len(state) == 3 else state


def parse(answer: dict) -> TrackingResult:
	if not isinstance(answer, dict):
		raise ProviderError("unreadable answer")
	if answer.get("result") is False or "state" not in answer:
		raise ProviderError(f"{answer.get('returnCode') or ''} {answer.get('message') or 'no state'}".strip())
	state = str(answer.get("state"))
	events = [
		TrackingEvent(
			time=str(row.get("ftime") or row.get("time") or ""),
			context=str(row.get("context") or ""),
			location=str(row.get("location") or row.get("areaName") or ""),
		)
		for row in answer.get("data") or []
		if isinstance(row, dict)
	]
	signed = is_signed(state)
	return TrackingResult(
		state=state,
		state_label=state_label(state),
		signed=signed,
		events=events,
		signed_on=(events[0].time[:10] if signed and events and events[0].time else None),
	)


class Kuaidi100:
	"""The provider registered as "kuaidi100"; account and URL from Neiqin Settings."""

	def __init__(self, customer: str, key: str, url: str | None = None, post=None):
		self.customer, self.key, self.url = customer, key, url or DEFAULT_URL
		self.post = post  # callable(url, data) -> dict; the site's HTTP client by default

	@classmethod
	def from_settings(cls):
		from neiqin.channels.tracking import settings

		return cls(*settings.kuaidi100_account())

	def query(self, number: str, carrier_code: str, phone: str | None = None) -> TrackingResult:
		if not (self.customer and self.key):
			raise ProviderError("Kuaidi100 account (customer, key) is not set in Neiqin Settings")
		post = self.post or site_post
		return parse(post(self.url, form(self.customer, self.key, carrier_code, number, phone)))


def site_post(url: str, data: dict) -> dict:
	"""The site's HTTP client, to Kuaidi100's host (or one site_config.json allows) only."""
	from neiqin.channels.http import post_form
	from neiqin.channels.tracking.settings import tracking_hosts

	return post_form(url, data, tracking_hosts())
