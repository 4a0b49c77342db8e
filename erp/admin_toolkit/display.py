"""Codes shown as words: legacy free-text fields that hold codes (`spare_part`, `portal`) read as labels.

Fields with choices show their labels already; these fields have none (their values are open-ended,
site by site), so a value that is a code (lower-case words joined by `_`) is shown as words ("Spare
part"), in the changelist's column (`coded`) and in its filter (`CodeValuesFilter`). Anything else is
shown as stored.
"""

from __future__ import annotations

import re

from django.contrib import admin
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
