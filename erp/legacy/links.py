"""Links the legacy application guessed, proposed for a person to confirm: user account → employee, vehicle → driver.

The legacy application found a user's employee record by e-mail address and a vehicle's driver by a typed
name. The ERP links them explicitly (`Employee.user`, `Vehicle.driver_employee`); adoption writes one
LinkProposal per active staff user account not linked yet and per vehicle without a regular driver, with
the match it found and why, and links nothing itself. An administrator confirms or corrects each on the
Post-adoption review page (`decide_link`). The module apps are reached through the app registry.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Lower, Trim
from django.utils import timezone

from erp.models import LinkProposal

Kind = LinkProposal.Kind
Decision = LinkProposal.Decision


def employee_model():
    return apps.get_model("hr", "Employee")


def vehicle_model():
    return apps.get_model("fleet", "Vehicle")


def _full_names(employees):
    return employees.annotate(_full_name=Lower(Trim(Concat(
        Trim(F("first_name")), Value(" "), Trim(F("last_name")), output_field=CharField()))))


def normalised_name(name: str | None) -> str:
    return " ".join((name or "").split()).lower()


def _one(matches, what: str) -> tuple[object | None, str | None]:
    """(the match, None) when exactly one; else (None, why not)."""
    found = list(matches[:2])
    if len(found) == 1:
        return found[0], None
    return None, (f"no employee with {what}" if not found else f"several employees with {what}")


def propose_user_link(user, *, using: str = "default") -> tuple[object | None, str]:
    """The employee for a user account: the same e-mail address, else the same full name, when unique."""
    employees = employee_model()._default_manager.using(using).filter(user__isnull=True)
    reasons = []
    email = (user.email or "").strip()
    if email:
        match, why = _one(employees.filter(email__iexact=email), f"the e-mail address {email}")
        if match is not None:
            return match, f"same e-mail address ({email})"
        reasons.append(why)
    full_name = normalised_name(user.get_full_name())
    if full_name:
        match, why = _one(_full_names(employees).filter(_full_name=full_name),
                          f"the full name {user.get_full_name().strip()!r}")
        if match is not None:
            return match, f"same full name ({user.get_full_name().strip()})"
        reasons.append(why)
    if not reasons:
        reasons.append("the account has neither an e-mail address nor a full name")
    return None, "; ".join(reasons) + ": choose the employee"


def propose_driver(vehicle, *, using: str = "default") -> tuple[object | None, str]:
    """The regular driver of a vehicle: the one employee whose full name is the legacy driver name."""
    name = " ".join((vehicle.driver_name or "").split())
    if not name:
        return None, "no legacy driver name: choose the driver"
    employees = _full_names(employee_model()._default_manager.using(using))
    match, why = _one(employees.filter(_full_name=name.lower()), f"the name {name!r}")
    if match is not None:
        return match, f"legacy driver name {name!r}"
    return None, f"legacy driver name {name!r}: {why}; choose the driver"


def propose_links(*, run_id: str, using: str = "default") -> dict[str, int]:
    """Write the proposals adoption makes (once per record: a re-run adds only new ones); return counts."""
    existing = set(LinkProposal.objects.using(using).values_list("kind", "object_pk"))
    new = []
    users = get_user_model()._default_manager.using(using).filter(is_active=True, is_staff=True,
                                                                 employee__isnull=True).order_by("pk")
    for user in users:
        if (Kind.USER_EMPLOYEE, str(user.pk)) in existing:
            continue
        match, basis = propose_user_link(user, using=using)
        new.append(LinkProposal(kind=Kind.USER_EMPLOYEE, object_pk=str(user.pk), basis=basis[:255],
                                proposed_pk=None if match is None else str(match.pk), adoption_run=run_id))
    for vehicle in vehicle_model()._default_manager.using(using).filter(driver_employee__isnull=True).order_by("pk"):
        if (Kind.VEHICLE_DRIVER, str(vehicle.pk)) in existing:
            continue
        match, basis = propose_driver(vehicle, using=using)
        new.append(LinkProposal(kind=Kind.VEHICLE_DRIVER, object_pk=str(vehicle.pk), basis=basis[:255],
                                proposed_pk=None if match is None else str(match.pk), adoption_run=run_id))
    LinkProposal.objects.using(using).bulk_create(new)
    return {"proposals": len(new), "with_a_match": sum(1 for p in new if p.proposed_pk is not None)}


def subject_of(proposal: LinkProposal, *, using: str = "default"):
    """The user account or vehicle a proposal is about (None when it no longer exists)."""
    model = get_user_model() if proposal.kind == Kind.USER_EMPLOYEE else vehicle_model()
    return model._default_manager.using(using).filter(pk=proposal.object_pk).first()


def decide_link(*, proposal: LinkProposal, employee_pk: str | int | None, decided_by: str,
                using: str = "default") -> LinkProposal:
    """Link the proposal's record to `employee_pk` (None: no link) and record who decided.

    Refused (ValidationError, nothing changed) when the proposal was decided already, its record or the
    employee no longer exists, or the employee already has another user account.
    """
    Employee = employee_model()
    with transaction.atomic(using=using):
        proposal = LinkProposal.objects.using(using).select_for_update().get(pk=proposal.pk)
        if proposal.decision != Decision.PROPOSED:
            raise ValidationError(f"This link was decided already ({proposal.get_decision_display().lower()} "
                                  f"by {proposal.decided_by}).")
        subject = subject_of(proposal, using=using)
        if subject is None:
            raise ValidationError(f"{proposal.get_kind_display()}: record #{proposal.object_pk} no longer exists.")
        employee = None
        if employee_pk not in (None, ""):
            employee = Employee._default_manager.using(using).select_for_update().filter(pk=employee_pk).first()
            if employee is None:
                raise ValidationError(f"Employee #{employee_pk} does not exist.")
        if proposal.kind == Kind.USER_EMPLOYEE:
            if employee is not None:
                if employee.user_id is not None and employee.user_id != subject.pk:
                    raise ValidationError(f"{employee} is already linked to another user account.")
                linked = Employee._default_manager.using(using).filter(user=subject).exclude(pk=employee.pk).first()
                if linked is not None:
                    raise ValidationError(f"User {subject.get_username()!r} is already linked to {linked}.")
                employee.user = subject
                employee.save(using=using, update_fields=["user", "updated_at"])
        elif employee is not None:
            subject.driver_employee = employee
            subject.save(using=using, update_fields=["driver_employee", "updated_at"])
        if employee is None:
            proposal.decision = Decision.NO_LINK
        elif proposal.proposed_pk is not None and str(employee.pk) == proposal.proposed_pk:
            proposal.decision = Decision.CONFIRMED
        else:
            proposal.decision = Decision.CORRECTED
        proposal.linked_pk = None if employee is None else str(employee.pk)
        proposal.decided_by = decided_by
        proposal.decided_at = timezone.now()
        proposal.save(using=using, update_fields=["decision", "linked_pk", "decided_by", "decided_at"])
    return proposal
