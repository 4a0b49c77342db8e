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


class QuarantinedValue(models.Model):
    """A value that legacy adoption set aside (or flagged for review), with what it was and where.

    Adoption never deletes a row: a value that would stop or corrupt the schema change (a reference to a
    row that does not exist, a NULL where a value is required, a value outside the choices or the new
    type, a duplicate, a CHECK violation) is replaced by NULL or the field's default, and recorded here
    so that a person can find it and restore it. Money conversions whose cents differ from what the
    legacy application displayed are recorded too (reason "money_review"), for an accountant.
    """

    class Reason(models.TextChoices):
        DANGLING_REFERENCE = "dangling_reference", "Reference to a missing row"
        NULL_NOT_ALLOWED = "null_not_allowed", "NULL where a value is required"
        INVALID_CHOICE = "invalid_choice", "Value outside the field's choices"
        TOO_LONG = "too_long", "Text longer than the new column"
        OUT_OF_RANGE = "out_of_range", "Number outside the new column's range"
        INVALID_DATE = "invalid_date", "Zero or invalid date"
        DUPLICATE = "duplicate", "Duplicate where a unique constraint is added"
        CHECK_VIOLATION = "check_violation", "Violates a CHECK constraint that is added"
        INVALID_VALUE = "invalid_value", "Fails the field's validation (e-mail, URL, ...)"
        MONEY_REVIEW = "money_review", "Money value differs from what the legacy application displayed"
        DOUBLE_ENCODED = "double_encoded", "UTF-8 text stored in a latin1 column, re-decoded"

    table_name = models.CharField(max_length=64)
    column_name = models.CharField(max_length=64)
    row_pk = models.CharField("row primary key", max_length=64)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    detail = models.TextField(blank=True)
    original_value = models.TextField(null=True, blank=True, help_text="As stored before adoption (NULL shown empty)")
    replacement_value = models.TextField(null=True, blank=True, help_text="What adoption wrote instead")
    restorable = models.BooleanField(default=True)
    adoption_run = models.CharField(max_length=40)
    quarantined_at = models.DateTimeField(auto_now_add=True)
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by = models.CharField(max_length=150, blank=True)
    restore_note = models.TextField(blank=True)
    legacy_display = models.CharField(
        max_length=64, blank=True, default="", help_text="Money values: what the legacy application displayed")
    # A person looked at it (Post-adoption review): e.g. an accountant checked a money value.
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        db_table = "erp_quarantined_value"
        verbose_name = "quarantined value"
        ordering = ["table_name", "column_name", "id"]
        indexes = [
            # The admin's default ordering and its table filter.
            models.Index(fields=["table_name", "column_name", "id"], name="erp_quarantine_table_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.table_name}.{self.column_name} #{self.row_pk}: {self.original_value!r} ({self.reason})"


class QuarantinedRow(models.Model):
    """A whole legacy row that adoption set aside (`adopt_legacy --resolve-rows quarantine`) and removed from
    its table, because one of its values fits no value the new schema allows (a zero date in a required
    column without a default, a duplicate on a unique key whose columns are all required, ...).

    Every column is kept as stored: `row_data` lists each column with its legacy type, character set and
    the stored bytes in hex (text in its own character set, numbers and dates as MariaDB writes them), so
    bytes that are invalid in the new type survive. Rows that referenced it were set aside with it
    (`cascade_of`). A person corrects `corrections` (column -> value) and restores it: the row is
    validated against the model (full_clean) and inserted again with its original primary key.
    """

    table_name = models.CharField(max_length=64)
    row_pk = models.CharField("row primary key", max_length=64)
    reason = models.CharField(max_length=30, choices=QuarantinedValue.Reason.choices + [
        ("references_set_aside_row", "References a row that was set aside")])
    column_name = models.CharField(max_length=64, blank=True, help_text="The column whose value conflicts")
    detail = models.TextField(blank=True)
    row_data = models.JSONField(help_text="Every column as stored: [{column, type, charset, hex}], hex null = NULL")
    row_text = models.JSONField(help_text="Every column as readable text (column -> value), for people")
    corrections = models.JSONField(default=dict, blank=True,
                                   help_text="Corrected values (column -> value) applied when the row is restored")
    cascade_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="cascaded", help_text="The row whose setting aside took this one")
    adoption_run = models.CharField(max_length=40)
    quarantined_at = models.DateTimeField(auto_now_add=True)
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by = models.CharField(max_length=150, blank=True)
    restore_note = models.TextField(blank=True)

    class Meta:
        db_table = "erp_quarantined_row"
        verbose_name = "quarantined row"
        ordering = ["table_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["table_name", "row_pk", "adoption_run"], name="erp_quarantined_row_once"),
        ]

    def __str__(self) -> str:
        return f"{self.table_name} #{self.row_pk} ({self.reason})"


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


class MigrationRun(models.Model):
    """One run of the migration tooling that changed (or refused to change) the schema's history: who, when,
    how long, what, and how it ended. Written by erp.migration_safety.history; read-only everywhere."""

    class Kind(models.TextChoices):
        APPLY = "apply", "Apply"
        UNAPPLY = "unapply", "Unapply"
        RESUME = "resume", "Resume"
        REPAIR = "repair", "Repair"
        ADOPT = "adopt", "Adoption"
        ACCEPT = "accept", "Accept edited migrations"

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused (nothing changed)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    started_at = models.DateTimeField()
    duration = models.FloatField("duration (s)")
    os_user = models.CharField("OS user", max_length=150)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField("process id")
    command = models.TextField(help_text="The command line")
    migrations = models.TextField(blank=True, help_text="app.name of each migration, one a line")
    detail = models.TextField(blank=True, help_text="The error, the refusal, or the reason given")

    class Meta:
        db_table = "erp_migration_run"
        verbose_name = "migration run"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["-started_at", "-id"], name="erp_migration_run_started_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M:%S}: {self.outcome}"


class LinkProposal(models.Model):
    """A link between legacy records that adoption proposes and an administrator confirms or corrects.

    The legacy application matched people by e-mail address or by name; the ERP links them explicitly
    (an employee's user account, a vehicle's regular driver). Adoption writes one proposal per user
    account and per vehicle without a driver, with what it found (`proposed_pk`, or none) and why
    (`basis`); nothing is linked until a person decides on the Post-adoption review page.
    """

    class Kind(models.TextChoices):
        USER_EMPLOYEE = "user_employee", "User account → employee"
        VEHICLE_DRIVER = "vehicle_driver", "Vehicle → regular driver"

    class Decision(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        CONFIRMED = "confirmed", "Confirmed"
        CORRECTED = "corrected", "Corrected"
        NO_LINK = "no_link", "No link"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_pk = models.CharField("record", max_length=64, help_text="The user account's or vehicle's id")
    proposed_pk = models.CharField(max_length=64, null=True, blank=True, help_text="The employee proposed, if any")
    basis = models.CharField(max_length=255, help_text="Why it was proposed, or why nothing was")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PROPOSED)
    linked_pk = models.CharField(max_length=64, null=True, blank=True, help_text="The employee linked")
    decided_by = models.CharField(max_length=150, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    adoption_run = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "erp_link_proposal"
        verbose_name = "link proposal"
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_pk"], name="erp_link_proposal_unique"),
        ]
        indexes = [models.Index(fields=["decision", "kind"], name="erp_link_proposal_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_pk}: {self.get_decision_display()}"
