"""JSON kept in text columns (legacy `extra_materials`, `split_payment_details`, ...): read with bounds, so input
that cannot be stored or read back gets a field error, never a server error (a deeply nested array made the
parser recurse until Python gave up)."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError

MAX_CHARS = 20_000
MAX_DEPTH = 5  # a list of items, each an object whose values may be lists or objects: 3 is plenty


def check_json_text(text: str | None, *, field: str, example: str) -> None:
    """Refuse (a field error) text that is not JSON, longer than MAX_CHARS or nested deeper than MAX_DEPTH."""
    if text in (None, ""):
        return
    if len(text) > MAX_CHARS:
        raise ValidationError({field: f"This is {len(text):,} characters long; at most {MAX_CHARS:,} are kept."})
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise ValidationError({field: f"This is nested {depth} levels deep; at most {MAX_DEPTH} levels are kept, "
                                      f"for example {example}."})
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError({field: f"This must be valid JSON, for example {example}."}) from None


def nesting_depth(text: str) -> int:
    """How deep brackets nest in `text`, counted before parsing (brackets outside strings): json.loads
    recurses once per level, and a few thousand levels make Python give up (RecursionError)."""
    opened, depth = 0, 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            opened += 1
            depth = max(depth, opened)
        elif char in "]}":
            opened -= 1
    return depth


class BoundedJSONFormField(forms.JSONField):
    """Django's JSON form field (a model JSONField's, e.g. in the admin), with a field error instead of a
    server error for JSON nested deeper than `max_depth`, when cleaned and when shown again."""

    def __init__(self, *args, max_depth: int = MAX_DEPTH, **kwargs):
        self.max_depth = max_depth
        super().__init__(*args, **kwargs)

    def _too_deep(self, value) -> bool:
        return isinstance(value, str) and nesting_depth(value) > self.max_depth

    def to_python(self, value):
        if self._too_deep(value):
            raise ValidationError(f"This is nested more than {self.max_depth} levels deep.", code="invalid")
        return super().to_python(value)

    def bound_data(self, data, initial):
        if not self.disabled and self._too_deep(data):
            return forms.fields.InvalidJSONInput(data)
        return super().bound_data(data, initial)
