"""`/healthz` for load balancers: 200 when the application can query its database, 503 when it cannot.

An ordinary route: the probe goes through the same Host check (ALLOWED_HOSTS), HTTPS redirect and security
headers as every other page (docs/deploying.md says how a load balancer's probe is set up for that).
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """GET/HEAD only, no authentication, no session; the body says what failed, never how (no DSN, no host)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Health check: the database is unreachable: %s", exc)
        return JsonResponse({"status": "error", "database": "unreachable",
                             "reason": "the database did not answer SELECT 1"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
