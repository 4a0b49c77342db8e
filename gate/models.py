"""Gate: people who pass the factory gate, their entries and exits, outings and daily sessions."""

from django.db import models
from django.db.models import F, Q

from erp.core import wording
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle


class GateUser(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        BLOCKED = "blocked", "Blocked"

    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=20)
    photo = models.TextField(null=True, blank=True, help_text="Base64 image")
    face_encoding = models.TextField(null=True, blank=True, help_text="JSON array")
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.ACTIVE)
    registered_at = models.DateTimeField(null=True, blank=True)
    last_entry = models.DateTimeField(null=True, blank=True)
    last_exit = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "gate_users"
        verbose_name = "gate user"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="gate_users_name_idx")]  # default ordering
        constraints = [
            # Legacy name kept: one gate user per phone number.
            models.UniqueConstraint(fields=["phone"], name="ix_gate_users_phone",
                                    violation_error_message="Another gate user already has this phone number."),
        ]

    def __str__(self) -> str:
        # Legacy people may have no phone recorded: then the name alone, never "()".
        return f"{self.name} ({self.phone})" if self.phone else self.name


class GateEntryLog(ClosedRecordGuard, models.Model):
    class Action(models.TextChoices):
        ENTRY = "entry", "Entry"
        EXIT = "exit", "Exit"

    class Method(models.TextChoices):
        MANUAL = "manual", "Manual"
        FACE_RECOGNITION = "face_recognition", "Face recognition"
        OVERRIDE = "override", "Override"

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        BLOCKED = "blocked", "Blocked"
        COOLING = "cooling", "Cooling period"

    user = models.ForeignKey(GateUser, on_delete=models.PROTECT, related_name="entry_logs")
    user_name = models.CharField(max_length=200)
    user_phone = models.CharField(max_length=20)
    action = models.CharField(max_length=50, choices=Action.choices)
    method = models.CharField(max_length=50, choices=Method.choices, default=Method.MANUAL)
    details = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.COMPLETED)
    entry_time = models.DateTimeField(null=True, blank=True)
    exit_time = models.DateTimeField(null=True, blank=True)
    override_cooling = models.BooleanField(default=False)
    timestamp = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        db_table = "gate_entry_logs"
        verbose_name = "gate entry log"
        ordering = ["-timestamp", "-id"]
        # Legacy index names kept.
        indexes = [
            models.Index(fields=["user_phone"], name="ix_gate_entry_logs_user_phone"),  # search by phone
            models.Index(fields=["timestamp"], name="ix_gate_entry_logs_timestamp"),  # default ordering, day view
            # Changelist filters (action, method, status), each in the default order with the key as tie-breaker.
            models.Index(fields=["action", "timestamp", "id"], name="gate_entry_logs_action_idx"),
            models.Index(fields=["method", "timestamp", "id"], name="gate_entry_logs_method_idx"),
            models.Index(fields=["status", "timestamp", "id"], name="gate_entry_logs_status_idx"),
            models.Index(fields=["user_name"], name="gate_entry_logs_name_idx"),  # changelist prefix search
        ]

    # What happened at the gate: corrected by recording the opposite passage, never by an edit.
    lifecycle = Lifecycle(always=True, correction="Record a corrective entry or exit instead.")

    def __str__(self) -> str:
        return f"{self.get_action_display()} of {self.user_name}, {wording.moment(self.timestamp)}"


class GoingOutLog(ClosedRecordGuard, models.Model):
    class Reason(models.TextChoices):
        OFFICE_WORK = "Office Work", "Office work"
        PERSONAL_WORK = "Personal Work", "Personal work"
        LUNCH = "Lunch", "Lunch"
        BANK = "Bank", "Bank"
        MEDICAL = "Medical", "Medical"
        OTHER = "Other", "Other"

    class Status(models.TextChoices):
        OUT = "out", "Out"
        RETURNED = "returned", "Returned"

    user = models.ForeignKey(GateUser, on_delete=models.PROTECT, related_name="going_out_logs")
    user_name = models.CharField(max_length=200)
    user_phone = models.CharField(max_length=20)
    reason_type = models.CharField(max_length=100, choices=Reason.choices)
    reason_details = models.TextField(null=True, blank=True)
    going_out_time = models.DateTimeField()
    coming_back_time = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.OUT)
    timestamp = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "going_out_logs"
        verbose_name = "going-out log"
        ordering = ["-going_out_time", "-id"]
        # Legacy index names kept.
        indexes = [
            models.Index(fields=["user_phone"], name="ix_going_out_logs_user_phone"),  # search by phone
            models.Index(fields=["going_out_time"], name="going_out_logs_out_time_idx"),  # default ordering
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(coming_back_time__isnull=True) | Q(coming_back_time__gte=F("going_out_time")),
                name="going_out_logs_back_after_out",
                violation_error_message="The return cannot be before going out.",
            ),
        ]

    # Written when the person goes out; only the return step (gate.services) still completes it.
    lifecycle = Lifecycle(always=True, still_settable=["coming_back_time", "duration_minutes", "status"],
                          correction="Record a new outing instead.")

    def __str__(self) -> str:
        return f"{self.user_name} out at {wording.moment(self.going_out_time)} ({self.get_reason_type_display()})"


class GateEntrySession(ClosedRecordGuard, models.Model):
    class Status(models.TextChoices):
        INSIDE = "inside", "Inside"
        EXITED = "exited", "Exited"
        BLOCKED = "blocked", "Blocked"

    user = models.ForeignKey(GateUser, on_delete=models.PROTECT, related_name="sessions")
    user_name = models.CharField(max_length=200)
    user_phone = models.CharField(max_length=20)
    date = models.DateField()
    entry_time = models.DateTimeField(null=True, blank=True)
    exit_time = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=50, choices=Status.choices, default=Status.INSIDE)
    last_action_time = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "gate_entry_sessions"
        verbose_name = "gate entry session"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date"], name="ix_gate_entry_sessions_date"),  # legacy name; the day's sessions
        ]
        constraints = [
            # Legacy name kept for the (user, date) index, now unique: one session per person per day.
            models.UniqueConstraint(fields=["user", "date"], name="idx_user_date",
                                    violation_error_message="This person already has a gate session for that day."),
            models.CheckConstraint(
                condition=Q(exit_time__isnull=True) | Q(entry_time__isnull=True) | Q(exit_time__gte=F("entry_time")),
                name="gate_entry_sessions_exit_after_entry",
                violation_error_message="The exit cannot be before the entry.",
            ),
        ]

    # Follows from the entry and exit logs (gate.services), which alone move it on.
    lifecycle = Lifecycle(always=True, still_settable=["status", "exit_time", "last_action_time"],
                          correction="Record an entry or exit instead.")

    def __str__(self) -> str:
        return f"{self.user_name} on {wording.day(self.date)} ({self.get_status_display().lower()})"
