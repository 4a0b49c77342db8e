"""Links proposed by adoption, decided on the post-adoption review page; money and set-aside values marked
reviewed; stale legacy states listed with the step that settles them; the landing page's count (both legs)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from erp.legacy import links
from erp.models import LinkProposal, QuarantinedValue
from fleet.models import Vehicle
from guestlist.models import GuestVisit
from hr.models import Employee
from tests.hr import factories as hr_factories
from tests.support import verified_login

pytestmark = pytest.mark.django_db
REVIEW = "/admin/erp/adoption-review/"


@pytest.fixture
def site(group_user):
    """A site as adoption leaves it: accounts and vehicles not linked, one match of each kind, one doubtful."""
    by_mail = hr_factories.employee(first_name="Priya", last_name="Gupta", email="Priya.Gupta@example.com")
    hr_factories.employee(first_name="Isha", last_name="Rao")
    hr_factories.employee(first_name="Isha", last_name="Rao")  # two of them: no proposal by name
    by_name = hr_factories.employee(first_name="Kabir", last_name="Mehta")
    driver = hr_factories.employee(first_name="Ramesh", last_name="Pawar")
    users = {
        "mail": group_user("HR", username="hr.manager", email="priya.gupta@example.com"),
        "name": group_user("Sales", username="kabir", first_name="Kabir", last_name=" Mehta"),
        "twice": group_user("Sales", username="isha", first_name="Isha", last_name="Rao"),
        "none": group_user("Gate", username="gate.security"),
    }
    vehicles = {
        "one": Vehicle.objects.create(vehicle_number="MH12AB1001", vehicle_type="truck", driver_name="Ramesh  Pawar"),
        "unknown": Vehicle.objects.create(vehicle_number="MH15GH4004", vehicle_type="trailer", driver_name="Unknown"),
    }
    result = links.propose_links(run_id="test-run")
    return {"users": users, "vehicles": vehicles, "by_mail": by_mail, "by_name": by_name, "driver": driver,
            "result": result}


def proposal(kind, obj):
    return LinkProposal.objects.get(kind=kind, object_pk=str(obj.pk))


def test_adoption_proposes_links_only_where_the_match_is_unique(site):
    U, V = LinkProposal.Kind.USER_EMPLOYEE, LinkProposal.Kind.VEHICLE_DRIVER
    users, vehicles = site["users"], site["vehicles"]
    assert proposal(U, users["mail"]).proposed_pk == str(site["by_mail"].pk)
    assert "same e-mail address" in proposal(U, users["mail"]).basis
    assert proposal(U, users["name"]).proposed_pk == str(site["by_name"].pk)
    assert "same full name" in proposal(U, users["name"]).basis
    assert proposal(U, users["twice"]).proposed_pk is None
    assert "several employees with the full name" in proposal(U, users["twice"]).basis
    assert proposal(U, users["none"]).proposed_pk is None
    assert proposal(V, vehicles["one"]).proposed_pk == str(site["driver"].pk)
    assert proposal(V, vehicles["unknown"]).proposed_pk is None
    assert "no employee with the name 'Unknown'" in proposal(V, vehicles["unknown"]).basis
    # Nothing is linked until a person decides; a second run adds nothing.
    assert not Employee.objects.filter(user__isnull=False).exists()
    assert not Vehicle.objects.filter(driver_employee__isnull=False).exists()
    assert links.propose_links(run_id="again") == {"proposals": 0, "with_a_match": 0}


def test_the_review_page_lists_each_proposal_and_deciding_clears_it(client, superuser, site):
    users, vehicles = site["users"], site["vehicles"]
    verified_login(client, superuser)
    page = client.get(REVIEW).content.decode()
    for username in ("hr.manager", "kabir", "isha", "gate.security"):
        assert f"user {username}" in page
    assert "vehicle MH12AB1001 (driver “Ramesh  Pawar”)" in page and "vehicle MH15GH4004" in page
    landing = client.get(reverse("admin:index"))
    count = {i["key"]: i["count"] for i in landing.context["attention"]}["adoption_review"]
    assert count == LinkProposal.objects.count()  # every proposal is open; nothing else to review yet

    confirm = proposal(LinkProposal.Kind.USER_EMPLOYEE, users["mail"])
    response = client.post(REVIEW, {"proposal": confirm.pk, "employee": confirm.proposed_pk, "decide": ""},
                           follow=True)
    assert "User account → employee #%s: confirmed." % users["mail"].pk in response.content.decode()
    assert site["by_mail"].__class__.objects.get(pk=site["by_mail"].pk).user == users["mail"]
    assert "user hr.manager" not in response.content.decode()

    # Correct: the account without a match is linked to the employee the admin picks.
    other = hr_factories.employee(first_name="Rahul", last_name="Das")
    pick = proposal(LinkProposal.Kind.USER_EMPLOYEE, users["none"])
    client.post(REVIEW, {"proposal": pick.pk, "employee": other.pk, "decide": ""})
    pick.refresh_from_db()
    other.refresh_from_db()
    assert (pick.decision, pick.linked_pk, other.user) == ("corrected", str(other.pk), users["none"])

    # The vehicle's driver, confirmed; the unknown one declined.
    driver = proposal(LinkProposal.Kind.VEHICLE_DRIVER, vehicles["one"])
    client.post(REVIEW, {"proposal": driver.pk, "employee": driver.proposed_pk, "decide": ""})
    vehicles["one"].refresh_from_db()
    assert vehicles["one"].driver_employee == site["driver"]
    client.post(REVIEW, {"proposal": proposal(LinkProposal.Kind.VEHICLE_DRIVER, vehicles["unknown"]).pk,
                         "employee": "", "no_link": ""})
    assert proposal(LinkProposal.Kind.VEHICLE_DRIVER, vehicles["unknown"]).decision == "no_link"

    # Wrong input changes nothing and says why.
    taken = proposal(LinkProposal.Kind.USER_EMPLOYEE, users["name"])
    response = client.post(REVIEW, {"proposal": taken.pk, "employee": site["by_mail"].pk, "decide": ""}, follow=True)
    assert "is already linked to another user account" in response.content.decode()
    response = client.post(REVIEW, {"proposal": taken.pk, "employee": "1; DROP", "decide": ""}, follow=True)
    assert "Choose an employee from the list." in response.content.decode()
    for junk in ("abc", "", "99999999", "1" * 40):
        response = client.post(REVIEW, {"proposal": junk, "employee": site["by_name"].pk, "decide": ""}, follow=True)
        assert "That proposal does not exist." in response.content.decode(), junk
    response = client.post(REVIEW, {"proposal": confirm.pk, "employee": confirm.proposed_pk, "decide": ""},
                           follow=True)
    assert "was decided already" in response.content.decode()
    taken.refresh_from_db()
    assert taken.decision == "proposed"
    landing = client.get(reverse("admin:index"))
    assert {i["key"]: i["count"] for i in landing.context["attention"]}["adoption_review"] == count - 4


def test_decisions_need_permissions(client, group_user, site):
    verified_login(client, group_user("HR"))
    assert client.get(REVIEW).status_code == 403
    assert "adoption_review" not in {i["key"] for i in client.get(reverse("admin:index")).context["attention"]}


def test_money_and_set_aside_values_are_marked_reviewed(client, superuser, site):
    vehicle = site["vehicles"]["one"]
    money = QuarantinedValue.objects.create(
        table_name="vehicle", column_name="capacity", row_pk=str(vehicle.pk), reason="money_review",
        original_value="149999.984375", replacement_value="149999.98", legacy_display="150000",
        restorable=False, adoption_run="r")
    aside = QuarantinedValue.objects.create(
        table_name="vehicle", column_name="notes", row_pk=str(vehicle.pk), reason="invalid_value",
        original_value="bad", replacement_value=None, adoption_run="r")
    Vehicle.objects.filter(pk=vehicle.pk).update(capacity="149999.98")
    verified_login(client, superuser)
    page = client.get(REVIEW).content.decode()
    assert '<td class="legacy-display">150000</td>' in page and '<td class="stored-now">149999.98</td>' in page
    assert f'data-record="{aside.pk}"' in page
    response = client.post(REVIEW, {"mark_reviewed": "", "reviewed": [money.pk, aside.pk]}, follow=True)
    assert "2 value(s) marked reviewed." in response.content.decode()
    money.refresh_from_db()
    assert money.reviewed_by == superuser.username and money.reviewed_at is not None
    page = client.get(REVIEW).content.decode()
    assert f'data-record="{money.pk}"' not in page and f'data-record="{aside.pk}"' not in page
    response = client.post(REVIEW, {"mark_reviewed": ""}, follow=True)
    assert "Select the values you reviewed first." in response.content.decode()


def test_stale_states_are_listed_with_their_step_and_left_out_of_the_landing_count(client, superuser, site):
    today = timezone.localdate()
    stale = GuestVisit.objects.create(guest_name="Sneha", meeting_person="Arjun", purpose="Meeting",
                                      status="checked_in", visit_date=today - dt.timedelta(days=400),
                                      in_time=timezone.now() - dt.timedelta(days=400))
    GuestVisit.objects.create(guest_name="Here", meeting_person="Arjun", purpose="Meeting", status="checked_in",
                              visit_date=today, in_time=timezone.now())
    verified_login(client, superuser)
    page = client.get(REVIEW).content.decode()
    assert "Guests checked in on an earlier day and never checked out" in page
    assert "Check them out: Guest list › Guest visits, action “Check out now”." in page
    landing = client.get(reverse("admin:index"))
    on_site = next(i for i in landing.context["attention"] if i["key"] == "on_site")
    assert (on_site["count"], on_site["left_out"]) == (1, 1)
    assert "(1 stale left out)" in landing.content.decode()
    # The step named settles it: the guest is checked out, and the page no longer lists it.
    client.post(reverse("admin:guestlist_guestvisit_changelist"),
                {"action": "check_out", "_selected_action": [stale.pk]})
    stale.refresh_from_db()
    assert stale.status == "checked_out"
    assert "Guests checked in on an earlier day" not in client.get(REVIEW).content.decode()


def test_a_link_decided_twice_at_once_is_refused(site):
    pick = proposal(LinkProposal.Kind.VEHICLE_DRIVER, site["vehicles"]["one"])
    links.decide_link(proposal=pick, employee_pk=site["driver"].pk, decided_by="a")
    with pytest.raises(ValidationError, match="decided already"):
        links.decide_link(proposal=pick, employee_pk=None, decided_by="b")
    assert Decimal(1) == Decimal(Vehicle.objects.filter(driver_employee=site["driver"]).count())
