"""Recruitment: job postings, candidates, applications and their interviews."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from erp.core import plausible, wording
from erp.core.constraints import UniqueIgnoringCase
from erp.core.fields import money
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle

from .employees import Employee


class JobPosting(models.Model):
    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full time"
        PART_TIME = "part_time", "Part time"
        CONTRACT = "contract", "Contract"
        INTERNSHIP = "internship", "Internship"

    class Status(models.TextChoices):
        OPEN = "OPEN", "Open"
        CLOSED = "CLOSED", "Closed"
        FILLED = "FILLED", "Filled"

    title = models.CharField(max_length=200)
    department = models.CharField(max_length=100)
    location = models.CharField(max_length=100, null=True, blank=True)
    employment_type = models.CharField(max_length=50, choices=EmploymentType.choices, null=True, blank=True)
    experience_level = models.CharField(max_length=50, null=True, blank=True)
    salary_range = models.CharField(max_length=100, null=True, blank=True)
    description = models.TextField()
    requirements = models.TextField(null=True, blank=True)
    responsibilities = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    posted_by = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, db_column="posted_by", related_name="+"
    )
    application_deadline = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "job_postings"
        verbose_name = "job posting"
        ordering = ["-id"]

    def clean(self) -> None:
        if self._state.adding:  # a new posting's deadline is ahead; old postings keep theirs
            plausible.upcoming(self.application_deadline, field="application_deadline",
                               what="The application deadline")

    def __str__(self) -> str:
        return f"{self.title} ({self.department})"


class Candidate(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=255)
    phone = models.CharField(max_length=20, null=True, blank=True)
    skills = models.TextField(null=True, blank=True)
    experience_years = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    current_position = models.CharField(max_length=200, null=True, blank=True)
    current_company = models.CharField(max_length=200, null=True, blank=True)
    location = models.CharField(max_length=100, null=True, blank=True)
    resume_path = models.CharField(max_length=500, null=True, blank=True)
    source = models.CharField(max_length=100, null=True, blank=True)
    status = models.CharField(max_length=50, default="active")
    notes = models.TextField(null=True, blank=True)
    added_by = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, db_column="added_by", related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "candidates"
        verbose_name = "candidate"
        ordering = ["name", "id"]
        constraints = [
            UniqueIgnoringCase(field="email", name="candidates_email_unique",
                               violation_error_message="Another candidate already has this e-mail address."),
            models.CheckConstraint(
                condition=Q(experience_years__isnull=True) | Q(experience_years__gte=0),
                name="candidates_experience_not_negative",
                violation_error_message="Years of experience cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class JobApplication(ClosedRecordGuard, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        SHORTLISTED = "shortlisted", "Shortlisted"
        INTERVIEW_SCHEDULED = "interview_scheduled", "Scheduled for interview"
        INTERVIEWED = "interviewed", "Interviewed"
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    job_posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="applications")
    # Legacy never constrained this reference; adoption quarantines the dangling ones.
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    applicant_name = models.CharField(max_length=200)
    applicant_email = models.EmailField(max_length=255)
    applicant_phone = models.CharField(max_length=20, null=True, blank=True)
    resume_path = models.CharField(max_length=500, null=True, blank=True)
    cover_letter = models.TextField(null=True, blank=True)
    experience_years = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    current_salary = money(null=True, blank=True)
    expected_salary = money(null=True, blank=True)
    availability_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    notes = models.TextField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, db_column="reviewed_by", related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "job_applications"
        verbose_name = "job application"
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(current_salary__isnull=True) | Q(current_salary__gte=0))
                & (Q(expected_salary__isnull=True) | Q(expected_salary__gte=0)),
                name="job_applications_salaries_not_negative",
                violation_error_message="Salaries cannot be negative.",
            ),
            # One application per candidate and posting (a second one is the same person applying twice).
            models.UniqueConstraint(
                fields=["job_posting", "candidate"], name="job_applications_one_per_candidate",
                violation_error_message="This candidate has already applied to this posting.",
            ),
        ]

    lifecycle = Lifecycle(closed=[Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN],
                          correction="A new application starts again.")

    def __str__(self) -> str:
        return f"{self.applicant_name} for {self.job_posting.title if self.job_posting_id else 'a posting'}"


class Interview(ClosedRecordGuard, models.Model):
    class Type(models.TextChoices):
        PHONE = "phone", "Phone"
        VIDEO = "video", "Video"
        ONSITE = "onsite", "On site"
        TECHNICAL = "technical", "Technical"
        HR = "hr", "HR"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "Missed (no show)"

    job_application = models.ForeignKey(JobApplication, on_delete=models.PROTECT, related_name="interviews")
    interview_type = models.CharField(max_length=50, choices=Type.choices, null=True, blank=True)
    scheduled_date = models.DateField()
    scheduled_time = models.TimeField()
    duration_minutes = models.IntegerField(default=60)
    interviewers = models.CharField(max_length=500, null=True, blank=True)
    location = models.CharField(max_length=200, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    feedback = models.TextField(null=True, blank=True)
    rating = models.DecimalField(max_digits=2, decimal_places=1, null=True, blank=True, help_text="1.0 to 5.0")
    decision = models.CharField(max_length=50, null=True, blank=True)
    conducted_by = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, db_column="conducted_by", related_name="+"
    )
    conducted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "interviews"
        verbose_name = "interview"
        ordering = ["-scheduled_date", "-scheduled_time", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="interviews_duration_positive",
                                   violation_error_message="An interview lasts more than zero minutes."),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="interviews_rating_range",
                violation_error_message="The rating must be from 1 to 5.",
            ),
        ]

    lifecycle = Lifecycle(closed=[Status.COMPLETED, Status.CANCELLED, Status.NO_SHOW],
                          correction="Schedule another interview instead.")

    def __str__(self) -> str:
        who = self.job_application.applicant_name if self.job_application_id else "an applicant"
        return f"Interview of {who}, {wording.day(self.scheduled_date)}"

    def clean(self) -> None:
        if self.rating is not None and not (1 <= self.rating <= 5):
            raise ValidationError({"rating": "The rating must be from 1 to 5."})
