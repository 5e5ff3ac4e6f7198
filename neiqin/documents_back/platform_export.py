"""Reading the tax platform's export of issued fapiao (pure: rows of cell values in, rows out).

The 电子发票服务平台 (发票查询统计 › 全量发票查询 › 导出) writes one row per fapiao under a header
row, sometimes after a title row or two. Columns read here (by their header text, in any order;
other columns are ignored):

    发票代码 · 发票号码 · 数电票号码 · 开票日期 · 购买方名称 · 购买方识别号 · 金额 · 税额 · 价税合计 ·
    发票状态 · 备注 · (optional) 发票票种

A 数电 fapiao has a 20-digit 数电票号码 and no code; the older types an 8-digit 发票号码 with a
10- or 12-digit 发票代码. A red-letter (红字) fapiao has negative amounts and names its original
in 备注 (被红冲蓝字数电票号码：… or 对应正数发票代码…号码…). See docs/documents-back.md for the
sources this follows. `neiqin.documents_back.fapiao_import` opens the .xlsx and checks the rows
against the database.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from neiqin.documents_back import rules
from neiqin.documents_back.rules import Problem

MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10

# field -> header texts the platform (and its older versions) use
COLUMNS: dict[str, tuple[str, ...]] = {
	"code": ("发票代码",),
	"number": ("发票号码",),
	"digital_number": ("数电票号码", "数电发票号码", "全电发票号码"),
	"issue_date": ("开票日期",),
	"buyer_name": ("购买方名称", "购方名称", "购买方纳税人名称"),
	"buyer_tax_id": ("购买方识别号", "购方识别号", "购买方纳税人识别号", "购方纳税人识别号"),
	"amount": ("金额", "合计金额"),
	"tax_amount": ("税额", "合计税额"),
	"total": ("价税合计",),
	"status": ("发票状态",),
	"remarks": ("备注",),
	"type_text": ("发票票种", "发票种类", "票种"),
}
REQUIRED = ("issue_date", "buyer_name", "amount", "tax_amount", "total", "status")

# 发票状态 -> the register's status; partly reversed stays Issued (the red-letter fapiao shows it)
STATUSES = {
	"正常": rules.ISSUED,
	"作废": rules.VOID,
	"已作废": rules.VOID,
	"已红冲-全额": rules.REVERSED,
	"已全额红冲": rules.REVERSED,
	"全额红冲": rules.REVERSED,
	"已红冲": rules.REVERSED,
	"已红冲-部分": rules.ISSUED,
	"已部分红冲": rules.ISSUED,
	"部分红冲": rules.ISSUED,
}

ORIGINAL_DIGITAL = re.compile(r"被红冲蓝字(?:数电票|数电发票|全电发票|发票)号码[:：]?\s*(\d{20}|\d{8})")
ORIGINAL_PAPER = re.compile(
	r"(?:对应正数|被红冲蓝字)发票代码[:：]?\s*(\d{10}|\d{12})\D{0,6}?号码[:：]?\s*(\d{8})"
)
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/.]{3,}")


@dataclass
class PlatformRow:
	row_no: int
	fapiao_type: str = ""
	code: str = ""
	number: str = ""
	issue_date: datetime.date | None = None
	buyer_name: str = ""
	buyer_tax_id: str = ""
	amount: float = 0.0
	tax_amount: float = 0.0
	total: float = 0.0
	status: str = rules.ISSUED
	platform_status: str = ""
	remarks: str = ""
	original: tuple[str, str] | None = None  # (code, number) of the fapiao a red-letter one reverses
	problems: list[Problem] = field(default_factory=list)

	@property
	def is_red_letter(self) -> bool:
		return self.total < 0

	@property
	def key(self) -> str:
		return rules.number_key(self.code, self.number)

	def references(self) -> list[str]:
		"""Words of 备注 that may be a Sales Invoice number."""
		return list(dict.fromkeys(token.rstrip(".") for token in TOKEN.findall(self.remarks or "")))


def find_header(rows: list[tuple]) -> tuple[int, dict[str, int]] | None:
	"""(index of the header row, {field: column}) among the first rows, or None."""
	for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
		texts = [_text(cell) for cell in row]
		columns = {}
		for name, headers in COLUMNS.items():
			for position, text in enumerate(texts):
				if text in headers and name not in columns:
					columns[name] = position
		if ("number" in columns or "digital_number" in columns) and "total" in columns:
			return index, columns
	return None


def missing_columns(columns: dict[str, int]) -> list[str]:
	missing = [COLUMNS[name][0] for name in REQUIRED if name not in columns]
	if "number" not in columns and "digital_number" not in columns:
		missing.insert(0, "发票号码 / 数电票号码")
	return missing


def parse(rows: list[tuple]) -> tuple[list[PlatformRow], list[Problem]]:
	"""(parsed rows, problems of the file as a whole). Empty rows are skipped; each row keeps
	its own problems."""
	found = find_header(rows)
	if found is None:
		return [], [Problem("no_header", ("发票号码 / 数电票号码", "价税合计"))]
	header_index, columns = found
	missing = missing_columns(columns)
	if missing:
		return [], [Problem("missing_columns", (tuple(missing),))]
	parsed = []
	for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
		if not any(_text(cell) for cell in row):
			continue
		if len(parsed) >= MAX_ROWS:
			return [], [Problem("too_many_rows", (MAX_ROWS,))]
		parsed.append(parse_row(offset, {name: _cell(row, position) for name, position in columns.items()}))
	if not parsed:
		return [], [Problem("no_rows", ())]
	return parsed, []


def parse_row(row_no: int, cells: dict) -> PlatformRow:
	row = PlatformRow(row_no=row_no)
	digital = _number_text(cells.get("digital_number"), row)
	number = _number_text(cells.get("number"), row)
	code = _number_text(cells.get("code"), row)
	if digital:
		row.number, row.code = digital, ""
	else:
		row.number, row.code = number, code
	row.remarks = _text(cells.get("remarks"))
	row.buyer_name = _text(cells.get("buyer_name"))
	row.buyer_tax_id = rules.normalise_tax_id(_text(cells.get("buyer_tax_id")))
	row.issue_date = _date(cells.get("issue_date"), row)
	for name in ("amount", "tax_amount", "total"):
		setattr(row, name, _amount(cells.get(name), name, row))
	row.platform_status = _text(cells.get("status"))
	if row.platform_status in STATUSES:
		row.status = STATUSES[row.platform_status]
	else:
		row.problems.append(Problem("unknown_platform_status", (row.platform_status,)))
	row.fapiao_type = fapiao_type(_text(cells.get("type_text")), row.code, row.number)
	row.problems.extend(rules.number_problems(row.fapiao_type, row.code, row.number))
	if not row.problems:
		row.problems.extend(rules.amount_problems(row.amount, row.tax_amount, row.total, row.is_red_letter))
	if row.is_red_letter:
		row.original = original_of(row.remarks)
	return row


def fapiao_type(text: str, code: str, number: str) -> str:
	"""The register's type from 发票票种 when the export has it, else from the number's shape."""
	if text:
		digital = "数电" in text or "全电" in text or ("电子发票" in text and "增值税电子" not in text)
		if digital:
			return rules.DIGITAL_SPECIAL if "专用" in text else rules.DIGITAL_ORDINARY
		if "专用" in text:
			return rules.VAT_SPECIAL
		if "电子" in text:
			return rules.VAT_ELECTRONIC_ORDINARY
		return rules.VAT_ORDINARY
	if not code and len(rules.normalise_number(number)) == 20:
		return rules.DIGITAL_ORDINARY
	return rules.VAT_ORDINARY


def original_of(remarks: str) -> tuple[str, str] | None:
	"""(code, number) of the fapiao a red-letter one reverses, as its 备注 names it."""
	text = unicodedata.normalize("NFKC", remarks or "")
	paper = ORIGINAL_PAPER.search(text)
	if paper:
		return paper.group(1), paper.group(2)
	digital = ORIGINAL_DIGITAL.search(text)
	if digital:
		return "", digital.group(1)
	return None


# ----------------------------------------------------------------------------- cells


def _cell(row: tuple, position: int):
	return row[position] if position < len(row) else None


def _text(value) -> str:
	if value is None:
		return ""
	if isinstance(value, float) and value.is_integer():
		value = int(value)
	return unicodedata.normalize("NFKC", str(value)).strip()


def _number_text(value, row: PlatformRow) -> str:
	"""A code or number cell. Excel keeps numbers to 15 significant digits: a 20-digit number
	stored as a number has lost its last digits and cannot be registered."""
	if isinstance(value, float) and not value.is_integer():
		row.problems.append(Problem("number_cell_not_text", (value,)))
		return ""
	if isinstance(value, float | int) and len(str(int(value))) > 15:
		row.problems.append(Problem("number_cell_not_text", (int(value),)))
		return ""
	return rules.normalise_number(_text(value))


DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日", "%Y%m%d")


def _date(value, row: PlatformRow) -> datetime.date | None:
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, datetime.date):
		return value
	text = _text(value)
	for pattern in DATE_FORMATS:
		try:
			return datetime.datetime.strptime(text, pattern).date()
		except ValueError:
			continue
	row.problems.append(Problem("bad_date", (text,)))
	return None


def _amount(value, name: str, row: PlatformRow) -> float:
	if isinstance(value, int | float):
		return round(float(value), 2)
	text = _text(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
	try:
		return round(float(text), 2)
	except ValueError:
		row.problems.append(Problem("bad_amount", (COLUMNS[name][0], text)))
		return 0.0
