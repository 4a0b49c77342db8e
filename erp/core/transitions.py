"""State transitions of the module workflows: the one helper every service uses to change a record's state.

Each service module declares its table once, `Transitions({current state: allowed next states}, ...)`.
A workflow step locks the row (`locked`), checks what it must, then moves it (`Transitions.move`): an
illegal step is refused with a message naming the state, and the row is validated (`full_clean`) before
it is saved. The admin glue that runs the services is `erp.admin_toolkit.workflows`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models

Row = TypeVar("Row", bound=models.Model)


def state_label(obj: models.Model, field: str = "status") -> str:
    display = getattr(obj, f"get_{field}_display", None)
    return str(display()) if display else str(getattr(obj, field))


def locked(obj: Row, *, related: Iterable[str] = ()) -> Row:
    """`obj`'s row read again and locked (SELECT ... FOR UPDATE) until the transaction ends.

    Call it inside `transaction.atomic()`: two clerks acting on the same row are then serialised, and
    the second one sees the state the first one left.
    """
    rows = type(obj)._default_manager.select_for_update()
    if related:
        rows = rows.select_related(*related)
    return rows.get(pk=obj.pk)


class Transitions:
    """The allowed steps of one workflow: {current state: states it may move to}, on one field.

    Refusals read "Cannot <verb> <model> “<obj>”: it is <state>.", or, where a module names its records
    its own way (`subject`, e.g. `lambda d: f"Dispatch #{d.pk}"`), "<subject> cannot be <verb>: it is <state>.".
    """

    def __init__(self, allowed: Mapping[str, Iterable[str]], *, field: str = "status",
                 subject: Callable[[models.Model], str] | None = None):
        self.allowed = {state: frozenset(targets) for state, targets in allowed.items()}
        self.field = field
        self.subject = subject

    def allows(self, current: str, target: str) -> bool:
        return target in self.allowed.get(current, ())

    def check(self, obj: models.Model, *, to: str, verb: str) -> None:
        """Refuse (ValidationError) moving `obj` to `to` unless the table allows it from its current state."""
        if self.allows(getattr(obj, self.field), to):
            return
        state = state_label(obj, self.field)
        if self.subject is not None:
            message = f"{self.subject(obj)} cannot be {verb}: it is {state.lower()}."
        else:
            message = f"Cannot {verb} {obj._meta.verbose_name} “{obj}”: it is {state}."
        raise ValidationError(message, code="illegal_transition")

    def move(self, obj: Row, *, to: str, verb: str, checked: bool = False, **changes) -> Row:
        """Move `obj` to `to` (refused unless allowed), set `changes`, validate and save it.

        `checked=True` where the caller already called `check` to run checks of its own in between.
        Lock the row first (`locked`), inside the workflow step's transaction.
        """
        if not checked:
            self.check(obj, to=to, verb=verb)
        setattr(obj, self.field, to)
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        return obj
