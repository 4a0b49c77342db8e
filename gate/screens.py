"""The gate screen's pages for people and gate passes (erp/admin_toolkit/phone_screen.py), for a guard's phone.

People: search by name or phone, tap Entry or Exit (gate.services), take the person's photo with the phone's
camera. Gate pass: type or scan the code printed on the pass (its QR code: a scanner app types it into the
field), then tap Verify or Release (dispatch.services). The guest list has its own page (guestlist.screens).
"""

import re
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone

from dispatch.models import GatePass
from dispatch.services import gate_pass_code, gate_pass_from_code, gate_pass_release, gate_pass_verify
from erp.admin_toolkit.phone_screen import render_screen, run_step, screen_tab

from . import services
from .models import GateEntryLog, GateEntrySession, GateUser

RESULTS = 10


def may_pass_people(user) -> bool:
    return user.has_perm("gate.change_gateuser")  # as the "Record entry/exit now" actions


def may_look_up_passes(user) -> bool:
    return user.has_perm("dispatch.view_gatepass") or user.has_perm("dispatch.change_gatepass")


def photo_src(value: str | None) -> str:
    """The stored photo as an image address (data: URI), or "" when there is none or it is not base64."""
    if not value:
        return ""
    if value.startswith("data:image/"):
        return value if re.fullmatch(r"data:image/(jpeg|png|webp);base64,[A-Za-z0-9+/=\s]+", value) else ""
    return f"data:image/jpeg;base64,{value}" if re.fullmatch(r"[A-Za-z0-9+/=\s]+", value) else ""


def posted_key(request, name: str) -> int:
    """The record a button names (a hidden field): a 404 for anything but a number, never a server error."""
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404(f"No {name} {value!r}.")
    return int(value)


def _inside(person: GateUser) -> bool:
    return bool(person.last_entry and (not person.last_exit or person.last_entry > person.last_exit))


def people(request):
    if not may_pass_people(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    if request.method == "POST":
        person = get_object_or_404(GateUser, pk=posted_key(request, "user"))
        action = request.POST.get("action")
        if action in (GateEntryLog.Action.ENTRY, GateEntryLog.Action.EXIT):
            record = services.gate_entry_record if action == GateEntryLog.Action.ENTRY else services.gate_exit_record

            def step():
                log = record(user=person)
                if log.status == GateEntryLog.Status.BLOCKED:  # the service logged the refused attempt
                    raise ValidationError(f"{log.get_action_display()} refused: {person.name} is blocked "
                                          "(the attempt is logged).")
                return log

            run_step(request, person, step, "Recorded as entering" if action == "entry" else "Recorded as leaving")
        elif action == "photo":
            upload = request.FILES.get("photo")
            # Read no more than the service accepts (one byte more, so it can say the photo is too big).
            image = upload.read(services.PHOTO_MAX_UPLOAD + 1) if upload else b""
            run_step(request, person, lambda: services.gate_user_set_photo(user=person, image=image), "Photo taken")
        return redirect(reverse("gate_screen") + (f"?{urlencode({'q': query})}" if query else ""))
    if query:
        found = GateUser.objects.filter(Q(name__icontains=query) | Q(phone__startswith=query.replace(" ", "")))
        heading = f"Found for “{query}”"
    else:  # who is inside today: the ones the guard will see leave
        inside = GateEntrySession.objects.filter(date=timezone.localdate(), status=GateEntrySession.Status.INSIDE)
        found = GateUser.objects.filter(pk__in=inside.values("user_id"))
        heading = "Inside now"
    rows = [{"person": person, "inside": _inside(person), "photo": photo_src(person.photo)}
            for person in found.order_by("name", "id")[:RESULTS]]
    return render_screen(request, "people", "gate/screen/people.html",
                         {"query": query, "rows": rows, "heading": heading, "more": found.count() > RESULTS})


def gate_pass(request):
    if not may_look_up_passes(request.user):
        raise PermissionDenied
    code = (request.POST.get("code") if request.method == "POST" else request.GET.get("code", "")) or ""
    code = code.strip()[:60]
    found, refusal = None, None
    if code:
        try:
            found = gate_pass_from_code(code=code)
        except ValidationError as error:
            refusal = " ".join(error.messages)
    if request.method == "POST" and found is not None:
        if not request.user.has_perm("dispatch.change_gatepass"):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "verify":
            run_step(request, found, lambda: gate_pass_verify(gate_pass=found), "Verified",
                     name=str(found))
        elif action == "release":
            run_step(request, found, lambda: gate_pass_release(gate_pass=found), "Released (the goods left)",
                     name=str(found))
        return redirect(reverse("gate_screen_pass") + "?" + urlencode({"code": gate_pass_code(gate_pass=found)}))
    return render_screen(request, "pass", "gate/screen/pass.html", {
        "code": code, "gate_pass": found, "refusal": refusal,
        "dispatch": found.dispatch_request if found else None,
        "can_decide": request.user.has_perm("dispatch.change_gatepass"),
        "Status": GatePass.Status,
    })


screen_tab(key="people", label="People", url_name="gate_screen", allowed=may_pass_people)
screen_tab(key="pass", label="Gate pass", url_name="gate_screen_pass", allowed=may_look_up_passes)

urlpatterns = [
    path("", admin.site.admin_view(people), name="gate_screen"),
    path("pass/", admin.site.admin_view(gate_pass), name="gate_screen_pass"),
]
