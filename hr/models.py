"""HR: employees, attendance, leave, payroll, performance reviews and recruitment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from erp.fields import ZERO, money


class Employee(models.Model):
    class SalaryType(models.TextChoices):
        DAILY = "daily", "Daily"
        MONTHLY = "monthly", "Monthly"
        HOURLY = "hourly", "Hourly"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        TERMINATED = "terminated", "Terminated"
        ON_LEAVE = "on_leave", "On leave"

    employee_id = models.CharField("employee number", max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=255, unique=True)
    phone = models.CharField(max_length=20, null=True, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, null=True, blank=True)
    address = models.TextField(null=True, blank=True)
    department = models.CharField(max_length=100)
    designation = models.CharField(max_length=100)
    joining_date = models.DateField()
    salary_type = models.CharField(max_length=10, choices=SalaryType.choices, null=True, blank=True)
    salary = money()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    photo = models.TextField(null=True, blank=True)
    face_encoding = models.TextField(null=True, blank=True)
    manager = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "employees"
        verbose_name = "employee"
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            # Default ordering and name search.
            models.Index(fields=["last_name", "first_name", "id"], name="employees_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(salary__gte=0), name="employees_salary_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_id})"

    def clean(self) -> None:
        # Not a database CHECK: MariaDB refuses CHECK clauses on AUTO_INCREMENT columns.
        if self.pk and self.manager_id == self.pk:
            raise ValidationError({"manager": "An employee cannot be their own manager."})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "PRESENT", "Present"
        ABSENT = "ABSENT", "Absent"
        LATE = "LATE", "Late"
        HALF_DAY = "HALF_DAY", "Half day"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="attendance")
    name = models.CharField(max_length=100, null=True, blank=True, help_text="Employee name as recorded")
    date = models.DateField()
    check_in_time = models.TimeField(null=True, blank=True)
    check_out_time = models.TimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PRESENT)
    hours_worked = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "attendance"
        verbose_name = "attendance record"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date", "id"], name="attendance_date_idx"),  # default ordering, date range filter
            # Changelist filtered by status, in the default order.
            models.Index(fields=["status", "date", "id"], name="attendance_status_date_idx"),
            models.Index(fields=["name"], name="attendance_name_idx"),  # changelist prefix search on the name
        ]
        constraints = [
            models.UniqueConstraint(fields=["employee", "date"], name="attendance_one_per_employee_per_day"),
            models.CheckConstraint(
                condition=Q(check_out_time__isnull=True)
                | Q(check_in_time__isnull=True)
                | Q(check_out_time__gte=F("check_in_time")),
                name="attendance_check_out_after_check_in",
            ),
            models.CheckConstraint(
                condition=Q(hours_worked__isnull=True) | (Q(hours_worked__gte=0) & Q(hours_worked__lte=24)),
                name="attendance_hours_in_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.employee_id} on {self.date}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.check_in_time and self.check_out_time and self.check_out_time < self.check_in_time:
            raise ValidationError({"check_out_time": "Check-out must be at or after check-in."})


class Leave(models.Model):
    class Type(models.TextChoices):
        CASUAL = "CASUAL", "Casual"
        SICK = "SICK", "Sick"
        EARNED = "EARNED", "Earned"
        MATERNITY = "MATERNITY", "Maternity"
        PATERNITY = "PATERNITY", "Paternity"

    class Status(models.TextChoices):
        PENDING = "PENDING", "Pending"
        MANAGER_APPROVED = "MANAGER_APPROVED", "Approved by manager"
        APPROVED = "APPROVED", "Approved"
        REJECTED = "REJECTED", "Rejected"
        MANAGER_REJECTED = "MANAGER_REJECTED", "Rejected by manager"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leaves")
    name = models.CharField(max_length=100, null=True, blank=True, help_text="Employee name as recorded")
    leave_type = models.CharField(max_length=10, choices=Type.choices)
    start_date = models.DateField()
    end_date = models.DateField()
    days_requested = models.DecimalField(max_digits=5, decimal_places=1)
    reason = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # The final (HR) approval is made by a user account, who may have no employee record.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="approved_by",
        related_name="leaves_approved",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    # The first approval is the employee's manager's (an employee).
    manager_approved_by = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_column="manager_approved_by",
        related_name="leaves_manager_approved",
    )
    manager_approved_at = models.DateTimeField(null=True, blank=True)
    manager_notes = models.TextField(null=True, blank=True)

    class Meta:
        db_table = "leaves"
        verbose_name = "leave request"
        ordering = ["-start_date", "-id"]
        indexes = [
            # Pending approvals on the landing page and the status filter.
            models.Index(fields=["status", "start_date"], name="leaves_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leaves_end_on_or_after_start"),
            models.CheckConstraint(condition=Q(days_requested__gt=0), name="leaves_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_leave_type_display()} leave of {self.name or self.employee_id}, {self.start_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The leave must end on or after its start date."})


class Payroll(models.Model):
    class SalaryType(models.TextChoices):
        DAILY = "DAILY", "Daily"
        MONTHLY = "MONTHLY", "Monthly"
        HOURLY = "HOURLY", "Hourly"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSED = "processed", "Processed"
        PAID = "paid", "Paid"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="payrolls")
    name = models.CharField(max_length=100, null=True, blank=True, help_text="Employee name as recorded")
    pay_period_start = models.DateField()
    pay_period_end = models.DateField()
    salary_type = models.CharField(max_length=10, choices=SalaryType.choices, default=SalaryType.MONTHLY)
    monthly_salary = money()
    allowances = money(default=ZERO)
    deductions = money(default=ZERO)
    gross_salary = money()
    net_salary = money()
    payment_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "payrolls"
        verbose_name = "payroll"
        ordering = ["-pay_period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "pay_period_start", "pay_period_end"], name="payrolls_one_per_employee_period"
            ),
            models.CheckConstraint(
                condition=Q(pay_period_end__gte=F("pay_period_start")), name="payrolls_period_in_order"
            ),
            models.CheckConstraint(
                condition=Q(monthly_salary__gte=0) & Q(allowances__gte=0) & Q(deductions__gte=0) & Q(gross_salary__gte=0),
                name="payrolls_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Payroll of {self.name or self.employee_id}, {self.pay_period_start}–{self.pay_period_end}"

    def clean(self) -> None:
        if self.pay_period_start and self.pay_period_end and self.pay_period_end < self.pay_period_start:
            raise ValidationError({"pay_period_end": "The pay period must end on or after its start."})


class PerformanceReview(models.Model):
    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        SUBMITTED = "SUBMITTED", "Submitted"
        ACKNOWLEDGED = "ACKNOWLEDGED", "Acknowledged"

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="performance_reviews")
    reviewer = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews_given"
    )
    review_period_start = models.DateField()
    review_period_end = models.DateField()
    overall_rating = models.DecimalField(
        max_digits=2, decimal_places=1, null=True, blank=True, help_text="1.0 to 5.0"
    )
    goals = models.TextField(null=True, blank=True)
    strengths = models.TextField(null=True, blank=True)
    improvements = models.TextField(null=True, blank=True)
    comments = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "performance_reviews"
        verbose_name = "performance review"
        ordering = ["-review_period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_period_end__gte=F("review_period_start")),
                name="performance_reviews_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(overall_rating__isnull=True) | (Q(overall_rating__gte=1) & Q(overall_rating__lte=5)),
                name="performance_reviews_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.employee_id}, {self.review_period_start}–{self.review_period_end}"

    def clean(self) -> None:
        errors = {}
        if self.review_period_start and self.review_period_end and self.review_period_end < self.review_period_start:
            errors["review_period_end"] = "The review period must end on or after its start."
        if self.overall_rating is not None and not (1 <= self.overall_rating <= 5):
            errors["overall_rating"] = "The rating must be from 1 to 5."
        if self.reviewer_id and self.reviewer_id == self.employee_id:
            errors["reviewer"] = "An employee cannot review themselves."
        if errors:
            raise ValidationError(errors)


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

    def __str__(self) -> str:
        return f"{self.title} ({self.department})"


class Candidate(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=255, unique=True)
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
            models.CheckConstraint(
                condition=Q(experience_years__isnull=True) | Q(experience_years__gte=0),
                name="candidates_experience_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class JobApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        UNDER_REVIEW = "under_review", "Under review"
        SHORTLISTED = "shortlisted", "Shortlisted"
        INTERVIEW_SCHEDULED = "interview_scheduled", "Interview scheduled"
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
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_name} for posting {self.job_posting_id}"


class Interview(models.Model):
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
        NO_SHOW = "no_show", "No show"

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
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="interviews_duration_positive"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="interviews_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Interview for application {self.job_application_id} on {self.scheduled_date}"

    def clean(self) -> None:
        if self.rating is not None and not (1 <= self.rating <= 5):
            raise ValidationError({"rating": "The rating must be from 1 to 5."})
