from django.db import models


class Gadget(models.Model):
    name = models.CharField(max_length=50)
    colour = models.CharField(max_length=20, null=True)
    weight = models.IntegerField(null=True)

    class Meta:
        db_table = "failing_app_gadget"
        indexes = [models.Index(fields=["colour"], name="failing_app_colour_idx")]
