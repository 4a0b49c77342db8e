"""The gate screen's guest page (erp/admin_toolkit/phone_screen.py): today's guests, each checked in or out
with one tap through guestlist.services."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone

from erp.admin_toolkit.phone_screen import render_screen, run_step, screen_tab

from .models import GuestVisit
from .services import guest_visit_check_in, guest_visit_check_out

S = GuestVisit.Status
RESULTS = 50


def may_check_guests(user) -> bool:
    return user.has_perm("guestlist.change_guestvisit")


def guests(request):
    if not may_check_guests(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    if request.method == "POST":
        value = request.POST.get("visit", "")
        if not value.isdigit():
            raise Http404(f"No visit {value!r}.")
        visit = get_object_or_404(GuestVisit, pk=int(value))
        action = request.POST.get("action")
        if action == "check_in":
            run_step(request, visit, lambda: guest_visit_check_in(visit=visit), "Checked in")
        elif action == "check_out":
            run_step(request, visit, lambda: guest_visit_check_out(visit=visit), "Checked out")
        return redirect(reverse("gate_screen_guests") + (f"?{urlencode({'q': query})}" if query else ""))
    today = timezone.localdate()
    # Expected today and still on site (checked in today or earlier and never checked out): on the idx_status
    # and idx_visit_date indexes.
    visits = GuestVisit.objects.filter(Q(visit_date=today, status=S.SCHEDULED) | Q(status=S.CHECKED_IN))
    if query:
        visits = visits.filter(Q(guest_name__icontains=query) | Q(guest_company__icontains=query)
                               | Q(meeting_person__icontains=query) | Q(guest_contact__startswith=query))
    rows = list(visits.order_by("status", "visit_time", "guest_name", "id")[:RESULTS])
    return render_screen(request, "guests", "guestlist/screen/guests.html",
                         {"query": query, "rows": rows, "Status": S, "today": today})


screen_tab(key="guests", label="Guests", url_name="gate_screen_guests", allowed=may_check_guests)

urlpatterns = [path("", admin.site.admin_view(guests), name="gate_screen_guests")]
