"""A message to a group robot, independent of the robot (pure: no frappe).

Each robot module turns a `Message` into its own documented format; the text pieces are
user data (customer names, reasons) and are escaped for the markup the robot renders.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# Characters that start inline markdown formatting (bold, code, links, HTML tags) in WeCom
# and DingTalk markdown; values always follow a label, so line-start marks (#, >, -) are inert.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@dataclass(frozen=True)
class Message:
	title: str
	facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value), shown in order
	text: str = ""  # free text under the facts (one paragraph per line)
	url: str = ""  # link to the form
	url_label: str = ""

	def as_dict(self) -> dict:
		return asdict(self)

	@classmethod
	def from_dict(cls, data: dict) -> Message:
		return cls(
			title=data.get("title") or "",
			facts=[tuple(pair) for pair in data.get("facts") or []],
			text=data.get("text") or "",
			url=data.get("url") or "",
			url_label=data.get("url_label") or "",
		)


def escape_markdown(text: str) -> str:
	"""User text shown literally in markdown (a name like `A*B_[x]` stays as typed)."""
	return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text or "")).replace("\r", "").replace("\n", " ")


def markdown_lines(message: Message, bold: str = "**") -> list[str]:
	"""The body as markdown lines: facts as `**label**: value`, the text, then the link."""
	lines = [
		f"{bold}{escape_markdown(label)}{bold}: {escape_markdown(value)}" for label, value in message.facts
	]
	lines += [escape_markdown(line) for line in (message.text or "").splitlines() if line.strip()]
	if message.url:
		lines.append(f"[{escape_markdown(message.url_label or message.url)}]({message.url})")
	return lines


def plain_lines(message: Message) -> list[str]:
	lines = [f"{label}: {value}" for label, value in message.facts]
	lines += [line for line in (message.text or "").splitlines() if line.strip()]
	if message.url:
		lines.append(message.url)
	return lines
