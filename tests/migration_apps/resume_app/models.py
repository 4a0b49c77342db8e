from django.db import models


class Ledger(models.Model):
    value = models.CharField(max_length=40)
    weight = models.IntegerField(null=True)

    class Meta:
        db_table = "resume_ledger"
