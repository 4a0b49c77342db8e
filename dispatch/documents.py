"""The gate pass's printed document, with its code as text and a QR code that opens it on the gate screen."""

from urllib.parse import urlencode

import segno
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

from erp.admin_toolkit.documents import printed_document

from .models import GatePass
from .services import gate_pass_code


def gate_pass_context(gate_pass: GatePass, request) -> dict:
    code = gate_pass_code(gate_pass=gate_pass)
    # The QR code holds the gate screen's address for this pass: a phone's camera opens it, and the guard
    # taps Verify. A scanner app typing it into the gate screen's field works too (the code is read from it).
    try:
        qr_text = request.build_absolute_uri(reverse("gate_screen_pass")) + "?" + urlencode({"code": code})
    except NoReverseMatch:  # no gate screen in this project: the bare code
        qr_text = code
    return {
        "number": f"#{gate_pass.pk}",
        "gate_pass": gate_pass,
        "dispatch": gate_pass.dispatch_request,
        "code": code,
        "qr_text": qr_text,
        "qr_svg": mark_safe(segno.make(qr_text, error="m").svg_inline(scale=3, border=2)),  # noqa: S308 (segno's markup)
    }


GATE_PASS = printed_document(GatePass, key="gate-pass", label="Gate pass",
                             template="dispatch/documents/gate_pass.html", context=gate_pass_context,
                             filename=lambda gate_pass: f"gate-pass-{gate_pass.pk}")
