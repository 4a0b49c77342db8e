"""`/healthz` for load balancers: 200 when the application can query its database, 503 when it cannot."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


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


class HealthCheckMiddleware:
    """Answers `/healthz` ahead of the other middleware.

    Load balancers probe over plain HTTP and often with the instance's address as Host: behind the
    HTTPS redirect and ALLOWED_HOSTS they would get a 301 or a 400 for a healthy instance. The probe's
    answer depends on neither, and it must not create a session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
