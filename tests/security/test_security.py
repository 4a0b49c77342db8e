"""Admin login lockout, HTTPS protections, /healthz and the Argon2 upgrade, over HTTP (Django's test client)."""

import json
import secrets
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from erp import settings as project_settings
from tests.support import run_manage, verified_login


def login(username: str, password: str, address: str = "192.0.2.10", **extra):
    client = Client(REMOTE_ADDR=address, **extra)
    response = client.post("/admin/login/?next=/admin/", {"username": username, "password": password,
                                                           "next": "/admin/"})
    return response


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def clerk(db):
    password = secrets.token_urlsafe(16)
    user = User.objects.create_user("clerk", password=password, is_staff=True)
    return user, password


@pytest.fixture
def other_clerk(db):
    password = secrets.token_urlsafe(16)
    User.objects.create_user("other.clerk", password=password, is_staff=True)
    return "other.clerk", password


def fail_until_locked(username: str, address: str = "192.0.2.10"):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = login(username, f"wrong-{attempt}", address)
        if attempt < settings.AXES_FAILURE_LIMIT - 1:
            assert response.status_code == 200 and response.context["form"].errors, attempt
    return response


def test_lockout_after_repeated_failures_per_username_and_address(clerk, other_clerk):
    user, password = clerk
    assert settings.AXES_FAILURE_LIMIT == 5  # the configured default
    assert logged_in(login("clerk", password))
    last = fail_until_locked("clerk")
    assert last.status_code == 429
    # Now even the right password is refused, with the lockout page.
    locked = login("clerk", password)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Login locked" in page and "manage.py axes_reset" in page and "0:15:00" in page
    assert "_auth_user_id" not in locked.client.session
    # Another account from the same address is not locked ...
    assert logged_in(login(*other_clerk))
    # ... nor the same account from another address.
    assert logged_in(login("clerk", password, address="198.51.100.7"))
    # The operator lifts the lock.
    call_command("axes_reset", verbosity=0)
    assert logged_in(login("clerk", password))


def test_lock_expires_after_the_cool_off(clerk):
    user, password = clerk
    fail_until_locked("clerk")
    assert login("clerk", password).status_code == 429
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    # Fifteen minutes pass (the attempt record is what axes compares with the clock).
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert logged_in(login("clerk", password))


def test_a_successful_login_resets_the_failure_count(clerk):
    user, password = clerk
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login("clerk", f"wrong-{attempt}")
    assert logged_in(login("clerk", password))
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login("clerk", f"wrong-again-{attempt}")
    assert logged_in(login("clerk", password))


@override_settings(BEHIND_PROXY=True, AXES_CLIENT_IP_CALLABLE="erp.core.client_address.client_ip",
                   TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_counts_not_the_proxys(clerk):
    user, password = clerk
    proxy = "10.0.0.1"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The client prepends a forged address; the proxy appends the one it saw.
        login("clerk", f"wrong-{attempt}", proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}, 198.51.100.50")
    assert login("clerk", password, proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.50").status_code == 429
    # Another client behind the same proxy is not locked out of the same account.
    assert logged_in(login("clerk", password, proxy, HTTP_X_FORWARDED_FOR="198.51.100.99"))


# ---------------------------------------------------------------- spreading: many addresses, many usernames

def age_attempts(**delta):
    """Time passes: every failure record is that much older."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - timedelta(**delta))


def test_guessing_one_account_from_many_addresses_locks_the_account_progressively(clerk):
    user, password = clerk
    limit = settings.ERP_LOCKOUT_USERNAME_LIMIT
    assert limit == 10 and limit > settings.AXES_FAILURE_LIMIT  # the defaults
    # 12 wrong passwords, each from its own address: no (username, address) pair comes near its limit.
    answers = [login("clerk", f"wrong-{n}", f"198.51.100.{n}").status_code for n in range(12)]
    assert answers[:limit - 1] == [200] * (limit - 1) and set(answers[limit - 1:]) == {429}
    # Then the right password, from yet another address: refused, before the password is checked.
    locked = login("clerk", password, "203.0.113.99")
    assert locked.status_code == 429 and "_auth_user_id" not in locked.client.session
    # 13 failures (the refused right password counts as one): locked 2 ** (13 - 10) = 8 minutes after the last.
    age_attempts(minutes=7, seconds=50)
    assert login("clerk", password, "203.0.113.99").status_code == 429  # 14 failures: 16 minutes, capped at 15
    age_attempts(minutes=1)
    assert login("clerk", password, "203.0.113.99").status_code == 429  # past the 8 minutes: the lock grew
    # No lock outlasts the cool-off after the last failure.
    age_attempts(minutes=15, seconds=1)
    assert logged_in(login("clerk", password, "203.0.113.99"))


def test_every_spelling_that_logs_in_as_the_account_counts_against_it(clerk):
    """Spreading over spellings of the name does not help either: each spelling that reaches the account
    (surrounding spaces and full-width letters, which the login form normalises; on MariaDB also other
    cases and accents, which its collation ignores) counts as that account's failure."""
    from django.contrib.auth.forms import UsernameField
    from django.db import connection

    user, password = clerk
    spellings = ["clerk", " clerk", "clerk ", "\uff43\uff4c\uff45\uff52\uff4b", "CLERK", "Clerk", "cl\u00e9rk",
                 "CL\u00c9RK"]
    reaching = [name for name in spellings if User.objects.filter(username=UsernameField().clean(name)).exists()]
    assert len(reaching) == (8 if connection.vendor == "mysql" else 4), reaching
    limit = settings.ERP_LOCKOUT_USERNAME_LIMIT
    answers = [login(reaching[n % len(reaching)], f"wrong-{n}", f"198.51.100.{n}").status_code
               for n in range(limit + 2)]
    assert answers[:limit - 1] == [200] * (limit - 1) and set(answers[limit - 1:]) == {429}
    for name in reaching:
        assert login(name, password, "203.0.113.99").status_code == 429, name


def test_the_first_account_lock_is_short_and_the_operator_can_lift_it(clerk):
    user, password = clerk
    for n in range(settings.ERP_LOCKOUT_USERNAME_LIMIT):
        login("clerk", f"wrong-{n}", f"198.51.100.{n}")
    age_attempts(seconds=50)
    assert login("clerk", password, "192.0.2.200").status_code == 429  # within the first minute (now 2)
    call_command("axes_reset_username", "clerk", verbosity=0)
    assert logged_in(login("clerk", password, "192.0.2.200"))


def test_password_spraying_from_one_address_locks_the_address(db):
    password = secrets.token_urlsafe(16)
    limit = settings.ERP_LOCKOUT_ADDRESS_LIMIT
    for n in range(limit + 1):
        User.objects.create_user(f"clerk{n}", password=password, is_staff=True)
    # One wrong password for each of `limit` users, from one address.
    answers = [login(f"clerk{n}", "Summer2026!", "192.0.2.66").status_code for n in range(limit)]
    assert answers == [200] * (limit - 1) + [429]
    # Now that address cannot log in to any account, even with the right password ...
    assert login(f"clerk{limit}", password, "192.0.2.66").status_code == 429
    # ... while the same accounts log in from elsewhere.
    assert logged_in(login(f"clerk{limit}", password, "192.0.2.67"))
    assert logged_in(login("clerk0", password, "192.0.2.67"))
    # After the cool-off the address may try again.
    age_attempts(minutes=settings.AXES_COOLOFF_TIME.total_seconds() / 60, seconds=1)
    assert logged_in(login("clerk1", password, "192.0.2.66"))


def test_account_lock_grows_then_stops_at_the_cool_off():
    from erp.security.lockout import username_lock

    start = timezone.now()
    cap = timedelta(minutes=15)
    assert username_lock(9, start, 10, cap) is None
    waits = [username_lock(n, start, 10, cap) - start for n in range(10, 16)]
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 15, 15)]
    assert username_lock(10_000, start, 10, cap) - start == cap


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS)
def test_a_pbkdf2_password_is_upgraded_to_argon2_at_admin_login():
    password = secrets.token_urlsafe(16)
    User.objects.create_user("old.hash", is_staff=True, password=None)
    # A real PBKDF2 hash, at a low iteration count to keep the test quick (Django's default is 1,000,000).
    old_hash = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt(), iterations=1000)
    User.objects.filter(username="old.hash").update(password=old_hash)
    assert identify_hasher(User.objects.get(username="old.hash").password).algorithm == "pbkdf2_sha256"
    assert not logged_in(login("old.hash", password + "!"))
    assert identify_hasher(User.objects.get(username="old.hash").password).algorithm == "pbkdf2_sha256"
    assert logged_in(login("old.hash", password))
    upgraded = User.objects.get(username="old.hash").password
    assert identify_hasher(upgraded).algorithm == "argon2"


# ---------------------------------------------------------------- /healthz

@pytest.mark.django_db
def test_healthz_answers_ok_without_session_or_auth(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-cache" in response["Cache-Control"]
    head = client.head("/healthz")
    assert head.status_code == 200 and head.content == b""
    for method in (client.post, client.put, client.delete):
        refused = method("/healthz")
        assert refused.status_code == 405
        assert refused["Allow"] == "GET, HEAD"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["erp.example.com"], SECURE_HSTS_SECONDS=3600)
def test_healthz_has_the_host_check_https_redirect_and_headers_of_every_page(client):
    # An unknown Host is refused, as on every page; plain HTTP is redirected.
    assert client.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 400
    plain = client.get("/healthz", HTTP_HOST="erp.example.com")
    assert plain.status_code == 301 and plain["Location"] == "https://erp.example.com/healthz"
    # The probe as docs/deploying.md sets it up: the site's name, over HTTPS.
    probe = client.get("/healthz", HTTP_HOST="erp.example.com", secure=True)
    page = client.get("/admin/login/", HTTP_HOST="erp.example.com", secure=True)
    assert probe.status_code == 200 and json.loads(probe.content)["status"] == "ok"
    for header in ("Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
                   "Cross-Origin-Opener-Policy", "Content-Security-Policy", "Permissions-Policy"):
        assert probe.get(header) and probe[header] == page[header], header
    assert "Set-Cookie" not in probe.headers


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["erp.example.com"], BEHIND_PROXY=True,
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_healthz_probe_straight_to_the_app_server_behind_a_tls_proxy(client):
    probe = client.get("/healthz", HTTP_HOST="erp.example.com", HTTP_X_FORWARDED_PROTO="https")
    assert probe.status_code == 200 and "Strict-Transport-Security" in probe.headers


HEALTH_PROBE = (
    "import json; from django.test import Client; r = Client().get('/healthz'); "
    "print(json.dumps({'code': r.status_code, 'body': json.loads(r.content)}))"
)


@pytest.mark.parametrize("url", ["mysql://root@127.0.0.1:1/erp_nowhere", "sqlite:////nonexistent-dir/x.sqlite3"])
def test_healthz_is_503_when_the_database_is_unreachable(url):
    result = run_manage("shell", "-c", HEALTH_PROBE, database_url=url, env={"ALLOWED_HOSTS": "testserver"}, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["code"] == 503
    assert answer["body"]["status"] == "error" and answer["body"]["database"] == "unreachable"
    assert "127.0.0.1" not in json.dumps(answer["body"]) and "nonexistent" not in json.dumps(answer["body"])
    assert "unreachable" in result.stderr  # logged for the operator


# ---------------------------------------------------------------- logging of refused requests

@pytest.fixture
def console_log():
    """What the project's console log handler writes (erp/settings.py LOGGING), captured."""
    import io
    import logging

    handler = next(h for h in logging.getLogger().handlers
                   if any(type(f).__name__ == "ClientErrorsOnOneLine" for f in h.filters))
    stream = io.StringIO()
    old = handler.setStream(stream)
    yield stream
    handler.setStream(old)


def test_a_refused_request_is_logged_as_one_line_without_traceback(clerk, console_log):
    user, _password = clerk
    client = Client()
    verified_login(client, user)  # staff, no permissions
    for _ in range(3):
        assert client.get("/admin/hr/employee/").status_code == 403
    lines = console_log.getvalue().splitlines()
    assert lines == ["Forbidden (Permission denied): /admin/hr/employee/"] * 3
    assert "Traceback" not in console_log.getvalue()


def test_a_server_error_keeps_its_traceback(console_log):
    import logging

    try:
        raise ValueError("boom")
    except ValueError as exc:
        logging.getLogger("django.request").error("Internal Server Error: /x", exc_info=exc,
                                                  extra={"status_code": 500})
    assert "Traceback" in console_log.getvalue() and "ValueError: boom" in console_log.getvalue()


# ---------------------------------------------------------------- Content-Security-Policy, Permissions-Policy

@pytest.mark.django_db
def test_every_answer_carries_a_strict_content_security_policy_and_a_permissions_policy(client):
    for url, status in (("/admin/login/", 200), ("/admin/", 302), ("/healthz", 200), ("/nowhere/", 404)):
        response = client.get(url)
        assert response.status_code == status, url
        policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'", url
        assert policy["object-src"] == policy["base-uri"] == policy["frame-ancestors"] == "'none'", url
        assert "unsafe" not in response["Content-Security-Policy"], url
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_the_policy_goes_to_djangos_own_setting_from_django_6():
    from erp.security import headers

    directives = headers.csp_directives("'none'")
    expected = (("SECURE_CSP", directives) if headers.DJANGO_HAS_CSP
                else ("CONTENT_SECURITY_POLICY", {"DIRECTIVES": directives}))
    assert headers.csp_setting(directives, report_only=False) == expected
    assert headers.CSP_MIDDLEWARE in settings.MIDDLEWARE
