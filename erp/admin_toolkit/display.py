"""Codes shown as words: legacy free-text fields that hold codes (`spare_part`, `portal`) read as labels.

Fields with choices show their labels already; these fields have none (their values are open-ended,
site by site), so a value that is a code (lower-case words joined by `_`) is shown as words ("Spare
part"), in the changelist's column (`coded`) and in its filter (`CodeValuesFilter`). Anything else is
shown as stored.
"""

from __future__ import annotations

import re

from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import capfirst

CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def code_label(value):
    """'spare_part' -> 'Spare part'; anything that is not a code is returned as it is."""
    if isinstance(value, str) and CODE.fullmatch(value):
        return capfirst(value.replace("_", " "))
    return value


def coded(field: str, description: str | None = None):
    """A changelist column showing `field`'s code as words, sorted by the stored value."""

    @admin.display(description=description or capfirst(field.replace("_", " ")), ordering=field)
    def show(obj):
        return code_label(getattr(obj, field))

    show.__name__ = f"{field}_label"
    return show


class CodeValuesFilter(admin.AllValuesFieldListFilter):
    """The values of a field without choices, each shown as words: `list_filter = [("category", CodeValuesFilter)]`."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": code_label(choice["display"])}


# ------------------------------------------------------------------------------------------ status badges
#
# A list's status reads at a glance as a coloured badge (issue 14, item 4). The colour says what the
# status means for the clerk, not which status it is: done, waiting, stopped, in progress, or neutral.
# The styles are in erp/admin_toolkit/static/erp/lists.css (a stylesheet, not inline: the Content-Security-Policy
# forbids inline styles), which ModuleAdmin's Media loads on its lists and records.

TONES = {
    "done": {"active", "approved", "available", "completed", "confirmed", "delivered", "paid", "full_payment",
             "present", "received", "released", "sold", "verified", "returned", "checked_out", "exited",
             "hired", "accepted", "selected", "open", "processed"},
    "waiting": {"pending", "partial", "scheduled", "assigned", "assigned_transport", "customer_details_required",
                "ordered", "reserved", "ready_for_pickup", "cooling", "half_day", "late", "draft", "on_leave",
                "requested", "shortlisted", "applied", "screening", "interview"},
    "moving": {"in_transit", "dispatched", "inside", "checked_in", "out", "on_trip", "in_progress"},
    "stopped": {"cancelled", "rejected", "blocked", "absent", "inactive", "terminated", "maintenance",
                "out_of_service", "refunded", "full", "closed", "failed", "resigned", "unpaid", "overdue",
                "expired", "suspended"},
}
TONE_OF = {value: tone for tone, values in TONES.items() for value in values}


def badge_html(value, label):
    """A status value as a badge: `<span class="status-badge tone-done">Paid</span>`."""
    tone = TONE_OF.get(str(value).lower(), "neutral") if value not in (None, "") else "neutral"
    return format_html('<span class="status-badge tone-{}">{}</span>', tone, label if label not in (None, "") else "-")


def status_badge(field: str = "status", description: str | None = None):
    """A changelist column showing `field` (a choice) as a coloured badge, sorted by the stored value.

    `field_name` names the field it shows: exports write the plain label instead of the badge."""

    def show(obj):
        value = getattr(obj, field)
        label = getattr(obj, f"get_{field}_display", lambda: code_label(value))()
        return badge_html(value, label)

    show.__name__ = f"{field}_badge"
    show.field_name = field
    return admin.display(description=description or capfirst(field.replace("_", " ")), ordering=field)(show)
