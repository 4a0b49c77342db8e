"""Payroll in the admin: created, corrected, processed and paid through hr.services."""

from django.contrib import admin

from erp.admin_toolkit.base import ModuleAdmin
from erp.admin_toolkit.workflows import ServiceForm, ServiceRefusalOnSave, adopt_saved, apply_to_each
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


@admin.register(Payroll)
class PayrollAdmin(ServiceRefusalOnSave, ModuleAdmin):
    form = PayrollForm
    list_display = ["employee", "pay_period_start", "pay_period_end", "gross_salary", "net_salary", "status",
                    "payment_date"]
    list_filter = ["status", "salary_type"]
    search_fields = ["employee__employee_id", "employee__first_name", "employee__last_name", "name"]
    list_select_related = ["employee"]
    autocomplete_fields = ["employee"]
    fields = ["employee", "pay_period_start", "pay_period_end", "salary_type", "monthly_salary", "allowances",
              "deductions", "gross_salary", "net_salary", "status", "payment_date", "created_at", "updated_at"]
    readonly_fields = ["salary_type", "monthly_salary", "gross_salary", "net_salary", "status", "payment_date",
                       "created_at", "updated_at"]
    actions = ["process", "mark_paid"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        fixed = [*self.readonly_fields, "employee", "pay_period_start", "pay_period_end"]
        return [*fixed, "allowances", "deductions"] if obj.status == Payroll.Status.PAID else fixed

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
