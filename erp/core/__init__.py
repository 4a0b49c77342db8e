"""The lowest layer: field shapes, state transitions and database helpers that every module app may use.

It imports no module app (checked by import-linter, see .importlinter).
"""
