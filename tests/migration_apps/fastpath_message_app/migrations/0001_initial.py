from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Widget",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=20)),
                ("quantity", models.IntegerField()),
            ],
            options={
                "db_table": "fastpath_widget",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(quantity__gte=0),
                                           name="fastpath_widget_quantity_not_negative"),
                    models.UniqueConstraint(fields=["code"], name="fastpath_widget_code_unique"),
                ],
            },
        ),
    ]
