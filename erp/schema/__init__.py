"""Schema comparison: introspect a live and a shadow database the same way, diff, classify (see diff.py)."""
