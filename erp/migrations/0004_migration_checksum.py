from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("erp", "0003_module_groups")]

    operations = [
        migrations.CreateModel(
            name="MigrationChecksum",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("app", models.CharField(max_length=255)),
                ("name", models.CharField(max_length=255)),
                (
                    "checksum",
                    models.CharField(help_text="SHA-256 of the operations' deconstruction", max_length=64),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "migration checksum",
                "db_table": "erp_migration_checksum",
                "ordering": ["app", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("app", "name"), name="erp_migration_checksum_unique")
                ],
            },
        ),
    ]
