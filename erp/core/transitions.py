"""State transitions of the module workflows: the one helper every service uses to change a record's state.

Each service module declares its table once, `Transitions({current state: allowed next states}, ...)`.
A workflow step locks the row (`locked`), checks what it must, then moves it (`Transitions.move`): an
illegal step is refused with a message naming the state, and the row is validated (`full_clean`) on the
fields the step changes before it is saved (`clean_changed`). The admin glue that runs the services is
`erp.admin_toolkit.workflows`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models

from erp.core import wording

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
    its own way (`subject`, e.g. `str` where the name says what the record is), "<subject> cannot be <verb>: it is
    <state>." (the verb then in the past participle: "released").
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
        elif wording.names_itself(obj):  # "Cannot complete interview of Asha Rao, 2 Mar 2026: it is Cancelled."
            message = f"Cannot {verb} {wording.lower_first(str(obj))}: it is {state}."
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
        clean_changed(obj, subject=self.subject(obj) if self.subject else None)
        obj.save()
        return obj


def changed_fields(obj: models.Model) -> set[str] | None:
    """The names of `obj`'s concrete fields whose value differs from its row; None for a new row."""
    if obj.pk is None:
        return None
    fields = [f for f in obj._meta.concrete_fields if not f.primary_key]
    row = type(obj)._base_manager.using(obj._state.db).filter(pk=obj.pk).values(*[f.attname for f in fields]).first()
    if row is None:
        return None
    return {f.name for f in fields if getattr(obj, f.attname) != row[f.attname]}


def clean_changed(obj: models.Model, *, subject: str | None = None, exclude: Iterable[str] = ()) -> None:
    """Validate `obj` before a workflow step saves it, on the fields the step changes only.

    Legacy rows hold values today's validators refuse (an e-mail address with an accented letter): a step
    that does not change such a field must not fail on it. A refusal names the record, the field and the
    value ("Dispatch #3 cannot be saved: party email 'x': Enter a valid email address.").
    `exclude`: fields not validated at all (on a new row too), e.g. values copied from another record.
    """
    try:
        obj.full_clean(exclude=list(exclude) or None)
    except ValidationError as exc:
        changed = changed_fields(obj)
        if changed is not None and hasattr(exc, "error_dict"):
            # Errors of fields the step does not change are legacy's, not the step's: ignored. Rules over
            # several fields (constraints, `clean`) come as non-field errors and are kept.
            kept = {name: errors for name, errors in exc.error_dict.items()
                    if name == NON_FIELD_ERRORS or name in changed}
            if not kept:
                return
            exc = ValidationError(kept)
        raise ValidationError(save_refusal(obj, exc, subject=subject)) from exc


def save_refusal(obj: models.Model, exc: ValidationError, *, subject: str | None = None) -> list[str]:
    """One line per refused field: the record, the field (as the admin labels it) and the value."""
    who = subject or wording.record_name(obj)
    if not hasattr(exc, "error_dict"):
        return [f"{who} cannot be saved: {' '.join(exc.messages)}"]
    lines = []
    for name, errors in exc.message_dict.items():
        text = " ".join(errors)
        if name == NON_FIELD_ERRORS:
            lines.append(f"{who} cannot be saved: {text}")
            continue
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            lines.append(f"{who} cannot be saved: {name}: {text}")
            continue
        value = getattr(obj, field.attname, None)
        lines.append(f"{who} cannot be saved: {field.verbose_name} ({field.name}) {value!r}: {text}")
    return lines
