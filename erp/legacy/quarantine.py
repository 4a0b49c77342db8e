"""Setting conflicting legacy values aside, and putting them back.

A value is never dropped: its table, primary key, column and original text go into QuarantinedValue in
the same transaction as the UPDATE that replaces it, so an interruption leaves both or neither.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from erp.legacy.conflicts import Conflict
from erp.legacy.plan import qn
from erp.legacy.times import field_value

CHUNK = 1000


def quarantine_conflicts(*, conflicts: list[Conflict], run_id: str, using: str = "default",
                         spelling: bool = False) -> int:
    """Replace every resolvable conflicting value and record it; return the number of values set aside.
    Choices spelled in another case are converted only when `spelling` (after the column's type change)."""
    from erp.models import QuarantinedValue

    conn = connections[using]
    claimed: set[tuple[str, str, object]] = set()
    total = 0
    for conflict in conflicts:
        if conflict.spelling != spelling:
            continue
        if conflict.resolution == "chosen":
            total += _write_chosen(conflict, run_id=run_id, using=using)
            continue
        if not conflict.resolvable or conflict.resolution not in ("", "value"):
            continue
        rows = [(pk, orig) for pk, orig in conflict.rows if (conflict.table, conflict.column, pk) not in claimed]
        claimed.update((conflict.table, conflict.column, pk) for pk, _ in rows)
        if conflict.keep:
            # Kept as it is (no acceptable replacement): recorded for review only, once. The value is still
            # there after an interrupted run, so the re-run finds it again: its entry is already recorded.
            recorded = set(QuarantinedValue.objects.using(using).filter(
                table_name=conflict.table, column_name=conflict.column, reason=conflict.reason, restorable=False,
            ).values_list("row_pk", flat=True))
            rows = [(pk, orig) for pk, orig in rows if str(pk) not in recorded]
            QuarantinedValue.objects.using(using).bulk_create(
                QuarantinedValue(
                    table_name=conflict.table, column_name=conflict.column, row_pk=str(pk), reason=conflict.reason,
                    detail=conflict.detail + "; kept as it is: the field allows neither NULL nor a default, "
                                             "correct the record", original_value=orig, replacement_value=orig,
                    restorable=False, adoption_run=run_id)
                for pk, orig in rows)
            total += len(rows)
            continue
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            with transaction.atomic(using=using):
                QuarantinedValue.objects.using(using).bulk_create(
                    QuarantinedValue(
                        table_name=conflict.table, column_name=conflict.column, row_pk=str(pk),
                        reason=conflict.reason, detail=conflict.detail, original_value=orig,
                        replacement_value=None if conflict.replacement is None else str(conflict.replacement),
                        adoption_run=run_id,
                    )
                    for pk, orig in chunk
                )
                placeholders = ", ".join(["%s"] * len(chunk))
                keep = "".join(f", {qn(c)} = {qn(c)}" for c in conflict.preserve)
                with conn.cursor() as cur:
                    cur.execute(
                        f"UPDATE {qn(conflict.table)} SET {qn(conflict.column)} = %s{keep} "
                        f"WHERE {qn(conflict.pk_column)} IN ({placeholders})",
                        [conflict.replacement, *[pk for pk, _ in chunk]],
                    )
            total += len(chunk)
    return total


def _write_chosen(conflict: Conflict, *, run_id: str, using: str) -> int:
    """The operator's replacements (resolutions file), each recorded with its original in the quarantine."""
    from erp.models import QuarantinedValue

    conn = connections[using]
    keep = "".join(f", {qn(c)} = {qn(c)}" for c in conflict.preserve)
    with transaction.atomic(using=using):
        for pk, orig in conflict.rows:
            value = conflict.chosen[str(pk)]
            QuarantinedValue.objects.using(using).create(
                table_name=conflict.table, column_name=conflict.column, row_pk=str(pk), reason=conflict.reason,
                detail=conflict.detail + ("; converted to the model's spelling" if conflict.spelling else
                                          "; replaced by the value the operator chose (resolutions file)"),
                original_value=orig, replacement_value=None if value is None else str(value), adoption_run=run_id)
            with conn.cursor() as cur:
                cur.execute(f"UPDATE {qn(conflict.table)} SET {qn(conflict.column)} = %s{keep} "
                            f"WHERE {qn(conflict.pk_column)} = %s", [value, pk])
    return len(conflict.rows)


def model_field(table: str, column: str):
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            for f in model._meta.concrete_fields:
                if f.column == column:
                    return model, f
    return None, None


def quarantined_value_restore(*, record, restored_by: str, using: str = "default") -> tuple[bool, str]:
    """Write a quarantined value back where it came from, when the current schema and data allow it.

    Refused (and nothing changed) when the value was restored already, is a review-only record, would
    break the field's rules (choices, length, a reference to a row that still does not exist), when the
    row was edited after the value was set aside (its `updated_at`, on tables that have one), or when the
    column no longer holds the replacement adoption wrote (every table).
    """
    if record.restored_at is not None:
        return False, "already restored"
    if not record.restorable:
        return False, "recorded for review only: there is nothing to put back"
    model, f = model_field(record.table_name, record.column_name)
    value = record.original_value
    if f is not None and value is not None:
        try:
            value = field_value(f, value, using=using)
            if f.is_relation:
                target = f.target_field
                if not target.model._default_manager.using(using).filter(**{target.attname: value}).exists():
                    return False, f"{target.model._meta.db_table} has no row {value}: the reference still dangles"
            else:
                f.clean(value, None)
            value = f.get_db_prep_save(value, connections[using])
        except ValidationError as exc:
            return False, "the original value is not valid for the field: " + " ".join(exc.messages)
    pk_column = model._meta.pk.column if model is not None else "id"
    edited = _edited_since(model, record, using)
    if edited is not None:
        return False, f"the row was edited since adoption set the value aside (updated at {edited})"
    keep = "".join(f", {qn(c)} = {qn(c)}" for c in _on_update_columns(record.table_name, using)
                   if c != record.column_name)
    try:
        with transaction.atomic(using=using):
            with connections[using].cursor() as cur:
                cur.execute(
                    f"UPDATE {qn(record.table_name)} SET {qn(record.column_name)} = %s{keep} "
                    f"WHERE {qn(pk_column)} = %s AND (({qn(record.column_name)} IS NULL AND %s IS NULL) "
                    f"OR CAST({qn(record.column_name)} AS CHAR) = CAST(%s AS CHAR))",
                    [value, record.row_pk, record.replacement_value, record.replacement_value],
                )
                if cur.rowcount != 1:
                    return False, "the row no longer holds the value adoption wrote (edited since?), or is gone"
            record.restored_at = timezone.now()
            record.restored_by = restored_by
            record.restore_note = f"restored {record.original_value!r}"
            record.save(update_fields=["restored_at", "restored_by", "restore_note"])
    except DatabaseError as exc:
        return False, f"the database refused it: {exc}"
    return True, "restored"


def _edited_since(model, record, using: str):
    """When the row's `updated_at` (auto_now) is later than the quarantine record: the row was edited since."""
    if model is None:
        return None
    try:
        stamp = model._meta.get_field("updated_at")
    except Exception:
        return None
    if not getattr(stamp, "auto_now", False):
        return None
    row = model._default_manager.using(using).filter(pk=record.row_pk).values_list("updated_at", flat=True).first()
    return row if row is not None and row > record.quarantined_at else None


def _on_update_columns(table: str, using: str) -> list[str]:
    """Legacy ON UPDATE CURRENT_TIMESTAMP columns: a restore must not bump them."""
    conn = connections[using]
    if conn.vendor != "mysql":
        return []
    with conn.cursor() as cur:
        cur.execute("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                    "AND TABLE_NAME = %s AND EXTRA LIKE %s", [table, "%on update%"])
        return [r[0] for r in cur.fetchall()]
