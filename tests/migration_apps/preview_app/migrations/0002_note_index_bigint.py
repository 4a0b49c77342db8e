from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("preview_app", "0001_initial")]

    operations = [
        # A nullable column at the end: INSTANT on MariaDB 10.3+.
        migrations.AddField("item", "note", models.CharField(max_length=200, null=True)),
        # A secondary index: INPLACE (built without copying the table).
        migrations.AddIndex("item", models.Index(fields=["name"], name="preview_app_name_idx")),
        # INT -> BIGINT changes the row format: a full COPY.
        migrations.AlterField("item", "quantity", models.BigIntegerField()),
    ]
