"""`/healthz` for load balancers: 200 when the application can query its database, 503 when it cannot.

An ordinary route: the probe goes through the same Host check (ALLOWED_HOSTS), HTTPS redirect and security
headers as every other page (docs/deploying.md says how a load balancer's probe is set up for that).

With read replicas the body also reports each one (its state, lag and whether reads go to it, from the
router's cached check). A replica that is down or lagging does not make the answer 503: the primary
then serves its reads, and this application server is as healthy as before.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from erp import db_router

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
    body = {"status": "ok", "database": "ok"}
    replicas = db_router.replica_aliases()
    if replicas:
        body["replicas"] = {alias: db_router.replica_state(alias).as_dict() for alias in replicas}
    return JsonResponse(body)
