"""The yearly IT plan: assembly from the records, versions and approval, follow-up, and its documents.

`services` (writes), `selectors` (reads; `itplan_document` feeds every format), `exports` (PDF, XLSX,
CSV, JSON), `workflows` (the transition table), `tasks` (large documents in the background).
"""
