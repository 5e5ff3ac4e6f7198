"""One module per ERPNext doctype neiqin listens to, listing every neiqin step (all
capabilities) that runs on it, in the order they run: `STEPS = {event: [step, …]}`.

hooks.py's `doc_events` point each event the module lists at its `run(doc, method)`, which runs
that event's steps in order (`steps.run`; frappe passes the event as `method`). A step is a
`(doc, method=None)` function of its capability; adding one is one line in the module's `STEPS`
(and, for an event the module did not list yet, one line in hooks.py —
`tests/integration/test_overrides.py` holds the two together).

`every_doctype.py` holds the steps that run on every doctype (the review gate, hooks.py's "*");
it leaves a step to the doctype's own module when that module lists it, so it runs once and
in the place the module shows.
"""
