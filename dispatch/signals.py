"""Signals dispatch sends, so that an app above it (fleet) can take part in a dispatch's steps without
dispatch importing it. Receivers connect in their AppConfig.ready()."""

from django.dispatch import Signal

# Sent inside the transaction that cancels a dispatch request (keyword: dispatch_request), after its
# status changed. A receiver that refuses (raises ValidationError) rolls the whole cancellation back.
# Fleet cancels the dispatch's open transport jobs.
dispatch_request_cancelled = Signal()

# Sent while a gate pass is issued for a transport dispatch (keyword: dispatch_request). A receiver
# returns what it knows of the vehicle taking the goods, {"vehicle_no", "driver_name", "driver_contact"}
# (values may be None), or None. Fleet answers from the dispatch's assigned transport job.
gate_pass_transport_details = Signal()
