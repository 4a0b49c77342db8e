"""The admin toolkit every module admin is built from.

base (ModuleAdmin, ReadOnlyInline, ReadOnlyRecordAdmin), changelist (tuning for big tables), display (codes as
words, status badges), workflows (actions and forms that run services), record_steps (a record's status bar and
step buttons), closed_records (closed records read-only), export (CSV/Excel), documents (printed documents and
their PDFs), input_guards (malformed input), history (audit log per record), landing and charts (the "needs
attention" page and its charts, with its template tags), phone_screen (the gate's screens for phones),
contributions (what one app adds to another app's admin). Its templates are in templates/, its stylesheets and
scripts in static/erp/.
"""
