"""The migration history: module order, reversibility per app, idempotent re-runs."""

import json

import pytest
from django.core.management import call_command

MODULE_APPS = ["showroom", "sales", "hr", "purchasing", "dispatch", "fleet", "guestlist", "gate"]


def plan_order(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line and not line.startswith((" ", "Planned"))]


def test_plan_on_empty_database_puts_sales_and_hr_before_fleet_and_dispatch(scratch_db):
    result = scratch_db.manage("migrate", "--plan", check=True)
    order = plan_order(result.stdout)
    position = {name: i for i, name in enumerate(order)}
    assert position["showroom.0001_initial"] < position["sales.0001_initial"]
    for later in ("dispatch.0001_initial", "fleet.0001_initial"):
        assert position["sales.0001_initial"] < position[later]
        assert position["hr.0001_initial"] < position[later]
    assert position["dispatch.0001_initial"] < position["fleet.0001_initial"]
    # Nothing was applied by --plan.
    assert "No migrations to apply" not in scratch_db.manage("migrate", "--plan", check=True).stdout


@pytest.mark.slow
def test_each_module_migrates_to_zero_and_back(scratch_db):
    scratch_db.manage("migrate", check=True)
    # One process walks every module app down to zero and up again, reporting its tables each time.
    script = f"""
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
out = {{}}
for label in {MODULE_APPS!r}:
    tables = sorted(m._meta.db_table for m in apps.get_app_config(label).get_models())
    call_command("migrate", label, "zero", verbosity=0, allow_data_loss=True)  # the sample catalogue
    gone = set(tables) & set(connection.introspection.table_names())
    call_command("migrate", verbosity=0)
    back = set(tables) <= set(connection.introspection.table_names())
    out[label] = {{"tables": tables, "left_after_zero": sorted(gone), "back": back}}
print(json.dumps(out))
"""
    result = scratch_db.shell(script)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for label in MODULE_APPS:
        assert report[label]["tables"], label
        assert report[label]["left_after_zero"] == [], (label, report[label])
        assert report[label]["back"], label
    assert "No migrations to apply." in scratch_db.manage("migrate", check=True).stdout


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
