from django.db import models


class Gizmo(models.Model):
    name = models.CharField(max_length=50)
    size = models.IntegerField()
    warranty_months = models.PositiveIntegerField(default=12)

    class Meta:
        db_table = "fastpath_gizmo"
