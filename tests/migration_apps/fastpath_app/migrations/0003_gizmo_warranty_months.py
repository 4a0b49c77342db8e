from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fastpath_app", "0002_sample_gizmo")]

    operations = [
        migrations.AddField("gizmo", "warranty_months", models.PositiveIntegerField(default=12)),
    ]
