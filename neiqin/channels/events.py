"""The events a Notification Channel can receive (the options of its Events table).

Where each comes from:
- Awaiting Review, Rejected, Ready to Submit: `neiqin.dual_review.notify`
- Contract Delivery Reminder: `neiqin.contract_fulfilment.reminders.notify`
- Contract Overdue: `neiqin.channels.digest.announce_overdue_contracts` (daily)
- Material Overdue: `neiqin.sales_materials.tasks.notify`
- Qualification Expiring: the compliance capability (Customer Qualification)
- Bill Maturing: the registers capability (Receipt Instrument)
- Promise Broken, Follow-up Due: `neiqin.sales_plans.followups.refresh_statuses` (daily)
- Weekly Summary Roll-up: `neiqin.sales_plans.summaries.post_roll_up` (Saturday 08:00)
- Instrument Handed Over: the registers capability, when a Receipt Instrument is handed to finance
"""

AWAITING_REVIEW = "Awaiting Review"
REJECTED = "Rejected"
READY_TO_SUBMIT = "Ready to Submit"
CONTRACT_DELIVERY_REMINDER = "Contract Delivery Reminder"
CONTRACT_OVERDUE = "Contract Overdue"
MATERIAL_OVERDUE = "Material Overdue"
QUALIFICATION_EXPIRING = "Qualification Expiring"
BILL_MATURING = "Bill Maturing"
PROMISE_BROKEN = "Promise Broken"
FOLLOW_UP_DUE = "Follow-up Due"
WEEKLY_SUMMARY_ROLL_UP = "Weekly Summary Roll-up"
INSTRUMENT_HANDED_OVER = "Instrument Handed Over"

EVENTS = (
	AWAITING_REVIEW,
	REJECTED,
	READY_TO_SUBMIT,
	CONTRACT_DELIVERY_REMINDER,
	CONTRACT_OVERDUE,
	MATERIAL_OVERDUE,
	QUALIFICATION_EXPIRING,
	BILL_MATURING,
	PROMISE_BROKEN,
	FOLLOW_UP_DUE,
	WEEKLY_SUMMARY_ROLL_UP,
	INSTRUMENT_HANDED_OVER,
)
REVIEW_EVENTS = frozenset({AWAITING_REVIEW, REJECTED, READY_TO_SUBMIT})
DAILY_DIGEST = "Daily Digest"  # not an event of the table: channels opt in with their Daily Digest box
TEST_MESSAGE = "Test Message"
