"""The client's address as a trusted reverse proxy reports it (BEHIND_PROXY=true), for login lockouts."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the outermost trusted proxy saw: TRUSTED_PROXY_COUNT entries from the right of
    X-Forwarded-For. Entries further left were written by the client and can be forged."""
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
        return forwarded[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
