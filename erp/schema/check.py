"""`schemacheck` as a function: does the live database match what its applied migrations build?

Read-only on the live database. Used by the `schemacheck` command and by tests (crash tests compare
a database after an interrupted migrate with a fresh one through `check_schema`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connections
from django.db.migrations.loader import MigrationLoader

from erp.migration_safety.checksums import edited_migrations
from erp.migration_safety.fast_path import MACHINERY_TABLES
from erp.schema.diff import DRIFT, HARMLESS, INFO, KINDS, Difference, compare
from erp.schema.introspection import introspect
from erp.schema.shadow import migrate_targets, shadow_database


@dataclass
class SchemaCheck:
    database: str
    vendor: str
    differences: list[Difference] = field(default_factory=list)
    applied: list[tuple[str, str]] = field(default_factory=list)
    pending: list[tuple[str, str]] = field(default_factory=list)
    # Migrations whose file changed after they were applied (erp.migration_safety.checksums); drift.
    edited: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def drift(self) -> list[Difference]:
        return [d for d in self.differences if d.severity == DRIFT]

    @property
    def ok(self) -> bool:
        return not self.drift and not self.edited

    def as_dict(self) -> dict:
        return {
            "database": self.database,
            "vendor": self.vendor,
            "ok": self.ok,
            "counts": {s: sum(1 for d in self.differences if d.severity == s) for s in (DRIFT, HARMLESS, INFO)},
            "differences": [d.as_dict() for d in self.differences],
            "edited_migrations": self.edited,
            "applied_migrations": len(self.applied),
            "pending_migrations": [f"{a}.{n}" for a, n in self.pending],
            "notes": self.notes,
            "kinds": {k: {"severity": s, "description": d} for k, (s, d) in KINDS.items()},
        }

    def render(self) -> str:
        lines = [f"Schema check of {self.vendor} database {self.database}: "
                 + ("matches the applied migrations." if self.ok else "DRIFT found.")]
        lines += [f"  note: {n}" for n in self.notes]
        for severity, title in ((DRIFT, "Drift (the models rely on this)"),
                                (HARMLESS, "Harmless (legacy leftovers, left as they are)"),
                                (INFO, "Information (not managed by the ERP, untouched)")):
            items = [d for d in self.differences if d.severity == severity]
            if not items:
                continue
            lines.append(f"{title}: {len(items)}")
            for d in items:
                where = f"{d.table}.{d.name}" if d.name else d.table
                lines.append(f"  {d.kind:<22} {where}" + (f"  ({d.detail})" if d.detail else ""))
        if self.edited:
            lines.append(f"Migrations edited after they were applied: {len(self.edited)}")
            lines += [f"  {m}" for m in self.edited]
        if self.pending:
            more = " ..." if len(self.pending) > 10 else ""
            lines.append(f"{len(self.pending)} migration(s) not applied yet (run `manage.py migrate`): "
                         + ", ".join(f"{a}.{n}" for a, n in self.pending[:10]) + more)
        return "\n".join(lines)


def check_schema(using: str = "default") -> SchemaCheck:
    connection = connections[using]
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = sorted(loader.applied_migrations)
    all_nodes = sorted(loader.graph.nodes)
    result = SchemaCheck(database=str(connection.settings_dict["NAME"]), vendor=connection.vendor,
                         applied=applied, pending=[n for n in all_nodes if n not in loader.applied_migrations])
    if applied:
        targets = migrate_targets(applied, loader.graph)
    else:
        targets = None
        result.notes.append("no migrations are recorded as applied: compared with the full schema "
                            "(a legacy database is adopted with `manage.py adopt_legacy`)")
    live = introspect(connection)
    with shadow_database(using, targets=targets) as alias:
        expected = introspect(connections[alias])
    for snapshot in (live, expected):  # the migration machinery's own tables are not the models' schema
        for table in MACHINERY_TABLES:
            snapshot.tables.pop(table, None)
    result.differences = compare(expected, live)
    result.edited = [str(migration) for migration in edited_migrations(using=using)]
    return result
