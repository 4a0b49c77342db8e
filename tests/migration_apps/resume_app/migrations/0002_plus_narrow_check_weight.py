"""Appends "+" to every value (data; "bulk" rows, a test's filler that makes the rebuild long, aside),
narrows the column (a MODIFY that copies the table), then runs code that fails while RESUME_APP_BROKEN=1,
then adds a column. Resuming must neither append twice nor rebuild again."""

import os

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat


def append_plus(apps, schema_editor):
    Ledger = apps.get_model("resume_app", "Ledger")
    rows = Ledger.objects.using(schema_editor.connection.alias).exclude(value__startswith="bulk")
    rows.update(value=Concat("value", Value("+")))


def strip_plus(apps, schema_editor):
    Ledger = apps.get_model("resume_app", "Ledger")
    for row in Ledger.objects.using(schema_editor.connection.alias).filter(value__endswith="+"):
        row.value = row.value[:-1]
        row.save(update_fields=["value"])


def check_fixed(apps, schema_editor):
    if os.environ.get("RESUME_APP_BROKEN") == "1":
        raise RuntimeError("deliberately broken migration (RESUME_APP_BROKEN=1)")


class Migration(migrations.Migration):
    dependencies = [("resume_app", "0001_initial")]

    operations = [
        migrations.RunPython(append_plus, strip_plus),
        migrations.AlterField("ledger", "value", models.CharField(max_length=40)),
        migrations.RunPython(check_fixed, migrations.RunPython.noop),
        migrations.AddField("ledger", "weight", models.IntegerField(null=True)),
    ]
