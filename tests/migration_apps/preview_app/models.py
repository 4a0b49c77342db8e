from django.db import models


class Item(models.Model):
    name = models.CharField(max_length=100)
    quantity = models.BigIntegerField()
    note = models.CharField(max_length=200, null=True)

    class Meta:
        db_table = "preview_app_item"
        indexes = [models.Index(fields=["name"], name="preview_app_name_idx")]
