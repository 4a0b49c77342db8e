"""Login lockout that spreading cannot beat: django-axes' database handler with two more limits.

django-axes counts failures per (username, address) pair (AXES_FAILURE_LIMIT in AXES_COOLOFF_TIME). On
its own that lets a guesser spread: one account from many addresses, or many accounts from one address.
This handler adds, over the same failure records (so `axes_reset`, `axes_reset_username` and
`axes_reset_ip` lift these locks too):

- per username, from any address: after ERP_LOCKOUT_USERNAME_LIMIT failures the account is locked,
  progressively: one minute after the last failure, doubling with each further failure, at most
  AXES_COOLOFF_TIME. A guesser gets a handful of tries an hour; the owner waits minutes, not hours.
- per address, for any username: ERP_LOCKOUT_ADDRESS_LIMIT failures lock the address for
  AXES_COOLOFF_TIME (password spraying from one address).

Each lock refuses the right password too, before it is checked.
"""

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

FIRST_DELAY = timedelta(minutes=1)


def username_lock(failures: int, last_failure, limit: int, longest: timedelta):
    """Until when an account with `failures` recent failures (the last at `last_failure`) is locked; None if not."""
    if failures < limit or last_failure is None:
        return None
    # 1, 2, 4, 8 ... minutes, capped (and the exponent kept small: failures can be many).
    delay = min(FIRST_DELAY * 2 ** min(failures - limit, 20), longest)
    return last_failure + delay


class SpreadingLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Failures of the (username, address) pair; or the failure limit itself while the username or the
        address is locked, which is how django-axes is told to refuse."""
        pair = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if pair >= limit:
            return pair
        if self.locked_username(request, credentials) or self.locked_address(request):
            return limit
        return pair

    @staticmethod
    def _recent(request):
        attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
        return AccessAttempt.objects.filter(attempt_time__gte=attempt_time - settings.AXES_COOLOFF_TIME)

    def locked_username(self, request, credentials=None) -> bool:
        username = get_client_username(request, credentials)
        if not username:
            return False
        totals = self._recent(request).filter(username=username).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time"))
        until = username_lock(totals["failures"] or 0, totals["last"], settings.ERP_LOCKOUT_USERNAME_LIMIT,
                              settings.AXES_COOLOFF_TIME)
        now = getattr(request, "axes_attempt_time", None) or timezone.now()
        return until is not None and now < until

    def locked_address(self, request) -> bool:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return False
        failures = self._recent(request).filter(ip_address=address).aggregate(n=Sum("failures_since_start"))["n"]
        return (failures or 0) >= settings.ERP_LOCKOUT_ADDRESS_LIMIT
