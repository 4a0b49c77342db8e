"""Like showroom.0003_constraint_messages: only the messages (and a code) of constraints change, which
Django keeps in the migration state and never sends to the database (AlterConstraint runs no SQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("fastpath_message_app", "0002_sample_widget")]

    operations = [
        migrations.AlterConstraint(
            model_name="widget",
            name="fastpath_widget_quantity_not_negative",
            constraint=models.CheckConstraint(condition=models.Q(quantity__gte=0),
                                              name="fastpath_widget_quantity_not_negative",
                                              violation_error_message="The quantity cannot be negative."),
        ),
        migrations.AlterConstraint(
            model_name="widget",
            name="fastpath_widget_code_unique",
            constraint=models.UniqueConstraint(fields=["code"], name="fastpath_widget_code_unique",
                                               violation_error_code="duplicate_code",
                                               violation_error_message="Another widget has this code."),
        ),
    ]
