from django.db import models


class Gadget(models.Model):
    name = models.CharField(max_length=50)

    class Meta:
        db_table = "rename_app_gadget"
        permissions = [("inspect_gadget", "Can inspect gadget")]
