"""Performance review workflows: drafted, submitted with a rating, acknowledged by the employee."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from erp.core.transitions import Transitions, locked

from ..models import PerformanceReview

REVIEW_TRANSITIONS = Transitions({
    PerformanceReview.Status.DRAFT: {PerformanceReview.Status.SUBMITTED},
    PerformanceReview.Status.SUBMITTED: {PerformanceReview.Status.ACKNOWLEDGED},
})


def performance_review_submit(*, review: PerformanceReview) -> PerformanceReview:
    """DRAFT → SUBMITTED; a review is submitted with its overall rating."""
    with transaction.atomic():
        review = locked(review)
        REVIEW_TRANSITIONS.check(review, to=PerformanceReview.Status.SUBMITTED, verb="submit")
        if review.overall_rating is None:
            raise ValidationError(f"Cannot submit “{review}”: give an overall rating from 1 to 5 first.")
        return REVIEW_TRANSITIONS.move(review, to=PerformanceReview.Status.SUBMITTED, verb="submit", checked=True)


def performance_review_acknowledge(*, review: PerformanceReview) -> PerformanceReview:
    """SUBMITTED → ACKNOWLEDGED (the employee has seen it)."""
    with transaction.atomic():
        return REVIEW_TRANSITIONS.move(locked(review), to=PerformanceReview.Status.ACKNOWLEDGED, verb="acknowledge")
