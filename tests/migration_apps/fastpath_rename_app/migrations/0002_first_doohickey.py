from django.db import migrations


def add_first(apps, schema_editor):
    Doohickey = apps.get_model("fastpath_rename_app", "Doohickey")
    Doohickey.objects.using(schema_editor.connection.alias).get_or_create(label="first")


class Migration(migrations.Migration):
    dependencies = [("fastpath_rename_app", "0001_initial")]

    operations = [migrations.RunPython(add_first, migrations.RunPython.noop)]
