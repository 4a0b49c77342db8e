"""The manager role in a real browser: a manager signs in, sees their team's leave only, approves one from
its page, and finds no payroll or employee records in the menu (hr/admin/team.py)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from hr.models import Employee, Leave
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.test_browser import attention_count, log_in, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def browser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def employee(number: str, first: str, manager=None) -> Employee:
    return Employee.objects.create(
        employee_id=number, first_name=first, last_name="Rao", email=f"{first.lower()}@example.com",
        department="Assembly", designation="Fitter", joining_date=datetime.date(2024, 1, 1),
        salary=Decimal("31415.00"), manager=manager)


def test_a_manager_sees_and_decides_their_team_only(live_server, browser_env):
    base = live_server.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Transactional tests may have flushed the migration's group: the same group, made again if so.
    managers, _ = Group.objects.get_or_create(name="Managers")
    from django.contrib.auth.models import Permission
    managers.permissions.set(Permission.objects.filter(
        content_type__app_label="hr",
        codename__in=["view_leave", "change_leave", "view_attendance", "change_attendance"]))
    password = make_user("mohan", email="mohan@example.com")
    user = User.objects.get(username="mohan")
    user.groups.add(managers)
    mohan = employee("E-M-1", "Mohan")
    mohan.user = user
    mohan.save()
    other_manager = employee("E-M-2", "Geeta")
    lata = employee("E-W-1", "Lata", manager=mohan)
    kiran = employee("E-W-2", "Kiran", manager=other_manager)
    start = datetime.date.today() + datetime.timedelta(7)
    mine, theirs = (Leave.objects.create(employee=e, leave_type="CASUAL", start_date=start, end_date=start,
                                         days_requested=Decimal("1.0")) for e in (lata, kiran))

    with chromium_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, base, "mohan", password)
        assert attention_count(page, base, "awaiting_approval") == 1  # the team's request, not Kiran's
        assert page.locator("#content-main a[href$='/admin/hr/leave/']").count() >= 1
        for hidden in ("payroll", "employee"):  # neither in the app list nor the sidebar
            assert page.locator(f"a[href*='/admin/hr/{hidden}/']").count() == 0, hidden
        page.click("a.attention-count[data-key=awaiting_approval]")
        page.wait_for_selector("#result_list")
        rows = page.locator("#result_list tbody tr")
        assert rows.count() == 1 and "Lata" in rows.inner_text() and "Kiran" not in page.inner_text("#changelist")
        assert "31415" not in page.content()  # no salary anywhere on the way
        page.screenshot(path=str(SCREENSHOTS / "manager-team-leave-list.png"), full_page=True)
        page.click(f"#result_list a[href*='/hr/leave/{mine.pk}/change/']")
        page.click(".step-button:text-is('Approve (manager)')")
        page.wait_for_selector(".messagelist li")
        assert "success" in page.get_attribute(".messagelist li", "class")
        page.goto(f"{base}/admin/hr/leave/{theirs.pk}/change/")
        assert "doesn’t exist" in page.inner_text(".messagelist")
        page.goto(f"{base}/admin/hr/payroll/")
        assert "403" in page.title() or "Forbidden" in page.content()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("MANAGER_APPROVED", "PENDING")
