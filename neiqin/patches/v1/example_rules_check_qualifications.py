"""The example review rules of Delivery Note, Sales Invoice and Sales Order shipped without the
customer-qualification check: reviewers approved deliveries that submit then refused for an
expired licence. Example rules still on the site get the checks they now ship with."""

from neiqin.dual_review.setup import add_missing_checks


def execute():
	add_missing_checks()
