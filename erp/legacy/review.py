"""What a person reviews after adoption: proposed links, money values, values set aside (the review page's data).

The page itself (erp/admin.py) adds the stale legacy states the module apps declare
(`erp.admin_toolkit.landing.stale_state`). Everything here is read from the live tables, so an item
leaves the page when it is settled: a link decided, a value marked reviewed or restored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from erp.legacy.links import employee_model, subject_of
from erp.legacy.plan import qn
from erp.legacy.quarantine import model_field
from erp.models import LinkProposal, QuarantinedRow, QuarantinedValue

MONEY = QuarantinedValue.Reason.MONEY_REVIEW


def open_proposals() -> QuerySet:
    return LinkProposal.objects.filter(decision=LinkProposal.Decision.PROPOSED).order_by("kind", "id")


def money_to_review() -> QuerySet:
    return QuarantinedValue.objects.filter(reason=MONEY, reviewed_at__isnull=True).order_by(
        "table_name", "column_name", "id")


def set_aside_to_review() -> QuerySet:
    return QuarantinedValue.objects.exclude(reason=MONEY).filter(
        reviewed_at__isnull=True, restored_at__isnull=True).order_by("table_name", "column_name", "id")


def adopted() -> bool:
    """Did an adoption leave anything to review on this database (proposals or quarantined values)?"""
    return LinkProposal.objects.exists() or QuarantinedValue.objects.exists()


@dataclass
class ProposalRow:
    proposal: LinkProposal
    subject: str
    proposed: str


def proposal_rows(limit: int = 500) -> list[ProposalRow]:
    proposals = list(open_proposals()[:limit])
    employees = employee_model()._default_manager.in_bulk(
        [p.proposed_pk for p in proposals if p.proposed_pk is not None])
    rows = []
    for p in proposals:
        subject = subject_of(p)
        if p.kind == LinkProposal.Kind.USER_EMPLOYEE:
            label = f"user {subject.get_username()}" + (f" <{subject.email}>" if subject and subject.email else "") \
                if subject else f"user #{p.object_pk} (gone)"
        else:
            label = f"vehicle {subject.vehicle_number} (driver “{subject.driver_name}”)" if subject \
                else f"vehicle #{p.object_pk} (gone)"
        proposed = employees.get(int(p.proposed_pk)) if p.proposed_pk else None
        rows.append(ProposalRow(p, label, str(proposed) if proposed else ""))
    return rows


def employee_choices() -> list[tuple[str, str]]:
    return [(str(e.pk), str(e)) for e in employee_model()._default_manager.order_by("last_name", "first_name", "pk")]


def current_value(record: QuarantinedValue) -> str | None:
    """The value the row holds now (what the ERP shows), read from its table."""
    model, f = model_field(record.table_name, record.column_name)
    pk = model._meta.pk.column if model is not None else "id"
    with connections["default"].cursor() as cur:
        cur.execute(f"SELECT {qn(record.column_name)} FROM {qn(record.table_name)} WHERE {qn(pk)} = %s",
                    [record.row_pk])
        row = cur.fetchone()
    return None if row is None or row[0] is None else str(row[0])


def record_url(record: QuarantinedValue) -> str | None:
    """The admin change page of the row a quarantined value belongs to, when the admin has one."""
    from django.contrib import admin
    from django.urls import reverse

    model, _ = model_field(record.table_name, record.column_name)
    if model is None or not admin.site.is_registered(model):
        return None
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.row_pk])


def mark_reviewed(*, ids: list[str], reviewed_by: str) -> int:
    """Mark quarantined values reviewed (once): they leave the review page and stay in Quarantined values."""
    clean = [i for i in ids if str(i).isdigit()]
    if len(clean) != len(ids):
        raise ValidationError("Only the listed values can be marked reviewed.")
    return QuarantinedValue.objects.filter(pk__in=clean, reviewed_at__isnull=True).update(
        reviewed_at=timezone.now(), reviewed_by=reviewed_by)


PAGE = "ERP administration › Post-adoption review (/admin/erp/adoption-review/)"


def checklist(*, using: str = "default") -> list[dict]:
    """What the adopting company reviews after adoption: what, where, how many (printed by adopt_legacy)."""
    from erp.admin_toolkit.landing import STALE

    values = QuarantinedValue.objects.using(using).filter(reviewed_at__isnull=True)
    proposals = LinkProposal.objects.using(using).filter(decision=LinkProposal.Decision.PROPOSED)
    items = [
        {"what": "link user accounts to employees (needed for manager steps such as leave approval)",
         "count": proposals.filter(kind=LinkProposal.Kind.USER_EMPLOYEE).count(), "where": PAGE},
        {"what": "confirm the regular driver of each vehicle",
         "count": proposals.filter(kind=LinkProposal.Kind.VEHICLE_DRIVER).count(), "where": PAGE},
        {"what": "check money values (and other amounts rounded to their field) against what the legacy screens "
                 "showed, and mark them reviewed",
         "count": values.filter(reason=MONEY).count(), "where": PAGE},
        {"what": "values set aside by adoption: restore (Quarantined values), correct or mark reviewed",
         "count": values.exclude(reason=MONEY).filter(restored_at__isnull=True).count(),
         "where": PAGE},
        {"what": "rows set aside whole by adoption: correct and restore them (Quarantined rows)",
         "count": QuarantinedRow.objects.using(using).filter(restored_at__isnull=True).count(),
         "where": "ERP administration > Quarantined rows"},
    ]
    today = timezone.localdate()
    for state in STALE:
        items.append({"what": f"{state.label}: {state.settle}",
                      "count": state.rows(state.model._default_manager.using(using).all(), today).count(),
                      "where": PAGE})
    return items


def unlinked_staff_count() -> int:
    return get_user_model()._default_manager.filter(is_active=True, is_staff=True, employee__isnull=True).count()
