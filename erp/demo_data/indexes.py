"""Index handling of a bulk load (MySQL/MariaDB): plain secondary indexes dropped for the load and built after it.

A run killed in between leaves them missing; `restore_deferred_indexes` builds them again first thing.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable

from django.apps import apps
from django.db import connections

from erp.migration_safety.pending import nothing_to_apply


def deferrable_indexes(model) -> list:
    """The model's plain secondary indexes that a bulk load may drop and build afterwards.

    Only `Meta.indexes` entries (named, non-unique, on plain columns, no condition): unique keys stay,
    so do the indexes a foreign key needs (any index that leads with a relation's column).
    """
    out = []
    for index in model._meta.indexes:
        if index.contains_expressions or index.condition is not None or index.include or index.opclasses:
            continue
        if model._meta.get_field(index.fields_orders[0][0]).is_relation:
            continue
        out.append(index)
    return out


def _index_clause(connection, model, index) -> str:
    qn = connection.ops.quote_name
    columns = ", ".join(qn(model._meta.get_field(name).column) + (f" {order}" if order else "")
                        for name, order in index.fields_orders)
    return f"ADD INDEX {qn(index.name)} ({columns})"


def existing_index_names(connection, table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS "
                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s", [table])
        return {name for (name,) in cursor.fetchall()}


def add_indexes(connection, model, indexes: list) -> None:
    """All the given indexes in one ALTER TABLE: InnoDB reads the table once and builds each by sorting."""
    if indexes:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {connection.ops.quote_name(model._meta.db_table)} "
                           + ", ".join(_index_clause(connection, model, index) for index in indexes))


def drop_indexes(connection, model, indexes: list) -> None:
    if indexes:
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {qn(model._meta.db_table)} "
                           + ", ".join(f"DROP INDEX {qn(index.name)}" for index in indexes))


def missing_deferrable_indexes(connection, model) -> list:
    present = existing_index_names(connection, model._meta.db_table)
    return [index for index in deferrable_indexes(model) if index.name not in present]


def restore_deferred_indexes(alias: str, labels: Iterable[str]) -> dict[str, list[str]]:
    """Build the deferrable indexes that are missing, as a killed seed_demo leaves them; {label: names}.

    Only on MySQL/MariaDB and only when every migration is applied, so what is built is what the
    migrations declare (an index still to be added by a pending migration is left to `migrate`).
    """
    connection = connections[alias]
    if connection.vendor != "mysql" or not nothing_to_apply(connection):
        return {}
    restored = {}
    for label in labels:
        model = apps.get_model(label)
        missing = missing_deferrable_indexes(connection, model)
        if missing:
            add_indexes(connection, model, missing)
            restored[label] = [index.name for index in missing]
    return restored


class IndexBuilder:
    """Builds deferred indexes one table after another on its own connection, while the next table loads."""

    def __init__(self, alias: str):
        self.alias = alias
        self.jobs: queue.Queue = queue.Queue()
        self.seconds: dict[str, float] = {}
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._run, name="seed-indexes", daemon=True)
        self.thread.start()

    def submit(self, label: str, model, indexes: list) -> None:
        self.jobs.put((label, model, indexes))

    def _run(self) -> None:
        connection = connections[self.alias]  # this thread's own connection
        try:
            while (job := self.jobs.get()) is not None:
                label, model, indexes = job
                started = time.perf_counter()
                try:
                    add_indexes(connection, model, indexes)
                except BaseException as exc:  # raised by finish(); the next run's restore builds what is missing
                    self.errors.append(exc)
                self.seconds[label] = time.perf_counter() - started
        finally:
            connection.close()

    def finish(self, raise_errors: bool = True) -> None:
        if self.thread.is_alive():
            self.jobs.put(None)
            self.thread.join()
        if raise_errors and self.errors:
            raise self.errors[0]

