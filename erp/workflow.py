"""State transitions for the module workflows (the admin glue that runs them is `erp.admin_workflows`).

Each model keeps a small explicit table {current state: allowed next states}; services call
`require_transition` before changing state, so an illegal step is refused with a message naming the state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import models

Transitions = Mapping[str, Iterable[str]]


def state_label(obj: models.Model, field: str = "status") -> str:
    display = getattr(obj, f"get_{field}_display", None)
    return str(display()) if display else str(getattr(obj, field))


def require_transition(*, obj: models.Model, target: str, table: Transitions, verb: str,
                       field: str = "status", refusal: str | None = None) -> None:
    """Refuse moving `obj` to `target` unless the table allows it from its current state.

    `refusal` replaces the default message where a module words its refusals its own way.
    """
    current = getattr(obj, field)
    if target not in table.get(current, ()):
        raise ValidationError(
            refusal or f"Cannot {verb} {obj._meta.verbose_name} “{obj}”: it is {state_label(obj, field)}.",
            code="illegal_transition",
        )
