"""Performance reviews of employees."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from erp.core import wording
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle

from .employees import Employee


class PerformanceReview(ClosedRecordGuard, models.Model):
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
                violation_error_message="The review period must end on or after its start.",
            ),
            models.CheckConstraint(
                condition=Q(overall_rating__isnull=True) | (Q(overall_rating__gte=1) & Q(overall_rating__lte=5)),
                name="performance_reviews_rating_range",
                violation_error_message="The rating must be from 1 to 5.",
            ),
        ]

    lifecycle = Lifecycle(closed=[Status.ACKNOWLEDGED], correction="A correction is a new review.")

    def __str__(self) -> str:
        return (f"Review of {self.employee.full_name}, "
                f"{wording.period(self.review_period_start, self.review_period_end)}")

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
