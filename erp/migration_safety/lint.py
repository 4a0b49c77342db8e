"""Rules for the project's own migrations, checked by the test suite (tests/migrations/test_hygiene.py).

Each rule names something that is unsafe on a live MySQL/MariaDB database or breaks the
"schema and data separate, data reversible" house rule. Initial CreateModel migrations are fine.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import migrations
from django.db.models.fields import NOT_PROVIDED

SCHEMA_OPERATIONS = tuple(
    getattr(migrations, name)
    for name in (
        "CreateModel", "DeleteModel", "RenameModel", "AlterModelTable", "AddField", "RemoveField", "AlterField",
        "RenameField", "AddIndex", "RemoveIndex", "RenameIndex", "AddConstraint", "RemoveConstraint",
        "AlterUniqueTogether", "AlterIndexTogether",
    )
    if hasattr(migrations, name)  # AlterIndexTogether is gone in newer Django
)
DATA_OPERATIONS = (migrations.RunPython, migrations.RunSQL)
DESTRUCTIVE = (migrations.RemoveField, migrations.RenameField, migrations.RenameModel, migrations.DeleteModel)


@dataclass(frozen=True)
class Finding:
    migration: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.migration}: [{self.rule}] {self.message}"


def lint_migration(migration) -> list[Finding]:
    label = f"{migration.app_label}.{migration.name}"
    findings = []
    created_here = {op.name_lower for op in migration.operations if isinstance(op, migrations.CreateModel)}
    has_schema = any(isinstance(op, SCHEMA_OPERATIONS) for op in migration.operations)
    has_data = any(isinstance(op, DATA_OPERATIONS) for op in migration.operations)
    if has_schema and has_data:
        findings.append(
            Finding(label, "mixed", "mixes schema operations with RunPython/RunSQL: split schema and data migrations")
        )
    for op in migration.operations:
        if isinstance(op, migrations.AddField) and op.model_name_lower not in created_here:
            field = op.field
            if (
                not field.null
                and field.default is NOT_PROVIDED
                and getattr(field, "db_default", NOT_PROVIDED) is NOT_PROVIDED
                and not field.many_to_many
            ):
                findings.append(
                    Finding(
                        label,
                        "add-not-null",
                        f"AddField {op.model_name}.{op.name} is NOT NULL without a default on an existing table",
                    )
                )
        if isinstance(op, DESTRUCTIVE):
            findings.append(
                Finding(
                    label,
                    "destructive",
                    f"{type(op).__name__} ({op.describe()}) breaks running code and loses or moves data: "
                    "do it in steps (expand, migrate data, contract) and allow-list it with a reason",
                )
            )
        if isinstance(op, migrations.RunPython) and op.reverse_code is None:
            findings.append(
                Finding(label, "irreversible", "RunPython without reverse_code (use a real reverse, or RunPython.noop)")
            )
        if isinstance(op, migrations.RunSQL) and op.reverse_sql is None:
            findings.append(Finding(label, "irreversible", "RunSQL without reverse_sql"))
    return findings


def lint_apps(loader, app_labels, allow: dict | None = None) -> list[Finding]:
    """Findings for every migration of `app_labels`, except (migration, rule) pairs in `allow`."""
    allow = allow or {}
    findings = []
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app in app_labels:
            findings.extend(f for f in lint_migration(migration) if (f"{app}.{name}", f.rule) not in allow)
    return findings
