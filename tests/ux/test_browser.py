"""The admin in a real browser against a live server: log in, then a day's work across the modules."""

import secrets

import pytest
from django.contrib.auth.models import User

from showroom.models import ShowroomProduct
from tests.ux.browser import chromium_page

# The live server runs in another thread; the flush after this test must not lose the bootstrap
# data (groups, first admin) the other tests rely on.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def browser_env(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def test_log_in_add_a_product_see_it_counted_in_history_and_export(live_server, browser_env):
    password = secrets.token_urlsafe(16)
    User.objects.create_superuser("browser-root", "root@example.com", password)
    with chromium_page() as page:
        log_in(page, live_server.url, "browser-root", password)
        assert page.locator("#attention-module").is_visible()

        page.goto(f"{live_server.url}/admin/showroom/showroomproduct/add/")
        page.fill("#id_name", "Tiller X9 🚜")
        page.fill("#id_category", "tiller")
        page.fill("#id_sale_price", "85000.00")
        page.click("input[name=_save]")
        page.wait_for_selector(".messagelist .success")
        product = ShowroomProduct.objects.get(name="Tiller X9 🚜")

        page.goto(f"{live_server.url}/admin/showroom/showroomproduct/{product.pk}/change/")
        page.click("a.historylink")
        page.wait_for_selector("text=browser-root")

        page.goto(f"{live_server.url}/admin/showroom/showroomproduct/?q=Tiller")
        with page.expect_download() as download:
            page.click("a.export-link:has-text('CSV')")
        content = open(download.value.path(), encoding="utf-8-sig").read()
        assert "Tiller X9 🚜" in content
