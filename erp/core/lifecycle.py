"""Closed records: a record its process has closed (a paid payroll, a delivered order, a written gate log)
is read-only for everyone and undeletable for everyone but a superuser.

A model declares once which of its states close it: `lifecycle = Lifecycle(closed={...}, correction="...")`
and inherits `ClosedRecordGuard`. The guard refuses, on every save and delete wherever they come from
(services, admin, shell), a change to a row whose *stored* state is closed; the admin toolkit reads the same
declaration to show closed records read-only and to offer deletion to superusers only. A correction is an
explicit reversing step that leaves history (a refund, a cancellation, a corrective log entry), never an edit.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete

from erp.core import wording
from erp.core.transitions import state_label

_deletion_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("closed_deletion_allowed", default=False)


@contextlib.contextmanager
def superuser_deletion() -> Iterator[None]:
    """Inside this block closed records may be deleted: the admin opens it for a superuser only."""
    token = _deletion_allowed.set(True)
    try:
        yield
    finally:
        _deletion_allowed.reset(token)


class Lifecycle:
    """Which states of a model close its records.

    closed: the closing values of `field`; `always=True` where a record is closed as soon as it is written
    (a gate log). still_settable: fields a later step may still set on a closed record through
    `save(update_fields=...)` (an order's payment status after a refund). correction: what to do instead,
    said to the person who tried.
    """

    def __init__(self, *, closed: Iterable[str] = (), field: str = "status", always: bool = False,
                 still_settable: Iterable[str] = (), correction: str = "",
                 describe: Callable[[models.Model], str] | None = None):
        self.closed = frozenset(closed)
        self.field = field
        self.always = always
        self.still_settable = frozenset(still_settable) | {"updated_at"}
        self.correction = correction
        self.describe = describe

    def state_is_closed(self, state) -> bool:
        return self.always or state in self.closed

    def is_closed(self, obj: models.Model) -> bool:
        """As the object holds it (the admin's view of the row it just read)."""
        return obj.pk is not None and self.state_is_closed(getattr(obj, self.field, None))

    def _name(self, obj: models.Model) -> str:
        return self.describe(obj) if self.describe else wording.record_name(obj)

    def refusal(self, obj: models.Model, *, deleting: bool = False, state=None) -> ValidationError:
        """The refusal, naming the record and the (stored) state that closed it."""
        what = "deleted (only a superuser may delete it)" if deleting else "changed"
        if self.always:
            why = "it is a written record"
        else:
            choices = dict(obj._meta.get_field(self.field).flatchoices)
            label = choices.get(state, state) if state is not None else state_label(obj, self.field)
            why = f"it is {str(label).lower()}"
        text = f"{self._name(obj)} cannot be {what}: {why}."
        if self.correction:
            text += f" {self.correction}"
        return ValidationError(text, code="closed_record")


class ClosedRecordGuard:
    """Model mixin: a save or delete of a row whose stored state is closed is refused (ValidationError).

    Saving with `update_fields` limited to the lifecycle's `still_settable` fields stays allowed.
    """

    lifecycle: Lifecycle

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Also on QuerySet.delete(): Django sends pre_delete for each row of a model with a receiver.
        pre_delete.connect(_refuse_closed_deletion, sender=cls,
                           dispatch_uid=f"closed_deletion_{cls.__module__}.{cls.__qualname__}")

    def _stored_state(self):
        lifecycle = type(self).lifecycle
        return (type(self)._base_manager.using(self._state.db or "default").filter(pk=self.pk)
                .values_list(lifecycle.field, flat=True).first())

    def save(self, *args, **kwargs):
        lifecycle = type(self).lifecycle
        if self.pk is not None and not self._state.adding:
            update_fields = kwargs.get("update_fields")
            settable = update_fields is not None and set(update_fields) <= lifecycle.still_settable
            if not settable:
                stored = self._stored_state()
                if stored is not None and lifecycle.state_is_closed(stored):
                    raise lifecycle.refusal(self, state=stored)
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # Checked before Django collects related rows, so the refusal comes first and inside no transaction.
        _refuse_closed_deletion(type(self), self)
        return super().delete(*args, **kwargs)


def _refuse_closed_deletion(sender, instance, **kwargs) -> None:
    lifecycle = sender.lifecycle
    if _deletion_allowed.get():
        return
    stored = instance._stored_state()
    if stored is not None and lifecycle.state_is_closed(stored):
        raise lifecycle.refusal(instance, deleting=True, state=stored)

