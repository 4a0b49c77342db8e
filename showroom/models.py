"""Showroom: the products on display, from production to sale."""

from django.db import models
from django.db.models import Q

from erp.core.fields import ZERO, money


class ShowroomProduct(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available", "Available"
        RESERVED = "reserved", "Reserved"
        SOLD = "sold", "Sold"

    name = models.CharField(max_length=200)
    # Free text in the legacy application (tractor, tiller, spare_part, ...): no fixed choices.
    category = models.CharField(max_length=50)
    cost_price = money(default=ZERO)
    sale_price = money(default=ZERO)
    showroom_status = models.CharField(
        "status", max_length=50, choices=Status.choices, default=Status.AVAILABLE
    )
    # Reference to the legacy production_order table, which this ERP does not manage:
    # kept as a plain integer so adopted databases keep it, with no model behind it.
    production_order_id = models.IntegerField(null=True, blank=True, editable=False)
    sold_date = models.DateTimeField(null=True, blank=True)
    quantity = models.IntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        db_table = "showroom_product"
        verbose_name = "showroom product"
        ordering = ["name", "id"]
        indexes = [
            # The sales desk lists what is available; the landing page counts by status.
            models.Index(fields=["showroom_status", "name"], name="showroom_product_status_idx"),
            # Default ordering of the changelist.
            models.Index(fields=["name", "id"], name="showroom_product_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_price__gte=0) & Q(sale_price__gte=0),
                name="showroom_product_prices_not_negative",
                violation_error_message="Prices cannot be negative.",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="showroom_product_quantity_not_negative",
                                   violation_error_message="The quantity cannot be negative."),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_showroom_status_display()})"
