"""Running the steps an override module lists (see `neiqin.overrides`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence

import frappe

Step = Callable[..., None]
Steps = Mapping[str, Sequence[Step]]

_listed: dict[str, Steps] = {}


def run(steps: Steps, doc, event: str) -> None:
	"""Run the steps of `event` on `doc`, in order; a step that raises stops the event (and
	frappe rolls the whole save back)."""
	for step in steps.get(event, ()):
		step(doc, event)


def steps_of(doctype: str) -> Steps:
	"""The `STEPS` of `neiqin.overrides.<doctype>` ({} when neiqin has no module for it)."""
	if doctype not in _listed:
		path = f"neiqin.overrides.{frappe.scrub(doctype)}"
		try:
			module = importlib.import_module(path)
		except ModuleNotFoundError as error:
			if error.name != path:
				raise  # the module is there and imports something missing
			module = None
		_listed[doctype] = getattr(module, "STEPS", None) or {}
	return _listed[doctype]


def lists(doctype: str, event: str, step: Step) -> bool:
	"""Whether the doctype's own override module runs `step` on `event`."""
	return step in steps_of(doctype).get(event, ())
