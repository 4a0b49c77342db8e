"""Sales rows for tests, through the sales services as a clerk would create them."""

from sales.models import SalesOrder
from sales.services import sales_order_confirm, sales_order_create
from showroom.models import ShowroomProduct
from tests.showroom import factories as showroom_factories


def sales_order(*, showroom_product: ShowroomProduct | None = None, confirmed: bool = False, **fields) -> SalesOrder:
    """A pending order through sales_order_create (confirmed when asked)."""
    values = {
        "customer_name": "Asha Kulkarni",
        "customer_contact": "9800000001",
        "customer_address": "12 Station Road, Pune",
        "sales_person": "Kabir Khan",
        "payment_method": "cash",
    }
    values.update(fields)
    order = sales_order_create(showroom_product=showroom_product or showroom_factories.product(), **values)
    if confirmed:
        order = sales_order_confirm(sales_order=order)
    return order
