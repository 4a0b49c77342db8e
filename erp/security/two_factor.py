"""Two-factor login for staff, on django-otp: a TOTP authenticator app, and single-use backup codes.

Who must use it: superusers always, and anyone who may manage accounts, groups, permissions or devices
(ACCOUNT_ADMIN_APPS); members of the groups in ERP_TWO_FACTOR_GROUPS ("*": all staff); and anyone who
has enrolled a device. After the password (the admin's own login page, with its lockout), such
a user is sent to `verify` for a code, or, with no device yet, to `setup`, which enrols an authenticator
app and hands out backup codes (erp/security/middleware.py does the sending). A lost device is reset by
an operator: `manage.py two_factor_reset <username>` (docs/security.md).
"""

import base64
import os

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


# Permissions of these apps let their holder manage accounts, groups, permissions (and so make themselves a
# superuser) or other people's second-factor devices: whoever holds any of them needs the second factor, as
# superusers do. No module group holds them; an operator may grant them.
ACCOUNT_ADMIN_APPS = ("auth", "otp_totp", "otp_static")


def manages_accounts(user) -> bool:
    return any(perm.split(".", 1)[0] in ACCOUNT_ADMIN_APPS for perm in user.get_all_permissions())


def required_for(user) -> bool:
    """Must this user pass a second factor before using the admin?"""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user_has_device(user) or manages_accounts(user):
        return True
    groups = settings.ERP_TWO_FACTOR_GROUPS
    if not user.is_staff or not groups:
        return False
    return "*" in groups or user.groups.filter(name__in=groups).exists()


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODES new ones (each works once); returns them, grouped by
    four characters for reading (spaces are ignored when typed)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME,
                                                       defaults={"confirmed": True})
        device.token_set.all().delete()
        # 16 base32 characters, 80 random bits each (django-otp's own are 40 bits).
        codes = [base64.b32encode(os.urandom(10)).decode().lower() for _ in range(BACKUP_CODES)]
        device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return [_grouped(code) for code in codes]


def reset_devices(user) -> int:
    """Remove every second-factor device of the user (a lost phone) and end the user's open sessions: the
    next login, with the password, enrols anew. (An open session would otherwise be sent to enrolment
    without the password being asked again: whoever held it could enrol their own device.)"""
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    if removed:
        end_sessions(user)
    return removed


def end_sessions(user) -> int:
    """Delete the user's sessions in the session store (logged out everywhere); returns how many."""
    from importlib import import_module

    from django.contrib.auth import SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = store.get_model_class()  # database-backed sessions (the project's): see SESSION_ENGINE
    ended = 0
    for session in model.objects.iterator():
        if str(store().decode(session.session_data).get(SESSION_KEY)) == str(user.pk):
            store(session.session_key).delete()
            ended += 1
    return ended


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "size": 12,
                                      "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").lower()


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("admin:index")


def _render(request, template: str, context: dict):
    return TemplateResponse(request, template, {
        **admin.site.each_context(request), "next": _next_url(request),
        # The module list would only lead back here until the second factor is passed.
        "is_nav_sidebar_enabled": request.user.is_verified(), **context,
    })


def _qr_code(url: str) -> str:
    import segno

    # Inline SVG: no image request, nothing for the Content-Security-Policy to allow.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))  # noqa: S308 (segno's own markup)


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="admin:login")
def verify(request):
    """The second step of the login: a code from the authenticator app, or a backup code."""
    user = request.user
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not user_has_device(user):
        return HttpResponseRedirect(reverse("erp_two_factor_setup") + f"?next={_next_url(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _matching_device(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"You logged in with a backup code; {left} of them are left. "
                                          "Make new ones on the Two-factor login page when few are left.")
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", "That code is not valid. Codes change every 30 seconds and each works once; "
                               "after several wrong codes, wait a little before the next try.")
    return _render(request, "erp/two_factor/verify.html", {"title": "Two-factor login", "form": form})


def _matching_device(user, code: str):
    """The device (authenticator app or backup codes) that accepts the code, if any. Each device throttles
    itself: after a wrong code, the next try must wait 1, 2, 4 ... seconds."""
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None


@never_cache
@sensitive_post_parameters("code")
@login_required(login_url="admin:login")
def setup(request):
    """Enrolment at first login: scan the QR code (or type the key), confirm with a code, get backup codes."""
    user = request.user
    if user_has_device(user):
        return HttpResponseRedirect(reverse("erp_two_factor_verify") + f"?next={_next_url(request)}")
    # One pending device, kept across reloads so the QR code does not change under the user.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = new_backup_codes(user)
            otp_login(request, device)
            return _render(request, "erp/two_factor/backup_codes.html",
                           {"title": "Your backup codes", "codes": codes, "enrolled": True})
        form.add_error("code", "That code is not valid: check the phone's clock, and type the code the app "
                               "shows now.")
    return _render(request, "erp/two_factor/setup.html", {
        "title": "Set up two-factor login", "form": form, "qr_code": _qr_code(device.config_url),
        "key": _grouped(device.config_url.split("secret=", 1)[1].split("&", 1)[0]),
    })


def _grouped(key: str) -> str:
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


@never_cache
@login_required(login_url="admin:login")
def manage(request):
    """The user's own two-factor page: what is enrolled, and new backup codes (the old ones stop working)."""
    user = request.user
    if request.method == "POST" and user.is_verified():
        codes = new_backup_codes(user)
        return _render(request, "erp/two_factor/backup_codes.html",
                       {"title": "Your backup codes", "codes": codes, "enrolled": False})
    backup = StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME).first()
    return _render(request, "erp/two_factor/manage.html", {
        "title": "Two-factor login",
        "apps": TOTPDevice.objects.filter(user=user, confirmed=True),
        "backup_left": backup.token_set.count() if backup else 0,
        "required": required_for(user),
    })
