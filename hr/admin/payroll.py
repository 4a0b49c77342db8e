"""Payroll in the admin: created, corrected, processed, paid and reversed through hr.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.display import status_badge
from erp.admin_toolkit.workflows import (
    ServiceForm,
    ServiceRefusalOnSave,
    add_service_errors,
    adopt_saved,
    apply_to_each,
    render_workflow_form,
)
from erp.core import wording
from hr import services
from hr.models import Payroll


class PayrollForm(ServiceForm):
    class Meta:
        model = Payroll
        fields = ["employee", "pay_period_start", "pay_period_end", "allowances", "deductions"]

    def service_check(self, data):
        if "allowances" not in self.fields:
            return
        employee = data.get("employee") or self.instance.employee
        start = data.get("pay_period_start") or self.instance.pay_period_start
        end = data.get("pay_period_end") or self.instance.pay_period_end
        services.payroll_amounts(employee=employee, period_start=start, period_end=end,
                                 allowances=data["allowances"], deductions=data["deductions"])
        if not self.instance.pk:
            services.payroll_check_overlap(employee=employee, period_start=start, period_end=end)


class PayrollReverseForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text="Kept with the reversed payroll, for whoever reads its history.")


@admin.register(Payroll)
class PayrollAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = PayrollForm
    list_display = ["employee", "pay_period_end", "net_salary", status_badge(), "payment_date"]
    export_columns = ["employee", "pay_period_start", "pay_period_end", "gross_salary", "net_salary", "status",
                      "payment_date"]
    list_filter = ["status", "salary_type"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name", "name"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    fields = ["employee", "pay_period_start", "pay_period_end", "salary_type", "monthly_salary", "allowances",
              "deductions", "gross_salary", "net_salary", "status", "payment_date", "reversed_at", "reversed_by",
              "reversal_reason", "created_at", "updated_at"]
    readonly_fields = ["salary_type", "monthly_salary", "gross_salary", "net_salary", "status", "payment_date",
                       "reversed_at", "reversed_by", "reversal_reason", "created_at", "updated_at"]
    actions = ["process", "mark_paid", "reverse"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        fixed = [*self.readonly_fields, "employee", "pay_period_start", "pay_period_end"]
        return [*fixed, "allowances", "deductions"] if obj.status in Payroll.lifecycle.closed else fixed

    def get_fields(self, request, obj=None):
        if obj is not None and obj.status == Payroll.Status.REVERSED:
            return self.fields
        return [name for name in self.fields if not name.startswith("revers")]

    def may_reverse(self, request) -> bool:
        # A paid payroll is read-only (closed), so the reversal asks for the change permission on payroll itself.
        return request.user.has_perm("hr.change_payroll")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_reverse": self.may_reverse(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        reverse = path("<path:object_id>/reverse/", self.admin_site.admin_view(self.reverse_view),
                       name="hr_payroll_reverse")
        return [reverse, *super().get_urls()]

    def reverse_view(self, request, object_id):
        payroll = self.get_object(request, object_id)
        if payroll is None:
            self.message_user(request, "That payroll does not exist (any more).", messages.WARNING)
            return redirect("admin:hr_payroll_changelist")
        if not self.may_reverse(request):
            raise PermissionDenied
        form = PayrollReverseForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                payroll = services.payroll_reverse(payroll=payroll, by=request.user,
                                                   reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                self.log_change(request, payroll, [{"changed": {"fields": ["status", "reversal_reason"]}}])
                self.message_user(request, f"{payroll} reversed. It stays as history; create the correct payroll "
                                           f"for the same period.", messages.SUCCESS)
                return redirect("admin:hr_payroll_change", payroll.pk)
        return render_workflow_form(
            self, request, form=form, title=f"Reverse {payroll}", submit_label="Reverse payroll", original=payroll,
            intro=(f"Paid on {wording.day(payroll.payment_date)}, net {payroll.net_salary}. Reversing keeps this "
                   "payroll as history and frees its period for the correct payroll." if payroll.payment_date
                   else "Only a paid payroll is reversed."),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            if obj.status == Payroll.Status.PAID:
                return  # nothing editable
            saved = services.payroll_update(payroll=obj, allowances=data["allowances"],
                                            deductions=data["deductions"])
        else:
            saved = services.payroll_create(employee=data["employee"], period_start=data["pay_period_start"],
                                            period_end=data["pay_period_end"], allowances=data["allowances"],
                                            deductions=data["deductions"])
        adopt_saved(obj, saved)

    @admin.action(description="Mark as processed", permissions=["change"])
    def process(self, request, queryset):
        apply_to_each(self, request, queryset, lambda p: services.payroll_process(payroll=p),
                      "marked as processed")

    @admin.action(description="Mark as paid today", permissions=["change"])
    def mark_paid(self, request, queryset):
        apply_to_each(self, request, queryset, lambda p: services.payroll_mark_paid(payroll=p), "marked as paid")

    @admin.action(description="Reverse the selected paid payroll (a correction)", permissions=["change"])
    def reverse(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one paid payroll to reverse.", messages.WARNING)
            return None
        return redirect("admin:hr_payroll_reverse", queryset.get().pk)
