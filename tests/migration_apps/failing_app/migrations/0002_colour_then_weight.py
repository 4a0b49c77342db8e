"""Adds a column and an index, then runs code that fails while FAILING_APP_BROKEN=1, then adds another
column. On MySQL the first two statements stay applied when it fails: the re-run must continue."""

import os

from django.db import migrations, models


def check_fixed(apps, schema_editor):
    if os.environ.get("FAILING_APP_BROKEN") == "1":
        raise RuntimeError("deliberately broken migration (FAILING_APP_BROKEN=1)")
    Gadget = apps.get_model("failing_app", "Gadget")
    Gadget.objects.using(schema_editor.connection.alias).filter(colour__isnull=True).update(colour="grey")


class Migration(migrations.Migration):
    dependencies = [("failing_app", "0001_initial")]

    operations = [
        migrations.AddField("gadget", "colour", models.CharField(max_length=20, null=True)),
        migrations.AddIndex("gadget", models.Index(fields=["colour"], name="failing_app_colour_idx")),
        migrations.RunPython(check_fixed, migrations.RunPython.noop),
        migrations.AddField("gadget", "weight", models.IntegerField(null=True)),
    ]
