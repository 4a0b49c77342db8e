"""The admin toolkit every module admin is built from.

base (ModuleAdmin, ReadOnlyInline), changelist (tuning for big tables), workflows (actions and forms that
run services), export (CSV/Excel), input_guards (malformed input), history (audit log per record),
landing (the "needs attention" page), contributions (what one app adds to another app's admin).
"""
