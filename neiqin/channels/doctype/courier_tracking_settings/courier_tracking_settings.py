"""Courier Tracking Settings: how to track one courier's numbers (web page, provider)."""

import frappe
from frappe import _
from frappe.model.document import Document

from neiqin.channels.exceptions import TrackingProviderError, TrackingTemplateError
from neiqin.channels.tracking import template_problem
from neiqin.channels.tracking.providers import provider_names
from neiqin.escaping import bold


class CourierTrackingSettings(Document):
	def validate(self):
		self.validate_tracking_url()
		self.validate_provider()

	def validate_tracking_url(self):
		self.tracking_url = (self.tracking_url or "").strip()
		problem = template_problem(self.tracking_url)
		if problem == "placeholder_missing":
			frappe.throw(
				_("The tracking URL of {0} must contain {1} where the tracking number goes.").format(
					bold(self.courier), bold("{tracking_number}")
				),
				TrackingTemplateError,
			)
		if problem:
			frappe.throw(
				_("The tracking URL of {0} must be a web address (https://…).").format(bold(self.courier)),
				TrackingTemplateError,
			)

	def validate_provider(self):
		self.provider = (self.provider or "").strip()
		if self.provider and self.provider not in provider_names():
			frappe.throw(
				_("Unknown tracking provider {0}; registered providers: {1}.").format(
					bold(self.provider), ", ".join(provider_names()) or "-"
				),
				TrackingProviderError,
			)
