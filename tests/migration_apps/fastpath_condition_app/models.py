from django.db import models


class Sprocket(models.Model):
    quantity = models.IntegerField()

    class Meta:
        db_table = "fastpath_sprocket"
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="fastpath_sprocket_quantity_positive",
                                   violation_error_message="The quantity must be at least one."),
        ]
