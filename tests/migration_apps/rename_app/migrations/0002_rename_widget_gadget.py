from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rename_app", "0001_initial")]

    operations = [
        migrations.RenameModel("Widget", "Gadget"),
        migrations.AlterModelOptions(name="gadget", options={"permissions": [("inspect_gadget", "Can inspect gadget")]}),
        migrations.AlterModelTable(name="gadget", table="rename_app_gadget"),
    ]
