"""Dual review (双人或多人复核): N distinct reviewers, bound to content, before any submit.

Where things are:
- quorum.py, fingerprint.py, check_logic.py — the rules, pure Python (tests/unit);
- rules.py (which rules govern a document, who may review), content.py (a document's
  reviewed content and its hash), status.py (ReviewStatus: the one answer to "may this be
  submitted?" shared by the gate, the API, the form and the reports);
- gate.py — doc_events "*" (void outdated reviews on save, refuse submit in before_submit
  and on_submit); service.py — recording a decision; api.py — whitelisted API;
- checks/ — automatic checks, registered through the `neiqin_review_checks` hook;
- notify.py — Notification Log for reviewers and owners; awaiting.py — "Awaiting My Review";
- setup.py — install step: disabled example rules; js/review_panel.js — the form panel.
"""
