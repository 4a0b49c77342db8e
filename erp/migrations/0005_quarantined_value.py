"""The quarantine of values that legacy adoption set aside (schema only)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("erp", "0004_migration_checksum")]

    operations = [
        migrations.CreateModel(
            name="QuarantinedValue",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("table_name", models.CharField(max_length=64)),
                ("column_name", models.CharField(max_length=64)),
                ("row_pk", models.CharField(max_length=64, verbose_name="row primary key")),
                ("reason", models.CharField(choices=[
                    ("dangling_reference", "Reference to a missing row"),
                    ("null_not_allowed", "NULL where a value is required"),
                    ("invalid_choice", "Value outside the field's choices"),
                    ("too_long", "Text longer than the new column"),
                    ("out_of_range", "Number outside the new column's range"),
                    ("invalid_date", "Zero or invalid date"),
                    ("duplicate", "Duplicate where a unique constraint is added"),
                    ("check_violation", "Violates a CHECK constraint that is added"),
                    ("money_review", "Money value differs from what the legacy application displayed"),
                ], max_length=30)),
                ("detail", models.TextField(blank=True)),
                ("original_value", models.TextField(blank=True, help_text="As stored before adoption (NULL shown empty)", null=True)),
                ("replacement_value", models.TextField(blank=True, help_text="What adoption wrote instead", null=True)),
                ("restorable", models.BooleanField(default=True)),
                ("adoption_run", models.CharField(max_length=40)),
                ("quarantined_at", models.DateTimeField(auto_now_add=True)),
                ("restored_at", models.DateTimeField(blank=True, null=True)),
                ("restored_by", models.CharField(blank=True, max_length=150)),
                ("restore_note", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "quarantined value",
                "db_table": "erp_quarantined_value",
                "ordering": ["table_name", "column_name", "id"],
                "indexes": [models.Index(fields=["table_name", "column_name", "id"], name="erp_quarantine_table_idx")],
            },
        ),
    ]
