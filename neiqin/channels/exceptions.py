"""One exception class per kind of refusal of the channels capability."""

import frappe


class ChannelTypeError(frappe.ValidationError):
	"""The channel type is not one neiqin can send to."""


class WebhookURLError(frappe.ValidationError):
	"""The webhook address is not https (plain http only for a loopback address)."""


class ChannelEventError(frappe.ValidationError):
	"""An event the channel should receive is unknown or listed twice."""


class TrackingTemplateError(frappe.ValidationError):
	"""A courier's tracking-URL template lacks {tracking_number} or is not a web address."""


class TrackingProviderError(frappe.ValidationError):
	"""The tracking provider named on a courier is not registered (hook neiqin_tracking_providers)."""


class WebhookHostError(frappe.ValidationError):
	"""The webhook address is not the provider's robot host (nor one the server admin allowed)."""


class TrackingEndpointError(frappe.ValidationError):
	"""The tracking provider's address is not https on the provider's host (nor one the server admin allowed)."""
