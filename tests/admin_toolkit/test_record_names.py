"""Records are named the way people name them: every module record's name, for rows of every module (demo data and
the rows it lacks), holds no database id, no None, and no raw timestamp (UTC offset, seconds, microseconds)."""

import re

from django.apps import apps

from tests.admin_toolkit.test_search import MODULE_APPS

RAW = [
    (re.compile(r"#\d"), "a database id"),
    (re.compile(r"\bNone\b"), "None"),
    (re.compile(r"\d{2}:\d{2}:\d{2}"), "a time with seconds"),
    (re.compile(r"[+-]\d{2}:\d{2}\b|UTC"), "a time zone offset"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "an ISO date"),
    (re.compile(r"\(\s*\)|“\s*”"), "an empty value"),
]


def test_every_record_is_named_in_words(every_list):
    from dispatch.models import DispatchRequest
    from fleet.models import TransportJob
    from gate.models import GateUser
    from tests.showroom import factories as showroom_factories

    # Legacy shapes: a dispatch without its order, a job whose dispatch was set aside at adoption.
    DispatchRequest.objects.create(showroom_product=showroom_factories.product(), party_name="Walk-in buyer",
                                   delivery_type="self")
    TransportJob.objects.create(dispatch_request=None)
    GateUser.objects.create(name="Legacy visitor", phone="")
    unreadable = []
    for model in apps.get_models():
        if model._meta.app_label not in MODULE_APPS or model._meta.auto_created:
            continue
        for row in model._base_manager.order_by("-pk")[:25]:
            name = str(row)
            # What the code adds to the stored text (a product called "Cultivator C-9 #9" is the user's data).
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(value, str) and value:
                    name = name.replace(value, "…")
            for pattern, what in RAW:
                if pattern.search(name):
                    unreadable.append(f"{model._meta.label}: {str(row)!r} shows {what}")
    assert not unreadable, "\n".join(unreadable)
