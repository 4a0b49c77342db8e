"""What a logged-in user must do before using the site, checked on every request (after django-otp's
OTPMiddleware, which says whether the session passed a second factor):

1. the session is within its limits: at most SESSION_COOKIE_AGE since the login (working hours, from
   ERP_SESSION_HOURS) and at most ERP_SESSION_IDLE_MINUTES since the last request; else logged out;
2. the second factor, for those who need it (erp/security/two_factor.py): enrolment or a code;
3. a new password, when the one given at login no longer passes the password policy.

Until then, only the pages of the pending step (and logging out) answer.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from erp.security import two_factor

LOGIN_AT = "erp_login_at"
SEEN_AT = "erp_seen_at"
TWO_FACTOR_EXEMPT = "erp_two_factor_exempt"
PASSWORD_CHANGE = "erp_password_change"  # the password hash that failed the policy at login
# The last-seen time is written at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="erp.security.login_started")
def login_started(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[LOGIN_AT] = request.session[SEEN_AT] = now
    if getattr(user, "erp_password_failing", None):
        request.session[PASSWORD_CHANGE] = user.password


class LoginPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            answer = self.session_limits(request) or self.second_factor(request) or self.password_change(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    @staticmethod
    def session_limits(request):
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        if login_at is None:  # a session from before these limits: they start now
            session[LOGIN_AT] = session[SEEN_AT] = now
            return None
        seen_at = session.get(SEEN_AT, login_at)
        idle = settings.ERP_SESSION_IDLE_MINUTES * 60
        if now - login_at >= settings.SESSION_COOKIE_AGE:
            why = f"Your session ended {settings.SESSION_COOKIE_AGE // 3600} hours after you logged in."
        elif now - seen_at >= idle:
            why = f"Your session ended after {settings.ERP_SESSION_IDLE_MINUTES} minutes without activity."
        else:
            if now - seen_at >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
            return None
        path = request.get_full_path()
        logout(request)
        messages.info(request, why + " Please log in again.")
        return redirect_to_login(path if request.method == "GET" else reverse("admin:index"))

    @staticmethod
    def second_factor(request):
        user, session = request.user, request.session
        # The exemption is decided once a login; a user made a superuser since loses it at once.
        if user.is_verified() or (session.get(TWO_FACTOR_EXEMPT) and not user.is_superuser):
            return None
        if not two_factor.required_for(user):
            session[TWO_FACTOR_EXEMPT] = True  # until the next login
            return None
        allowed = {reverse("erp_two_factor_verify"), reverse("erp_two_factor_setup"), reverse("admin:logout")}
        if request.path in allowed:
            return None
        step = "erp_two_factor_verify" if two_factor.user_has_device(user) else "erp_two_factor_setup"
        return _redirect(step, request)

    @staticmethod
    def password_change(request):
        failed_hash = request.session.get(PASSWORD_CHANGE)
        if failed_hash is None:
            return None
        if request.user.password != failed_hash:  # changed since
            del request.session[PASSWORD_CHANGE]
            return None
        allowed = {reverse("admin:password_change"), reverse("admin:password_change_done"),
                   reverse("admin:logout")}
        if request.path in allowed:
            return None
        messages.warning(request, "Your password no longer meets the password policy (at least "
                                  f"{settings.ERP_PASSWORD_MIN_LENGTH} characters, not a known breached password). "
                                  "Please choose a new one.")
        return _redirect("admin:password_change", request)


def _redirect(name: str, request) -> HttpResponseRedirect:
    target = reverse(name)
    if request.method == "GET" and request.path != reverse("admin:index"):
        target += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(target)
