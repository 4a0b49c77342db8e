"""Like showroom.0002_sample_catalogue: a sample row, only when ERP_SAMPLE_DATA is on."""

from django.conf import settings
from django.db import migrations


def add_sample(apps, schema_editor):
    if not settings.ERP_SAMPLE_DATA:
        return
    Sprocket = apps.get_model("fastpath_condition_app", "Sprocket")
    Sprocket.objects.using(schema_editor.connection.alias).create(quantity=5)


class Migration(migrations.Migration):
    dependencies = [("fastpath_condition_app", "0001_initial")]

    operations = [migrations.RunPython(add_sample, migrations.RunPython.noop)]
