"""The lowest layer: field shapes, state transitions and database helpers that every module app may use.

fields and constraints (field shapes, a case-blind unique constraint), transitions (the one workflow helper:
locked rows, allowed steps), lifecycle and duties (closed records, segregation of duties), plausible (date
windows), json_text (bounded JSON in text columns), wording (how records and dates read), database (questions
asked of the server, such as estimated row counts), client_address and log_filters (for the project wiring).

It imports no module app and nothing else of erp (checked by import-linter, see .importlinter).
"""
