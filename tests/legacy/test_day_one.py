"""Day one after adoption (MariaDB leg): the full legacy database is adopted, then each legacy user logs in with
the old password through the admin's login page and does one step of the day's work on the old rows; the
post-adoption review page lists the proposed links and the stale legacy states, and settling each clears it.

The requests go through Django's test client against the adopted database itself (the test's connection is
pointed at it for the module), so what is proven is what the adopting company's staff would see.
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.urls import reverse

from dispatch.models import DispatchRequest
from erp.core import wording
from erp.models import LinkProposal, QuarantinedValue
from fleet.models import TransportJob, Vehicle
from gate.models import GateUser
from guestlist.models import GuestVisit
from hr.models import Employee, Leave
from purchasing.models import PurchaseOrder
from sales.models import SalesOrder
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.support import post_action, shown_messages
from tests.legacy.support import adopt, legacy_database
from tests.legacy.test_legacy_users import LEGACY_LOGINS, PRODUCTION_HASHERS
from tests.support import is_mysql, verified_login

pytestmark = [pytest.mark.usefixtures("mysql_only"), pytest.mark.slow]
REVIEW = "/admin/erp/adoption-review/"


@contextmanager
def on_database(name: str):
    """This process's default connection pointed at database `name` (every thread's new connection too)."""
    settings_dict = connections["default"].settings_dict
    old = settings_dict["NAME"]
    connections["default"].close()
    settings_dict["NAME"] = name
    try:
        yield
    finally:
        connections["default"].close()
        settings_dict["NAME"] = old


@pytest.fixture(scope="module")
def adopted(django_db_setup, django_db_blocker, tmp_path_factory):
    if not is_mysql():
        pytest.skip("needs MySQL/MariaDB: runs in the MariaDB leg")
    with legacy_database("schema.sql", "data.sql") as db:
        result, report = adopt(db, "--resolve", "quarantine", report=tmp_path_factory.mktemp("day1") / "a.json")
        assert result.returncode == 0, result.stdout + result.stderr
        with django_db_blocker.unblock(), on_database(db.name), PRODUCTION_HASHERS:
            yield {"db": db, "report": report, "stdout": result.stdout}


def log_in(username: str) -> Client:
    """A browser session: the admin's login page with the legacy password."""
    client = Client()
    page = client.get(reverse("admin:login"))
    assert page.status_code == 200
    response = client.post(reverse("admin:login"), {"username": username, "password": LEGACY_LOGINS[username],
                                                    "next": "/admin/"})
    # The legacy password is accepted; superusers and some groups are then asked for a second factor.
    assert response.status_code == 302, (username, response.status_code)
    assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/two-factor/"), response
    verified_login(client, User.objects.get(username=username))  # the second factor, passed
    return client


def shown(client: Client, response) -> list[str]:
    """The messages the redirect's page shows (that page is fetched, so they are not shown again)."""
    messages = shown_messages(response)
    assert client.get(response["Location"]).status_code == 200
    return messages


def action(client: Client, model, name: str, *rows) -> list[str]:
    opts = model._meta
    return shown(client, post_action(client, reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                                     name, rows))


def proposal_for(kind: str, pk) -> LinkProposal:
    return LinkProposal.objects.get(kind=kind, object_pk=str(pk))


def decide(client: Client, proposal: LinkProposal, employee) -> list[str]:
    response = client.post(REVIEW, {"proposal": proposal.pk, "employee": "" if employee is None else employee.pk,
                                    "decide" if employee is not None else "no_link": ""})
    assert response.status_code == 302
    return shown(client, response)


def test_adoption_prints_no_password_that_does_not_work_and_ends_with_the_checklist(adopted):
    out = adopted["stdout"]
    # migrate's first admin was taken over by the legacy `admin`: its generated password is never shown.
    assert "password:" not in out
    assert "First admin: taken over by the legacy user with its id and username" in out
    checklist = out[out.index("Checklist after adoption (open items):"):]
    assert "6  link user accounts to employees" in checklist
    assert f"{len(adopted['report']['money_changes'])}  check money values" in checklist
    assert "3  Guests checked in on an earlier day and never checked out: Check them out" in checklist
    assert "Where: ERP administration › Post-adoption review (/admin/erp/adoption-review/)" in checklist
    assert {i["what"][:20] for i in adopted["report"]["checklist"]} >= {"link user accounts t"}


def test_adoption_proposes_links(adopted):
    U, V = LinkProposal.Kind.USER_EMPLOYEE, LinkProposal.Kind.VEHICLE_DRIVER
    hr_manager = proposal_for(U, 2)  # Priya Mehta's record has the legacy account's e-mail
    assert hr_manager.proposed_pk == str(Employee.objects.get(employee_id="EMP0013").pk)
    assert hr_manager.basis == "same e-mail address (hr@example.com)"
    for user_pk in (1, 3, 4, 5, 6):  # no employee has their e-mail (gate.security has none): nothing proposed
        assert proposal_for(U, user_pk).proposed_pk is None, user_pk
    assert proposal_for(V, 1).proposed_pk == str(Employee.objects.get(employee_id="EMP0020").pk)  # "Ramesh Pawar"
    assert proposal_for(V, 2).proposed_pk is None  # "Suresh Kale": no such employee
    assert not Employee.objects.filter(user__isnull=False).exists()  # nothing linked before a person decides
    assert adopted["report"]["link_proposals"] == {"proposals": LinkProposal.objects.count(), "with_a_match": 2}


def test_values_failing_their_fields_validation_are_conflicts_resolved_at_adoption(adopted):
    conflicts = {(c["table"], c["column"]): c for c in adopted["report"]["conflicts"]}
    party = conflicts[("dispatch_request", "party_email")]
    assert (party["reason"], party["count"], party["example_keys"]) == ("invalid_value", 3, [2, 3, 5])
    assert party["detail"] == "fails the field's validation (Enter a valid email address.)"
    assert DispatchRequest.objects.get(pk=3).party_email is None
    record = QuarantinedValue.objects.get(table_name="dispatch_request", column_name="party_email", row_pk="3")
    assert (record.original_value, record.restorable) == ("zoë.obrien3@example.net", True)
    # A required, unique e-mail has no replacement: kept as it is, recorded for review.
    kept = conflicts[("employees", "email")]
    assert kept["resolution"].startswith("kept as it is")
    assert Employee.objects.get(employee_id="EMP0005").email == "łukasz.müller.5@company.example"
    assert QuarantinedValue.objects.filter(table_name="employees", column_name="email", restorable=False).count() \
        == kept["count"]
    # Decimal places a field does not keep are recorded for review beside what the legacy screens showed.
    rating = {(m["table"], m["column"], m["pk"]): m for m in adopted["report"]["money_changes"]}[
        ("interviews", "rating", 2)]
    assert (rating["legacy_displayed"], rating["converted"]) == ("4.25", "4.3")
    assert QuarantinedValue.objects.get(table_name="interviews", column_name="rating", row_pk="2").reason \
        == "money_review"
    # Empty text where the field may not be blank fails validation too: gate user #7 has no phone.
    phone = conflicts[("gate_users", "phone")]
    assert (phone["reason"], phone["count"], phone["example_keys"]) == ("invalid_value", 1, [7])
    assert phone["detail"] == "fails the field's validation (This field cannot be blank.)"
    assert phone["resolution"].startswith("kept as it is") and GateUser.objects.get(pk=7).phone == ""


def test_the_review_page_lists_the_proposals_and_the_stale_states(adopted):
    admin = log_in("admin")
    page = admin.get(REVIEW).content.decode()
    for username in ("hr.manager", "sales.lead", "gate.security", "purchase.officer", "transport.desk"):
        assert f"user {username}" in page
    assert "vehicle MH12AB1001 (driver “Ramesh Pawar”)" in page
    stale = dict(re.findall(r'<div class="stale" data-key="([a-z_]+)">.*?<span class="stale-count">(\d+)</span>',
                            page, re.S))
    assert stale == {
        "on_site_for_days": "3",  # guests #1, #6 and #7, "checked in" since January 2024
        "confirmed_on_a_dispatch": "1",  # SO-4, its dispatch #4 in transit
        "assigned_without_job": "1",  # MH12CD2002
        "without_order": "1",  # dispatch #8: its order 77 never existed, set aside
        "self_pickup_in_transport_state": "4",  # self pickups #2 and #6 "assigned transport", #4 and #8 in transit
        "product_on_a_dispatch_without_order": "1",  # SO-8: its product is on dispatch #8
    }, page
    assert "Mark them dispatched: Sales › Sales orders, action “Mark dispatched (already on a dispatch)”." in page
    # Every money value adoption changed is listed with what the legacy screens showed.
    money = QuarantinedValue.objects.filter(reason="money_review")
    assert money.count() == len(adopted["report"]["money_changes"]) > 0
    assert page.count('<tr class="money"') == money.count()
    landing = admin.get(reverse("admin:index"))
    items = {i["key"]: i for i in landing.context["attention"]}
    assert items["on_site"]["count"] == 0 and items["on_site"]["left_out"] == 3
    # SO-8 cannot be dispatched while dispatch #8 carries its product: not "awaiting dispatch", said so.
    assert items["awaiting_dispatch"]["count"] == 0 and items["awaiting_dispatch"]["left_out"] == 1
    guests = admin.get(reverse("admin:guestlist_guestvisit_changelist")).content.decode()
    assert "never checked out (checked in 2024-01-09 11:05)" in guests and "(on site)" not in guests


def test_each_legacy_user_does_a_step_of_the_days_work(adopted):
    """In the order a first morning goes: the admin links people; each role then works on its old rows."""
    U, V = LinkProposal.Kind.USER_EMPLOYEE, LinkProposal.Kind.VEHICLE_DRIVER
    admin = log_in("admin")
    kabir = Leave.objects.get(name="Kabir O'Brien")  # PENDING; his manager is Isha Mehta (EMP0001)
    # Not linked yet: step 1 says what to link.
    refused = action(admin, Leave, "manager_approve", kabir)
    assert any("Isha Mehta (EMP0001)" in m and "is not linked to an employee record" in m for m in refused), refused

    # The admin decides the links in one place: the proposal by e-mail confirmed, their own corrected.
    assert decide(admin, proposal_for(U, 2), Employee.objects.get(employee_id="EMP0013")) == [
        "User account → employee #2: confirmed."]
    isha = Employee.objects.get(employee_id="EMP0001")
    assert decide(admin, proposal_for(U, 1), isha) == ["User account → employee #1: corrected."]
    ramesh = Employee.objects.get(employee_id="EMP0020")
    assert decide(admin, proposal_for(V, 1), ramesh) == ["Vehicle → regular driver #1: confirmed."]

    # Leave, both steps, by two different linked people: Isha (the admin's account) as manager, then HR.
    assert action(admin, Leave, "manager_approve", kabir) == ["1 leave request approved by manager."]
    hr = log_in("hr.manager")
    assert action(hr, Leave, "hr_approve", kabir) == ["1 leave request approved by HR."]
    kabir.refresh_from_db()
    assert (kabir.status, kabir.manager_approved_by, kabir.approved_by.username) == ("APPROVED", isha, "hr.manager")
    # ...HR finishes a request its manager approved before the adoption, and cannot decide its own.
    rahul = Leave.objects.get(name="Rahul Joshi")
    assert action(hr, Leave, "hr_approve", rahul) == ["1 leave request approved by HR."]
    own = Leave.objects.get(name="Priya Mehta")  # EMP0013's own request, approved by her manager
    assert any("cannot decide on their own leave request" in m for m in action(hr, Leave, "hr_approve", own))
    own.refresh_from_db()
    assert own.status == "MANAGER_APPROVED"

    # Transport desk: the legacy job in transit is delivered (its dispatch's e-mail zoë.obrien3@example.net,
    # which the e-mail validator refuses, was set aside by adoption), and the pending one gets the regular driver.
    desk = log_in("transport.desk")
    job = TransportJob.objects.get(pk=2)
    assert job.dispatch_request.party_email is None
    assert action(desk, TransportJob, "deliver_jobs", job) == ["1 transport job delivered."]
    job.refresh_from_db()
    assert job.status == "delivered" and job.dispatch_request.status == "completed"
    pending = TransportJob.objects.get(pk=3)
    response = desk.post(reverse("admin:fleet_transportjob_assign", args=[pending.pk]),
                         {"vehicle": Vehicle.objects.get(vehicle_number="MH12AB1001").pk,
                          "driver": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert shown(desk, response) == [f"{pending} assigned to MH12AB1001, driver Ramesh Pawar."]
    assert "#" not in str(pending)
    pending.refresh_from_db()
    assert (pending.status, pending.driver) == ("assigned", ramesh)
    # Its dispatch's e-mail (aarav.müller5@example.net) was set aside too: the dispatch moved on all the same.
    assert pending.dispatch_request.status == "assigned_transport"
    # The stale vehicle, settled with the step the review page names.
    stale_vehicle = Vehicle.objects.get(vehicle_number="MH12CD2002")
    assert action(desk, Vehicle, "return_to_service", stale_vehicle) == ["1 vehicle returned to service."]

    # Gate: the guests "on site" since January 2024 are checked out.
    gate = log_in("gate.security")
    stale_guests = list(GuestVisit.objects.filter(status="checked_in"))
    assert action(gate, GuestVisit, "check_out", *stale_guests) == ["3 guest visits checked out."]
    # ...and lets in the worker registered without a phone (the log copies the record as it is).
    no_phone = GateUser.objects.get(pk=7)
    assert action(gate, GateUser, "record_entry", no_phone) == ["1 gate user recorded as entering."]
    no_phone.refresh_from_db()
    assert no_phone.last_entry is not None and no_phone.entry_logs.get().user_phone == ""

    # Sales: a pending legacy order confirmed; a confirmed one already on the road is not dispatched twice.
    sales = log_in("sales.lead")
    assert action(sales, SalesOrder, "confirm_orders", SalesOrder.objects.get(order_number="SO-2024-00011")) == [
        "1 sales order confirmed."]
    on_the_road = SalesOrder.objects.get(order_number="SO-2024-00004")
    response = desk.post(reverse("admin:dispatch_dispatchrequest_add") + f"?sales_order={on_the_road.pk}",
                         {"order_number": on_the_road.order_number, "delivery_type": "self"})
    page = response.content.decode()
    first = wording.day_of(DispatchRequest.objects.get(pk=4).created_at)
    assert f"has 0 of 1 left to dispatch: all are on its dispatch of {first} (in transit)" in page, page[:3000]
    assert "Mark dispatched" in page
    assert DispatchRequest.objects.filter(sales_order=on_the_road).count() == 1
    # SO-8's product already left on dispatch #8, whose order link (order 77, never existed) was set aside.
    so8 = SalesOrder.objects.get(order_number="SO-2024-00008")
    page = desk.post(reverse("admin:dispatch_dispatchrequest_add") + f"?sales_order={so8.pk}",
                     {"order_number": so8.order_number, "delivery_type": "self"}).content.decode()
    carrier = DispatchRequest.objects.get(pk=8)
    assert f"{carrier} (in transit) already carries" in html.unescape(page), page[:3000]
    assert "without a link to its order" in page
    assert not DispatchRequest.objects.filter(sales_order=so8).exists()

    # Purchasing: a pending legacy purchase order approved.
    buyer = log_in("purchase.officer")
    assert action(buyer, PurchaseOrder, "approve", PurchaseOrder.objects.get(po_number="PO-2024-0002")) == [
        "1 purchase order approved."]



@contextmanager
def served():
    """The admin served over real HTTP from a thread of this process (on the adopted database)."""
    server = LiveServerThread("127.0.0.1", _StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()


def test_the_review_page_in_a_browser(adopted, monkeypatch, settings):
    """An administrator finds the review from the landing page, links an account and marks a money value."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread
    desk_user = proposal_for(LinkProposal.Kind.USER_EMPLOYEE, 6)
    sneha = Employee.objects.get(employee_id="EMP0009")
    money = QuarantinedValue.objects.filter(reason="money_review", reviewed_at__isnull=True).order_by("pk").first()
    with served() as base, chromium_page() as page:
        # The admin's session, second factor passed, handed to the browser (the legacy password's login
        # page is the day's-work test's).
        client = Client()
        verified_login(client, User.objects.get(username="admin"))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
        page.goto(f"{base}/admin/")
        page.wait_for_selector("#user-tools")
        count = int(page.inner_text("a.attention-count[data-key=adoption_review]"))
        assert count > 0
        page.click("a.attention-count[data-key=adoption_review]")
        page.wait_for_selector("#review-proposals")
        row = page.locator(f"tr.proposal[data-proposal='{desk_user.pk}']")
        assert "user transport.desk <transport@example.com>" in row.inner_text()
        row.locator("select[name=employee]").select_option(label=str(sneha))
        # Each submit is awaited as a navigation: the page it leaves may already show a message (the one of
        # the step before), which a bare wait for ".messagelist li" would take for the new page's.
        with page.expect_navigation():
            row.locator("button[name=decide]").click()
        message = page.wait_for_selector(".messagelist li")
        assert message.inner_text() == "User account → employee #6: corrected.", message.inner_text()
        assert page.locator(f"tr.proposal[data-proposal='{desk_user.pk}']").count() == 0

        money_row = page.locator(f"tr.money[data-record='{money.pk}']")
        cells = money_row.locator("td")
        assert cells.nth(2).inner_text() == money.legacy_display and cells.nth(3).inner_text() != money.legacy_display
        money_row.locator("input[name=reviewed]").check()
        with page.expect_navigation():
            page.click("input[name=mark_reviewed]")
        assert page.wait_for_selector(".messagelist li").inner_text() == "1 value(s) marked reviewed."
        assert page.locator(f"tr.money[data-record='{money.pk}']").count() == 0
        page.goto(f"{base}/admin/")
        assert int(page.inner_text("a.attention-count[data-key=adoption_review]")) == count - 2
    sneha.refresh_from_db()
    assert sneha.user.username == "transport.desk"


def test_codes_read_as_words_and_legacy_vehicle_numbers_show(adopted):
    admin = log_in("admin")
    products = admin.get(reverse("admin:showroom_showroomproduct_changelist")).content.decode()
    candidates = admin.get(reverse("admin:hr_candidate_changelist")).content.decode()
    for page, code in ((products, "spare_part"), (products, "seed_drill"), (candidates, "portal"),
                       (candidates, "active")):
        assert f">{code}<" not in page, code
    assert "Seed drill" in products and "Portal" in candidates
    jobs = admin.get(reverse("admin:fleet_transportjob_changelist")).content.decode()
    assert '<td class="field-vehicle_shown">KA01XY9999</td>' in jobs


def test_settling_each_stale_state_and_proposal_clears_the_review(adopted):
    admin = log_in("admin")
    # What the day's work left: orders confirmed while on a dispatch, the dispatch without its order.
    so4 = SalesOrder.objects.get(order_number="SO-2024-00004")
    assert action(admin, SalesOrder, "mark_dispatched", so4) == ["1 sales order marked dispatched."]
    # Self pickups left in transit (#4, and #8 without its order) have left: completed; SO-4 is then delivered.
    # Those "assigned transport" (#2, #6) are still in the yard: ready for pickup. Dispatch #8 cannot be
    # cancelled (it is on the road): the review page names this step for it.
    assert any("cannot be cancelled" in m for m in action(admin, DispatchRequest, "cancel_dispatches",
                                                          DispatchRequest.objects.get(pk=8)))
    assert action(admin, DispatchRequest, "settle_self_pickups", *DispatchRequest.objects.filter(pk__in=[2, 4, 6, 8])
                  ) == ["4 dispatch requests settled."]
    assert dict(DispatchRequest.objects.filter(pk__in=[2, 4, 6, 8]).values_list("pk", "status")) == {
        2: "ready_for_pickup", 4: "completed", 6: "ready_for_pickup", 8: "completed"}
    so4.refresh_from_db()
    assert so4.order_status == "delivered"
    for proposal in LinkProposal.objects.filter(decision="proposed"):
        assert decide(admin, proposal, None)[0].endswith(": no link.")
    values = list(QuarantinedValue.objects.filter(restored_at__isnull=True, reviewed_at__isnull=True)
                  .values_list("pk", flat=True))
    response = admin.post(REVIEW, {"mark_reviewed": "", "reviewed": values})
    assert shown(admin, response) == [f"{len(values)} value(s) marked reviewed."]

    page = admin.get(REVIEW).content.decode()
    assert "No stale states." in page and "Nothing to confirm." in page and "Nothing to review." in page
    landing = admin.get(reverse("admin:index"))
    assert "adoption_review" not in {i["key"] for i in landing.context["attention"]}
