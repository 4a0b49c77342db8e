from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Sprocket",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("quantity", models.IntegerField()),
            ],
            options={
                "db_table": "fastpath_sprocket",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(quantity__gte=0),
                                           name="fastpath_sprocket_quantity_positive"),
                ],
            },
        ),
    ]
