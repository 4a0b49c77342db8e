import os

from django.db import migrations, models

# The tests change it to "edit" this migration after it was applied (checksum report).
NAME_LENGTH = int(os.environ.get("PREVIEW_APP_NAME_LENGTH", "100"))


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=NAME_LENGTH)),
                ("quantity", models.IntegerField()),
            ],
            options={"db_table": "preview_app_item"},
        ),
    ]
