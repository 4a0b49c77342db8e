"""The constraint's condition changes along with its message: Django drops and re-adds it (SQL), so the
table the sample data migration wrote to is not the final one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fastpath_condition_app", "0002_sample_sprocket")]

    operations = [
        migrations.RemoveConstraint(model_name="sprocket", name="fastpath_sprocket_quantity_positive"),
        migrations.AddConstraint(
            model_name="sprocket",
            constraint=models.CheckConstraint(condition=models.Q(quantity__gte=1),
                                              name="fastpath_sprocket_quantity_positive",
                                              violation_error_message="The quantity must be at least one."),
        ),
    ]
