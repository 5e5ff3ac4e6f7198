"""Who changed the reviewed content of a document, and when it was submitted under which
rules (the content it was submitted with, to compare later changes with). Written by the
review gate only (`neiqin.dual_review.edits`)."""

from frappe.model.document import Document

from neiqin import stored_text
from neiqin.dual_review.doctype.document_review.document_review import refuse_unless_writer


class ReviewContentChange(Document):
	def onload(self):
		# the changed fields in the reader's language (`changes` keeps the English as written)
		if self.changes_message:
			self.set_onload("changes_shown", stored_text.show(self.changes_message))

	def before_insert(self):
		refuse_unless_writer()

	def before_validate(self):
		refuse_unless_writer()

	def on_trash(self):
		refuse_unless_writer()
