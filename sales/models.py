"""Sales: orders of showroom products, customers, payments and monthly targets."""

from django.db import models
from django.db.models import F, Q

from erp.core.constraints import UniqueIgnoringCase
from erp.core.fields import ZERO, money
from erp.core.lifecycle import ClosedRecordGuard, Lifecycle


class PaymentMethod(models.TextChoices):
    CASH = "cash", "Cash"
    UPI = "upi", "UPI"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CHEQUE = "cheque", "Cheque"
    CARD = "card", "Card"
    SPLIT = "split", "Split"


class Customer(models.Model):
    class Type(models.TextChoices):
        RETAIL = "retail", "Retail"
        DEALER = "dealer", "Dealer"
        CORPORATE = "corporate", "Corporate"

    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=100, null=True, blank=True)
    email = models.EmailField(max_length=200, null=True, blank=True)
    address = models.CharField(max_length=400, null=True, blank=True)
    customer_type = models.CharField(max_length=50, choices=Type.choices, default=Type.RETAIL)
    credit_limit = money(default=ZERO)
    # May go negative (customer in credit), so no sign constraint.
    current_balance = money(default=ZERO)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "customer"
        verbose_name = "customer"
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["name", "id"], name="customer_name_idx")]  # default ordering, search
        constraints = [
            models.CheckConstraint(condition=Q(credit_limit__gte=0), name="customer_credit_limit_not_negative",
                                   violation_error_message="The credit limit cannot be negative."),
        ]

    def __str__(self) -> str:
        return self.name


class SalesOrder(ClosedRecordGuard, models.Model):
    class PaymentStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        PARTIAL = "partial", "Partially paid"
        PAID = "paid", "Paid"
        REFUNDED = "refunded", "Refunded"

    class OrderStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        CONFIRMED = "confirmed", "Confirmed"
        DISPATCHED = "dispatched", "Dispatched"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    order_number = models.CharField(max_length=50)
    customer_name = models.CharField(max_length=200)
    customer_contact = models.CharField(max_length=100, null=True, blank=True)
    customer_email = models.EmailField(max_length=200, null=True, blank=True)
    customer_address = models.CharField(max_length=400, null=True, blank=True)
    showroom_product = models.ForeignKey(
        "showroom.ShowroomProduct", on_delete=models.PROTECT, related_name="sales_orders"
    )
    quantity = models.IntegerField(default=1)
    unit_price = money()
    total_amount = money()
    discount_amount = money(default=ZERO)
    final_amount = money()
    payment_method = models.CharField(max_length=50, choices=PaymentMethod.choices)
    payment_status = models.CharField(max_length=50, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    order_status = models.CharField(max_length=50, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    sales_person = models.CharField(max_length=100)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)
    coupon_code = models.CharField(max_length=50, null=True, blank=True)
    finance_bypass = models.BooleanField(default=False)
    bypass_reason = models.TextField(null=True, blank=True)
    bypassed_at = models.DateTimeField(null=True, blank=True)
    payment_due_date = models.DateField(null=True, blank=True)
    # Transport details captured at the sale.
    origin = models.CharField(max_length=200, null=True, blank=True)
    destination = models.CharField(max_length=200, null=True, blank=True)
    distance = models.CharField(max_length=50, null=True, blank=True)
    vehicle_type = models.CharField(max_length=100, null=True, blank=True)

    class Meta:
        db_table = "sales_order"
        verbose_name = "sales order"
        ordering = ["-id"]
        indexes = [
            # "Sales awaiting dispatch" and the status filters of the changelist.
            models.Index(fields=["order_status", "id"], name="sales_order_status_idx"),
            # The payments list finds an order's payments by its customer's name as a prefix (search_by_key).
            models.Index(fields=["customer_name"], name="sales_order_customer_idx"),
        ]
        constraints = [
            UniqueIgnoringCase(field="order_number", name="sales_order_number_unique",
                               violation_error_message="Another sales order already has this number."),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="sales_order_quantity_positive",
                                   violation_error_message="An order is for at least one unit."),
            models.CheckConstraint(
                condition=(Q(unit_price__gte=0) & Q(total_amount__gte=0) & Q(discount_amount__gte=0)
                           & Q(final_amount__gte=0)),
                name="sales_order_amounts_not_negative",
                violation_error_message="An order's prices, discount and amounts cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(discount_amount__lte=F("total_amount")), name="sales_order_discount_within_total",
                violation_error_message="The discount cannot be larger than the order total."
            ),
        ]

    # A refund still moves a closed order's payment status.
    lifecycle = Lifecycle(closed=[OrderStatus.DELIVERED, OrderStatus.CANCELLED], field="order_status",
                          still_settable=["payment_status"],
                          correction="Record a refund, or sell again as a new order.",
                          describe=lambda order: f"Order {order.order_number}")

    def __str__(self) -> str:
        return f"{self.order_number} – {self.customer_name}"


class SalesTransaction(ClosedRecordGuard, models.Model):
    class Type(models.TextChoices):
        PAYMENT = "payment", "Payment"
        REFUND = "refund", "Refund"
        ADJUSTMENT = "adjustment", "Adjustment"

    sales_order = models.ForeignKey(SalesOrder, on_delete=models.PROTECT, related_name="transactions")
    transaction_type = models.CharField(max_length=50, choices=Type.choices)
    # Legacy refunds are stored as negative amounts: the sign carries meaning, so no sign constraint.
    amount = money()
    payment_method = models.CharField(max_length=50, choices=PaymentMethod.choices)
    reference_number = models.CharField(max_length=100, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    utr_number = models.CharField("UTR number", max_length=100, null=True, blank=True)
    cash_denominations = models.TextField(null=True, blank=True, help_text="JSON text")
    split_payment_details = models.TextField(null=True, blank=True, help_text="JSON text")

    class Meta:
        db_table = "sales_transaction"
        verbose_name = "sales transaction"
        ordering = ["-id"]
        indexes = [
            # Changelist filters, each in the default order (newest first by key).
            models.Index(fields=["transaction_type", "id"], name="sales_txn_type_idx"),
            models.Index(fields=["payment_method", "id"], name="sales_txn_method_idx"),
            models.Index(fields=["created_at", "id"], name="sales_txn_created_idx"),  # date range filter
            # Changelist exact search by payment reference or UTR.
            models.Index(fields=["reference_number"], name="sales_txn_reference_idx"),
            models.Index(fields=["utr_number"], name="sales_txn_utr_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="sales_transaction_amount_not_zero",
                                   violation_error_message="A payment or refund needs an amount other than zero."),
            # A payment brings money in, a refund (stored negative, as legacy does) takes it out.
            models.CheckConstraint(
                condition=(Q(transaction_type="payment", amount__gt=0) | Q(transaction_type="refund", amount__lt=0)
                           | ~Q(transaction_type__in=["payment", "refund"])),
                name="sales_transaction_sign_matches_type",
                violation_error_message="A payment must be positive and a refund negative.",
            ),
        ]

    lifecycle = Lifecycle(always=True, field="transaction_type",
                          correction="Correct it with a refund or a new payment.")

    def __str__(self) -> str:
        return f"{self.get_transaction_type_display()} of {abs(self.amount)} on {self.sales_order.order_number}"


class SalesTarget(models.Model):
    class AssignmentType(models.TextChoices):
        MANUAL = "manual", "Manual"
        FORMULA = "formula", "Formula"
        HISTORICAL = "historical", "Historical"

    sales_person = models.CharField(max_length=100)
    year = models.IntegerField()
    month = models.IntegerField(help_text="1-12")
    target_amount = money()
    assignment_type = models.CharField(max_length=50, choices=AssignmentType.choices, default=AssignmentType.MANUAL)
    assigned_by = models.CharField(max_length=100, null=True, blank=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        db_table = "sales_target"
        verbose_name = "sales target"
        ordering = ["-year", "-month", "sales_person"]
        # Index names are the legacy ones, so adopted databases already have them.
        indexes = [
            models.Index(fields=["sales_person"], name="idx_sales_person"),
            models.Index(fields=["year", "month"], name="idx_year_month"),  # default ordering
        ]
        constraints = [
            models.UniqueConstraint(fields=["sales_person", "year", "month"], name="uq_sales_target",
                                    violation_error_message="This sales person already has a target for that month."),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="sales_target_month_range",
                                   violation_error_message="The month is a number from 1 to 12."),
            models.CheckConstraint(condition=Q(target_amount__gte=0), name="sales_target_amount_not_negative",
                                   violation_error_message="A target cannot be negative."),
        ]

    def __str__(self) -> str:
        return f"{self.sales_person} {self.year}-{self.month:02d}"
