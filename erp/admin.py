"""Admin for the cross-cutting records: what legacy adoption set aside (values and whole rows, one QuarantineAdmin),
the history of migration runs, link proposals, and the post-adoption review page."""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from erp.admin_toolkit.base import ReadOnlyRecordAdmin
from erp.admin_toolkit.landing import PARAMETER, STALE, attention_link
from erp.core.json_text import BoundedJSONFormField
from erp.legacy import links, review
from erp.legacy.quarantine import quarantined_value_restore
from erp.legacy.rows import quarantined_row_restore
from erp.models import LinkProposal, MigrationRun, QuarantinedRow, QuarantinedValue


class RestoredFilter(admin.SimpleListFilter):
    title = "restored"
    parameter_name = "restored"

    def lookups(self, request, model_admin):
        return [("no", "Not restored"), ("yes", "Restored")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(restored_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(restored_at__isnull=False)
        return queryset


class QuarantineAdmin(admin.ModelAdmin):
    """What adoption set aside, single values or whole rows: evidence, never added or deleted in the admin.

    The one change offered is putting a record back (its `restore` service, run by the subclass's action) with
    the model's change permission; a refusal names the record and changes nothing.
    """

    search_fields = ["=row_pk", "table_name", "column_name"]
    restored_what = "item(s)"  # "Restored 3 value(s)."
    restore_order: tuple[str, ...] = ()  # the order records are put back in (none: the list's)

    @staticmethod
    def restore(*, record, restored_by: str) -> tuple[bool, str]:  # the service that puts `record` back
        raise NotImplementedError

    def restore_label(self, record) -> str:
        return f"{record.table_name} #{record.row_pk}"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_restore_permission(self, request):
        # The records are evidence; putting one back needs the model's change permission.
        return request.user.has_perm(f"{self.opts.app_label}.{get_permission_codename('change', self.opts)}")

    def restore_selected(self, request, queryset):
        restored, refused = 0, []
        for record in queryset.order_by(*self.restore_order) if self.restore_order else queryset:
            ok, message = self.restore(record=record, restored_by=request.user.get_username())
            if ok:
                restored += 1
            else:
                refused.append(f"{self.restore_label(record)}: {message}")
        if restored:
            self.message_user(request, f"Restored {restored} {self.restored_what}.", messages.SUCCESS)
        for line in refused[:20]:
            self.message_user(request, f"Not restored – {line}", messages.WARNING)


@admin.register(QuarantinedValue)
class QuarantinedValueAdmin(QuarantineAdmin):
    """Read-only: the only change offered is putting a value back as it was."""

    list_display = ["table_name", "column_name", "row_pk", "reason", "original_value", "replacement_value",
                    "legacy_display", "restorable", "restored_at", "reviewed_at", "quarantined_at"]
    list_filter = ["reason", "table_name", RestoredFilter, "restorable", "adoption_run"]
    readonly_fields = [f.name for f in QuarantinedValue._meta.fields]
    actions = ["restore_original_value"]
    restored_what = "value(s)"
    restore = staticmethod(quarantined_value_restore)

    def restore_label(self, record) -> str:
        return f"{record.table_name}.{record.column_name} #{record.row_pk}"

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Restore original value", permissions=["restore"])
    def restore_original_value(self, request, queryset):
        self.restore_selected(request, queryset)


@admin.register(QuarantinedRow)
class QuarantinedRowAdmin(QuarantineAdmin):
    """Whole rows adoption set aside: read-only evidence, apart from the corrections a person enters before
    restoring the row (validated against the model, inserted again with its original primary key)."""

    list_display = ["table_name", "row_pk", "reason", "column_name", "detail", "cascade_of", "restored_at",
                    "quarantined_at"]
    list_filter = ["reason", "table_name", RestoredFilter, "adoption_run"]
    fields = ["table_name", "row_pk", "reason", "column_name", "detail", "row_text", "corrections", "row_data",
              "cascade_of", "adoption_run", "quarantined_at", "restored_at", "restored_by", "restore_note"]
    actions = ["restore_row"]
    # Corrections map columns to values: deeply nested JSON gets a field error, not a server error.
    formfield_overrides = {models.JSONField: {"form_class": BoundedJSONFormField}}
    restored_what = "row(s)"
    restore = staticmethod(quarantined_row_restore)
    restore_order = ("id",)  # rows set aside first come back first: a row that references another needs it back

    def get_readonly_fields(self, request, obj=None):
        editable = {"corrections"} if obj is not None and obj.restored_at is None else set()
        return [f for f in self.fields if f not in editable]

    @admin.action(description="Restore row (validated against the model)", permissions=["restore"])
    def restore_row(self, request, queryset):
        self.restore_selected(request, queryset)


@admin.register(MigrationRun)
class MigrationRunAdmin(ReadOnlyRecordAdmin):
    """Read-only: the history of migrate, adoption and repair runs (erp.migration_safety.history)."""

    list_display = ["started_at", "kind", "outcome", "duration", "os_user", "host", "command"]
    list_filter = ["kind", "outcome", "host"]
    search_fields = ["migrations", "command", "detail", "os_user"]
    readonly_fields = [f.name for f in MigrationRun._meta.fields]


@admin.register(LinkProposal)
class LinkProposalAdmin(ReadOnlyRecordAdmin):
    """Read-only history of the links adoption proposed and who decided them; decided on the review page."""

    list_display = ["kind", "object_pk", "proposed_pk", "basis", "decision", "linked_pk", "decided_by", "decided_at"]
    list_filter = ["decision", "kind", "adoption_run"]
    readonly_fields = [f.name for f in LinkProposal._meta.fields]


# ---------------------------------------------------------------- the post-adoption review page

def _stale_sections(today, limit: int = 20) -> list[dict]:
    sections = []
    for state in STALE:
        model = state.model
        if not admin.site.is_registered(model):
            continue
        opts = model._meta
        rows = state.rows(model._default_manager.all(), today)
        count = rows.count()
        if not count:
            continue
        sections.append({
            "key": state.key, "label": state.label, "settle": state.settle, "count": count,
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?{PARAMETER}={state.key}",
            "rows": [(str(row), reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
                     for row in rows[:limit]],
        })
    return sections


def review_open_count(user) -> int | None:
    """The landing page's count: everything the review page still lists (None: not this user's page)."""
    if not user.has_perm("erp.view_linkproposal") or not review.adopted():
        return None
    today = timezone.localdate()
    stale = sum(s.rows(s.model._default_manager.all(), today).count() for s in STALE
                if admin.site.is_registered(s.model))
    return (review.open_proposals().count() + review.money_to_review().count()
            + review.set_aside_to_review().count() + stale)


def adoption_review_view(request):
    """Post-adoption review: link proposals, money values, values set aside, stale legacy states."""
    user = request.user
    if not user.has_perm("erp.view_linkproposal"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            if "decide" in request.POST or "no_link" in request.POST:
                if not user.has_perm("erp.change_linkproposal"):
                    raise PermissionDenied
                key = request.POST.get("proposal", "")
                proposal = LinkProposal.objects.filter(pk=key).first() if key.isdigit() and len(key) < 12 else None
                if proposal is None:
                    raise ValidationError("That proposal does not exist.")
                employee = None if "no_link" in request.POST else request.POST.get("employee") or None
                if employee is not None and not str(employee).isdigit():
                    raise ValidationError("Choose an employee from the list.")
                needed = "hr.change_employee" if proposal.kind == LinkProposal.Kind.USER_EMPLOYEE \
                    else "fleet.change_vehicle"
                if not user.has_perm(needed):
                    raise PermissionDenied
                decided = links.decide_link(proposal=proposal, employee_pk=employee, decided_by=user.get_username())
                messages.success(request, f"{decided.get_kind_display()} #{decided.object_pk}: "
                                          f"{decided.get_decision_display().lower()}.")
            elif "mark_reviewed" in request.POST:
                if not user.has_perm("erp.change_quarantinedvalue"):
                    raise PermissionDenied
                ids = request.POST.getlist("reviewed")
                if not ids:
                    raise ValidationError("Select the values you reviewed first.")
                n = review.mark_reviewed(ids=ids, reviewed_by=user.get_username())
                messages.success(request, f"{n} value(s) marked reviewed.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("adoption_review")

    today = timezone.localdate()
    money = [(r, review.current_value(r), review.record_url(r)) for r in review.money_to_review()[:500]]
    set_aside = [(r, review.current_value(r), review.record_url(r)) for r in review.set_aside_to_review()[:500]]
    context = {
        **admin.site.each_context(request),
        "title": "Post-adoption review",
        "proposals": review.proposal_rows(),
        "employees": review.employee_choices(),
        "money": money, "money_total": review.money_to_review().count(),
        "set_aside": set_aside, "set_aside_total": review.set_aside_to_review().count(),
        "stale": _stale_sections(today),
        "unlinked_staff": review.unlinked_staff_count(),
        "can_link": user.has_perm("erp.change_linkproposal"),
        "can_mark": user.has_perm("erp.change_quarantinedvalue"),
    }
    return TemplateResponse(request, "admin/erp/adoption_review.html", context)


attention_link(key="adoption_review", label="Post-adoption review: items to settle", count=review_open_count,
               url=lambda: reverse("adoption_review"))
