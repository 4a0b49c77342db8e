"""Records kept by the cross-cutting machinery."""

from django.db import models


class BootstrapRecord(models.Model):
    """A row created by a bootstrap data migration, so that reversing it removes exactly that row."""

    kind = models.CharField(max_length=50, help_text="e.g. admin_user, sample_product")
    object_pk = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "erp_bootstrap_record"
        verbose_name = "bootstrap record"
        ordering = ["kind", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_pk"], name="erp_bootstrap_record_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}"
