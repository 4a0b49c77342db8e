"""The payroll's printed document: the employee's payslip."""

from erp.admin_toolkit.documents import printed_document

from .models import Payroll


def payslip_context(payroll: Payroll, _request) -> dict:
    employee = payroll.employee
    return {"number": f"{employee.employee_id} {payroll.pay_period_start:%Y-%m}", "payroll": payroll,
            "employee": employee}


PAYSLIP = printed_document(Payroll, key="payslip", label="Payslip", template="hr/documents/payslip.html",
                           context=payslip_context,
                           filename=lambda p: f"payslip-{p.employee.employee_id}-{p.pay_period_start:%Y-%m-%d}")
