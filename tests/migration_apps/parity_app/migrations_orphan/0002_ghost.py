"""A model that exists only in the migrations (models.py has none): Django's migrate shows it to
pre_migrate/post_migrate receivers, and hints that the models have changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("parity_app", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Ghost",
            fields=[("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))],
            options={"db_table": "parity_app_ghost"},
        ),
    ]
