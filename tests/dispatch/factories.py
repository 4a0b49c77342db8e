"""Dispatch rows for tests, through the dispatch services."""

from dispatch.models import DispatchRequest
from dispatch.services import dispatch_request_create
from sales.models import SalesOrder
from tests.sales import factories as sales_factories


def dispatch_request(*, delivery_type: str = "transport", order: SalesOrder | None = None, **fields) -> DispatchRequest:
    return dispatch_request_create(
        sales_order=order or sales_factories.sales_order(confirmed=True), delivery_type=delivery_type, **fields
    )
