"""Browser protections beyond Django's SecurityMiddleware: the Content-Security-Policy's directives (served by
django-csp on Django 5.2, by Django's own middleware from 6.0) and a Permissions-Policy."""

import django

# Every page of the project, the admin included, works under this: no inline script, no inline style, no
# eval, nothing from another origin. Data URIs only for images (admin and widget stylesheets use them).
CSP_SELF, CSP_NONE = "'self'", "'none'"


def csp_directives(frame_ancestors: str) -> dict[str, list[str]]:
    return {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "form-action": [CSP_SELF],
        "frame-ancestors": [frame_ancestors],
    }


DJANGO_HAS_CSP = django.VERSION >= (6, 0)
# Serves the policy: Django's own middleware from 6.0, django-csp before.
CSP_MIDDLEWARE = ("django.middleware.csp.ContentSecurityPolicyMiddleware" if DJANGO_HAS_CSP
                  else "csp.middleware.CSPMiddleware")


def csp_setting(directives: dict, *, report_only: bool) -> tuple[str, dict]:
    """The setting's name and value that give CSP_MIDDLEWARE these directives."""
    if DJANGO_HAS_CSP:
        return ("SECURE_CSP_REPORT_ONLY" if report_only else "SECURE_CSP"), directives
    return ("CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"), \
        {"DIRECTIVES": directives}


# Browser features the ERP never uses, switched off for its pages and anything they could embed.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
    "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "sync-xhr", "usb", "xr-spatial-tracking",
))


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
