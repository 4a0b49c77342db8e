"""Models and migrations agree, and the project's migrations follow the safety rules."""

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from erp.migration_safety.lint import lint_apps, lint_migration
from erp.settings import MODULE_APPS

# (migration, rule) -> why it is acceptable. Empty today; an entry needs a reason a reviewer accepts.
ALLOWED: dict[tuple[str, str], str] = {}


def test_no_missing_migrations(scratch_db):
    # Exits non-zero when a model change has no migration.
    result = scratch_db.manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_project_migrations_pass_the_lint_rules():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    findings = lint_apps(loader, {"erp", *MODULE_APPS}, allow=ALLOWED)
    assert findings == [], "\n".join(map(str, findings))


def _migration(*operations, name="0002_change"):
    migration = migrations.Migration(name, "shop")
    migration.operations = list(operations)
    return migration


def _noop(apps, schema_editor):
    pass


@pytest.mark.parametrize(
    "operations, rule",
    [
        ([migrations.AddField("item", "code", models.CharField(max_length=10))], "add-not-null"),
        ([migrations.RemoveField("item", "code")], "destructive"),
        ([migrations.RenameField("item", "code", "sku")], "destructive"),
        ([migrations.RenameModel("Item", "Article")], "destructive"),
        ([migrations.DeleteModel("Item")], "destructive"),
        ([migrations.RunPython(_noop)], "irreversible"),
        (
            [
                migrations.AddField("item", "code", models.CharField(max_length=10, null=True)),
                migrations.RunPython(_noop, _noop),
            ],
            "mixed",
        ),
    ],
)
def test_each_rule_catches_its_case(operations, rule):
    assert [f.rule for f in lint_migration(_migration(*operations))] == [rule]


def test_safe_operations_pass():
    created = migrations.CreateModel("Item", [("id", models.AutoField(primary_key=True))])
    added = migrations.AddField("item", "code", models.CharField(max_length=9))
    assert lint_migration(_migration(created, added)) == []
    assert lint_migration(_migration(migrations.AddField("item", "n", models.IntegerField(default=0)))) == []
    assert lint_migration(_migration(migrations.AddField("item", "note", models.TextField(null=True)))) == []
    assert lint_migration(_migration(migrations.RunPython(_noop, migrations.RunPython.noop))) == []
