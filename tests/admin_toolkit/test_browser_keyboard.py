"""The keyboard in a real browser (erp/admin_toolkit/static/erp/form_keyboard.js): the first field has the focus when a
form opens, Tab follows the form's fields in their order, and Enter in a field submits the form."""

from decimal import Decimal

import pytest

from showroom.models import ShowroomProduct
from tests.admin_toolkit.browser import chromium_page
from tests.admin_toolkit.test_browser import log_in, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Where the focus is: the field's id, or the autocomplete field a select2 box belongs to.
FOCUSED = """() => {
  const element = document.activeElement;
  const box = element.closest('.select2');
  return box ? 'select2:' + box.previousElementSibling.id : element.id || element.name || element.tagName;
}"""


@pytest.fixture
def browser_env(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_first_field_focused_tab_follows_the_form_enter_submits(live_server, browser_env):
    base = live_server.url
    ShowroomProduct.objects.create(name="Tractor T-450", category="tractor", sale_price=Decimal("650000.00"))
    password = make_user("keys-root", superuser=True, email="keys@example.com")
    with chromium_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        log_in(page, base, "keys-root", password)

        # The order form (a workflow form): the product picker has the focus, Tab walks the fields in order.
        page.goto(f"{base}/admin/sales/salesorder/add/")
        page.wait_for_function("() => document.activeElement.classList.contains('select2-selection')")
        assert page.evaluate(FOCUSED) == "select2:id_showroom_product"
        walked = []
        for _ in range(6):
            page.keyboard.press("Tab")
            walked.append(page.evaluate(FOCUSED))
        assert walked == ["id_quantity", "id_unit_price", "id_discount_amount", "id_customer_name",
                          "id_customer_contact", "id_customer_email"]

        # A model form: type the fields, Tab between them, Enter in the last one saves.
        page.goto(f"{base}/admin/showroom/showroomproduct/add/")
        page.wait_for_function("() => document.activeElement !== document.body")
        assert page.evaluate(FOCUSED) == "id_name"
        page.keyboard.type("Tiller X9")
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED) == "id_category"
        page.keyboard.type("tiller")
        page.fill("#id_sale_price", "85000")
        page.focus("#id_sale_price")
        page.keyboard.press("Enter")
        page.wait_for_selector(".messagelist .success")
        product = ShowroomProduct.objects.get(name="Tiller X9")

        # A record's own page: its first editable field.
        page.goto(f"{base}/admin/showroom/showroomproduct/{product.pk}/change/")
        page.wait_for_function("() => document.activeElement !== document.body")
        assert page.evaluate(FOCUSED) == "id_name"

        # A form shown again with an error: the field in error has the focus.
        page.goto(f"{base}/admin/showroom/showroomproduct/add/")
        page.wait_for_function("() => document.activeElement !== document.body")
        page.keyboard.press("Enter")  # nothing typed: the name is required
        page.wait_for_selector(".errornote")
        page.wait_for_function("() => document.activeElement !== document.body")
        assert page.evaluate(FOCUSED) == "id_name"
