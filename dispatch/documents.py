"""The gate pass's printed document, with its code as text and as a QR code the gate screen reads."""

import segno
from django.utils.safestring import mark_safe

from erp.admin_toolkit.documents import printed_document

from .models import GatePass
from .services import gate_pass_code


def gate_pass_context(gate_pass: GatePass) -> dict:
    code = gate_pass_code(gate_pass=gate_pass)
    return {
        "number": f"#{gate_pass.pk}",
        "gate_pass": gate_pass,
        "dispatch": gate_pass.dispatch_request,
        "code": code,
        "qr_svg": mark_safe(segno.make(code, error="m").svg_inline(scale=4, border=2)),  # noqa: S308 (segno's own markup)
    }


GATE_PASS = printed_document(GatePass, key="gate-pass", label="Gate pass",
                             template="dispatch/documents/gate_pass.html", context=gate_pass_context,
                             filename=lambda gate_pass: f"gate-pass-{gate_pass.pk}")
