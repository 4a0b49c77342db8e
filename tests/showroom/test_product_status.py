"""The showroom product's named status transitions."""

import pytest
from django.core.exceptions import ValidationError

from showroom.services import showroom_product_mark_sold, showroom_product_release, showroom_product_reserve
from tests.showroom import factories as showroom_factories

pytestmark = pytest.mark.django_db


def test_available_reserved_sold():
    product = showroom_factories.product()
    product = showroom_product_reserve(product=product)
    assert product.showroom_status == "reserved"
    product = showroom_product_mark_sold(product=product)
    assert product.showroom_status == "sold"
    assert product.sold_date is not None


def test_reserved_back_to_available():
    product = showroom_product_reserve(product=showroom_factories.product())
    assert showroom_product_release(product=product).showroom_status == "available"


@pytest.mark.parametrize(
    "status,service,message",
    [
        ("available", showroom_product_release, "cannot be released: it is available"),
        ("available", showroom_product_mark_sold, "cannot be marked sold: it is available"),
        ("sold", showroom_product_release, "cannot be released: it is sold"),
        ("sold", showroom_product_reserve, "it is sold, not available"),
        ("reserved", showroom_product_reserve, "it is reserved, not available"),
    ],
)
def test_illegal_transitions_name_the_current_state(status, service, message):
    product = showroom_factories.product(showroom_status=status)
    with pytest.raises(ValidationError, match=message):
        service(product=product)
    product.refresh_from_db()
    assert product.showroom_status == status
    assert product.sold_date is None
