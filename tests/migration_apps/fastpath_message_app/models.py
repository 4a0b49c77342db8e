from django.db import models


class Widget(models.Model):
    code = models.CharField(max_length=20)
    quantity = models.IntegerField()

    class Meta:
        db_table = "fastpath_widget"
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="fastpath_widget_quantity_not_negative",
                                   violation_error_message="The quantity cannot be negative."),
            models.UniqueConstraint(fields=["code"], name="fastpath_widget_code_unique",
                                    violation_error_code="duplicate_code",
                                    violation_error_message="Another widget has this code."),
        ]
