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


class MigrationChecksum(models.Model):
    """A stable hash of an applied migration's operations, to detect a migration edited after it ran."""

    app = models.CharField(max_length=255)
    name = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the operations' deconstruction")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "erp_migration_checksum"
        verbose_name = "migration checksum"
        ordering = ["app", "name"]
        constraints = [models.UniqueConstraint(fields=["app", "name"], name="erp_migration_checksum_unique")]

    def __str__(self) -> str:
        return f"{self.app}.{self.name}"
