from django.db import models


class Thing(models.Model):
    name = models.CharField(max_length=50)

    class Meta:
        db_table = "parity_app_thing"
