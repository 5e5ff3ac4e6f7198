"""Words a clerk types in the awesome bar (搜索栏) that name no doctype: 支票, 承兑汇票, 印章, 机器人 ….

frappe 15's awesome bar matches doctypes and reports by their (translated) names only
(`frappe.search.utils.get_doctypes` / `get_reports`), so "支票" finds nothing of 收款票据. It also
matches the titles of the pages in `frappe.boot.page_info` (`get_pages`) and opens their route. At
boot (`boot_session` hook) each doctype or report below that the user may open gets one such entry:
its name in the user's language followed by its keywords in Chinese and English, routed to its list
or report — "打开 收款票据 · 支票 承兑汇票 …". A capability adds a line for its doctypes.
"""

from __future__ import annotations

import frappe
from frappe import _

PREFIX = "neiqin-search-"

KEYWORDS: dict[tuple[str, str], tuple[str, ...]] = {
	("DocType", "Receipt Instrument"): (
		"支票",
		"承兑汇票",
		"银行承兑汇票",
		"商业承兑汇票",
		"汇票",
		"本票",
		"票据",
		"Cheque",
		"Check",
		"Bank Draft",
		"Acceptance Bill",
		"Bill of Exchange",
	),
	("DocType", "Company Seal"): ("印章", "公章", "合同章", "财务章", "Seal", "Stamp", "Chop"),
	("DocType", "Seal Usage Log"): ("用印", "用印登记", "印章", "盖章", "Seal", "Stamp", "Chop"),
	("DocType", "Notification Channel"): (
		"机器人",
		"企业微信",
		"钉钉",
		"飞书",
		"群通知",
		"Robot",
		"WeCom",
		"WeChat Work",
		"DingTalk",
		"Feishu",
		"Lark",
		"Webhook",
	),
	("DocType", "Customer Qualification"): (
		"资质",
		"证照",
		"许可证",
		"营业执照",
		"经营许可",
		"Licence",
		"License",
		"Permit",
		"Qualification",
	),
	("DocType", "Qualification Requirement"): ("资质", "资质要求", "Licence", "Qualification"),
	("DocType", "Promotion Approval"): (
		"促销",
		"促销活动",
		"批复",
		"特价",
		"Promotion",
		"Discount",
		"Special Price",
	),
	("DocType", "Customer Visit Log"): ("拜访", "客户拜访", "走访", "Visit", "Call Report"),
	("DocType", "Customer Balance Confirmation"): (
		"往来对账",
		"对账",
		"对账单",
		"询证函",
		"Balance Confirmation",
		"Reconciliation",
		"Statement",
	),
	("DocType", "Sales Material Log"): (
		"样品",
		"寄样",
		"资料",
		"快递",
		"寄件",
		"Sample",
		"Courier",
		"Brochure",
	),
	("DocType", "Signed Delivery Receipt"): ("回单", "签收单", "签回", "Signed Receipt", "POD"),
	("DocType", "Fapiao"): ("发票", "增值税发票", "专票", "普票", "VAT Invoice", "Fapiao"),
	("DocType", "Invoice Request"): ("开票", "开票申请", "发票申请", "Invoice Request", "Fapiao Request"),
	("DocType", "Review Rule"): ("复核", "双人复核", "审核规则", "Dual Review", "Four Eyes"),
	("Report", "Awaiting My Review"): ("复核", "待复核", "待审", "Review", "Approval"),
	("Report", "Receipt Document Tracking"): ("支票", "承兑汇票", "汇票", "票据", "Cheque", "Bill"),
	("Report", "Seal Usage Register"): ("用印", "印章", "Seal"),
}


def entries(can_read, reports) -> dict[str, dict]:
	"""{page_info key: {"title", "route"}} for the items the user may open (`can_read`: doctypes
	they read; `reports`: reports they may run)."""
	found = {}
	for (kind, name), words in KEYWORDS.items():
		if (kind == "DocType" and name not in can_read) or (kind == "Report" and name not in reports):
			continue
		route = f"List/{name}" if kind == "DocType" else f"query-report/{name}"
		found[f"{PREFIX}{frappe.scrub(kind)}-{frappe.scrub(name)}"] = {
			"title": f"{_(name)} · {' '.join(words)}",
			"route": route,
			"name": name,
		}
	return found


def boot_session(bootinfo) -> None:
	"""boot_session hook: the keyword entries of what the user may open, among frappe's pages."""
	if frappe.session.user == "Guest" or not bootinfo.get("user"):
		return
	user = bootinfo.user
	bootinfo.setdefault("page_info", {}).update(
		entries(set(user.get("can_read") or ()), set(user.get("all_reports") or ()))
	)
