"""Seeding: generates every module's demo rows and writes them in bulk, deferring big tables' indexes."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connections

from erp.core.database import estimated_table_rows
from erp.demo_data.generators import DemoRows
from erp.demo_data.indexes import IndexBuilder, deferrable_indexes, drop_indexes, restore_deferred_indexes
from erp.demo_data.writer import Progress, TableWriter
from erp.migration_safety.pending import nothing_to_apply


def _numbered(rows: Iterable[tuple], first: int) -> Iterator[tuple]:
    for pk, row in enumerate(rows, first):
        yield (pk, *row)


@dataclass(eq=False)
class Seeder(DemoRows):
    """Generates and writes every module's demo rows for one plan, keys starting after existing ones."""

    alias: str = "default"
    progress: Progress | None = None
    counts: dict[str, int] = field(default_factory=dict)
    # MySQL/MariaDB: "auto" drops a big table's plain secondary indexes for its load and builds them
    # afterwards in one ALTER TABLE; "always" does it for every table; "never" keeps them.
    defer_indexes: str = "auto"
    # MySQL/MariaDB: unique_checks and foreign_key_checks off for the load. Only for a database without
    # business rows, where the generated rows are consistent by construction (the command decides).
    relax_checks: bool = False
    # {label: (seconds loading, seconds building deferred indexes)}
    seconds: dict[str, tuple[float, float]] = field(default_factory=dict)
    deferred: dict[str, list[str]] = field(default_factory=dict)

    index_wait: float = 0.0  # seconds waiting at the end for index builds still running

    # A table gets its indexes deferred ("auto") when it receives at least this many rows, more than it holds.
    defer_min_rows = 100_000

    def restore_indexes(self) -> dict[str, list[str]]:
        """Build the deferrable indexes a killed run left dropped (MySQL/MariaDB); {label: index names}."""
        return restore_deferred_indexes(self.alias, self.planned_counts())

    def _open_loader(self):
        """A second connection that may send LOAD DATA LOCAL INFILE, or None when the server refuses it."""
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute("SELECT @@local_infile")
            if not int(cursor.fetchone()[0] or 0):
                return None
        return connection.get_new_connection({**connection.get_connection_params(), "local_infile": True})

    def _indexes_to_defer(self, model, planned: int) -> list:
        if self.defer_indexes == "never":
            return []
        indexes = deferrable_indexes(model)
        if self.defer_indexes == "auto" and indexes:
            existing = estimated_table_rows(model._default_manager.using(self.alias)) or 0
            if planned < self.defer_min_rows or planned <= existing:
                return []
        return indexes

    def continue_keys(self) -> None:
        """New rows' keys start after the largest existing key of each table (matters with --append)."""
        from django.db.models import Max

        for label in self.planned_counts():
            top = self.model(label)._default_manager.using(self.alias).aggregate(top=Max("pk"))["top"]
            self.start_ids[label] = (top or 0) + 1

    def run(self) -> dict[str, int]:
        if not self.start_ids:
            self.continue_keys()
        self.progress = self.progress or Progress(self.planned_rows(), enabled=False)
        steps = self.tables()
        connection = connections[self.alias]
        mysql = connection.vendor == "mysql"
        planned = self.planned_counts()
        # Inside a transaction (a caller's atomic block, a test) everything goes through this connection
        # and stays in that transaction: no second connection, no DDL (MySQL would commit it).
        standalone = mysql and not connection.in_atomic_block
        may_defer = standalone and self.defer_indexes != "never" and nothing_to_apply(connection)
        loader = self._open_loader() if standalone else None
        builder = IndexBuilder(self.alias) if may_defer else None
        connection.ensure_connection()
        if mysql and self.relax_checks:
            for raw in filter(None, (connection.connection, loader)):
                raw.cursor().execute("SET SESSION unique_checks = 0, foreign_key_checks = 0")
        try:
            for label, fields, generator in steps:
                model = self.model(label)
                rows = generator()
                if "id" not in fields:
                    # Keys given here rather than by AUTO_INCREMENT, which LOAD DATA would leave gaps in.
                    fields, rows = ["id", *fields], _numbered(rows, self.first_id(label))
                names = [model._meta.get_field(f).attname for f in fields]
                started = time.perf_counter()
                deferred = self._indexes_to_defer(model, planned[label]) if may_defer else []
                # Dropped here and built by the builder thread once the table is loaded (while the next
                # table loads); a run killed in between leaves them to the next run's restore_indexes(),
                # which seed_demo calls first thing.
                drop_indexes(connection, model, deferred)
                try:
                    writer = TableWriter(self.alias, model, names, self.progress, loader=loader)
                    self.counts[label] = writer.write(rows)
                finally:
                    if deferred:
                        builder.submit(label, model, deferred)
                        self.deferred[label] = [index.name for index in deferred]
                self.seconds[label] = (time.perf_counter() - started, 0.0)
            if builder:
                waited = time.perf_counter()
                builder.finish()
                self.index_wait = time.perf_counter() - waited
                for label, took in builder.seconds.items():
                    self.seconds[label] = (self.seconds[label][0], took)
        finally:
            if builder:
                builder.finish(raise_errors=False)
            if loader is not None:
                loader.close()
            if mysql and self.relax_checks and connection.connection is not None:
                connection.connection.cursor().execute("SET SESSION unique_checks = 1, foreign_key_checks = 1")
        self.progress.close()
        return self.counts
