"""Guest list rows for tests."""

from django.utils import timezone

from guestlist.models import GuestVisit


def guest_visit(**fields) -> GuestVisit:
    values = {"guest_name": "Asha Guest", "meeting_person": "Plant manager", "visit_date": timezone.localdate(),
              "purpose": "Supplier meeting"}
    values.update(fields)
    return GuestVisit.objects.create(**values)
