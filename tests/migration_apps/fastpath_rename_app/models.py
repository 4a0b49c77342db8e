from django.db import models


class Doohickey(models.Model):
    title = models.CharField(max_length=50)

    class Meta:
        db_table = "fastpath_doohickey"
