"""Two-factor login with real TOTP codes, password policy and session limits, over HTTP (Django's test client)."""

import secrets
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from erp.security.middleware import LOGIN_AT, SEEN_AT

pytestmark = pytest.mark.django_db
STRONG = "Tr4ctor-Mandya-Shed-2026"


def code_for(device: TOTPDevice, at: float | None = None) -> str:
    """What an authenticator app shows now for the device's key (RFC 6238), computed independently."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = at or time.time()
    return f"{totp.token():06d}"


def password_login(username: str, password: str, next_url: str = "/admin/") -> tuple[Client, object]:
    client = Client(REMOTE_ADDR="192.0.2.20")
    response = client.post(f"/admin/login/?next={next_url}", {"username": username, "password": password,
                                                               "next": next_url})
    return client, response


def make_staff(username: str, *, superuser: bool = False, groups=(), password: str = STRONG) -> User:
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", password)
    user = User.objects.create_user(username, f"{username}@example.com", password, is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


# ---------------------------------------------------------------- two-factor login

def test_a_superuser_enrols_at_first_login_then_needs_a_code_every_login():
    make_staff("boss", superuser=True)
    client, response = password_login("boss", STRONG, "/admin/hr/employee/")
    assert response.status_code == 302
    # The password alone opens nothing: every page leads to enrolment.
    for url in ("/admin/", "/admin/hr/employee/", "/admin/auth/user/"):
        page = client.get(url)
        assert page.status_code == 302 and page["Location"].startswith("/admin/two-factor/setup/"), url
    setup = client.get("/admin/two-factor/setup/?next=/admin/hr/employee/")
    assert setup.status_code == 200 and b"<svg" in setup.content
    device = TOTPDevice.objects.get(user__username="boss", confirmed=False)
    # The page shows the key an app needs, the same one the QR code holds.
    assert setup.context["key"].replace(" ", "") in device.config_url
    assert client.get("/admin/two-factor/setup/").context["key"] == setup.context["key"]  # stable on reload
    # A wrong code is refused and enrols nothing.
    refused = client.post("/admin/two-factor/setup/", {"code": "000000" if code_for(device) != "000000" else "1"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    enrolled = client.post("/admin/two-factor/setup/", {"code": code_for(device), "next": "/admin/hr/employee/"})
    assert enrolled.status_code == 200
    codes = enrolled.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert b'href="/admin/hr/employee/"' in enrolled.content
    assert client.get("/admin/hr/employee/").status_code == 200

    # Next login: password, then a code from the app.
    client, response = password_login("boss", STRONG)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/").headers["Location"].startswith("/admin/two-factor/verify/")
    device.refresh_from_db()
    # The code just used at enrolment cannot be replayed; the next time step's can (the app's next code).
    used_step = device.last_t
    assert client.post("/admin/two-factor/verify/", {"code": code_for(device, used_step * 30 + 1)}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    answer = client.post("/admin/two-factor/verify/", {"code": code_for(device, (used_step + 1) * 30 + 1),
                                                       "next": "/admin/"})
    assert answer.status_code == 302 and answer["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_backup_codes_work_once_each():
    make_staff("boss", superuser=True)
    device = TOTPDevice.objects.create(user=User.objects.get(username="boss"), name="app", confirmed=True)
    from erp.security.two_factor import new_backup_codes

    codes = new_backup_codes(device.user)
    client, _ = password_login("boss", STRONG)
    answer = client.post("/admin/two-factor/verify/", {"code": codes[0].upper()})
    assert answer.status_code == 302 and client.get("/admin/").status_code == 200
    assert StaticDevice.objects.get(user=device.user).token_set.count() == 9
    client, _ = password_login("boss", STRONG)
    assert client.post("/admin/two-factor/verify/", {"code": codes[0]}).status_code == 200  # used up
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_are_throttled():
    make_staff("boss", superuser=True)
    device = TOTPDevice.objects.create(user=User.objects.get(username="boss"), name="app", confirmed=True)
    client, _ = password_login("boss", STRONG)
    client.post("/admin/two-factor/verify/", {"code": "123456" if code_for(device) != "123456" else "654321"})
    # Right after a wrong code, even the right one must wait (1 s, then 2, 4 ...).
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.post("/admin/two-factor/verify/", {"code": code_for(device)}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_two_factor_per_group_and_voluntary():
    make_staff("hr-clerk", groups=["HR"])
    make_staff("buyer", groups=["Purchasing"])
    with override_settings(ERP_TWO_FACTOR_GROUPS=["HR"]):
        client, _ = password_login("hr-clerk", STRONG)
        assert client.get("/admin/").headers["Location"].startswith("/admin/two-factor/setup/")
        client, _ = password_login("buyer", STRONG)
        assert client.get("/admin/").status_code == 200
    with override_settings(ERP_TWO_FACTOR_GROUPS=["*"]):
        client, _ = password_login("buyer", STRONG)
        assert client.get("/admin/").status_code == 302
    # Not required, but enrolled of their own accord: then the code is asked for too.
    TOTPDevice.objects.create(user=User.objects.get(username="buyer"), name="app", confirmed=True)
    client, _ = password_login("buyer", STRONG)
    assert client.get("/admin/").headers["Location"].startswith("/admin/two-factor/verify/")


@pytest.mark.parametrize("permission", ["auth.change_user", "auth.add_group", "auth.view_permission",
                                        "otp_totp.view_totpdevice", "otp_static.delete_staticdevice"])
def test_whoever_may_manage_accounts_or_devices_needs_two_factor_like_a_superuser(permission):
    """Changing users lets one make oneself a superuser (Django's user form shows the flag), and the
    device admin shows other people's TOTP keys: such rights need the second factor, groups or not."""
    from django.contrib.auth.models import Permission

    app_label, codename = permission.split(".")
    grant = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    user = make_staff("accounts", groups=["Sales"])
    client, _ = password_login("accounts", STRONG)
    assert client.get("/admin/").status_code == 200  # module rights alone: a password is enough
    user.user_permissions.add(grant)
    client, _ = password_login("accounts", STRONG)
    assert client.get("/admin/").headers["Location"].startswith("/admin/two-factor/setup/")
    # The same right through a group.
    user.user_permissions.clear()
    group = Group.objects.create(name="Account managers")
    group.permissions.add(grant)
    user.groups.add(group)
    client, _ = password_login("accounts", STRONG)
    assert client.get("/admin/").headers["Location"].startswith("/admin/two-factor/setup/")


def test_a_user_made_superuser_during_a_session_needs_the_second_factor_at_the_next_page():
    user = make_staff("clerk", groups=["Sales"])
    client, _ = password_login("clerk", STRONG)
    assert client.get("/admin/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert client.get("/admin/auth/user/").headers["Location"].startswith("/admin/two-factor/setup/")


def test_the_operator_resets_a_lost_device(capsys):
    user = make_staff("boss", superuser=True)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from erp.security.two_factor import new_backup_codes
    new_backup_codes(user)
    call_command("two_factor_reset", "boss")
    assert "Removed 2 two-factor device(s) of boss and ended their sessions" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists()
    client, _ = password_login("boss", STRONG)
    assert client.get("/admin/").headers["Location"].startswith("/admin/two-factor/setup/")
    # The removal is in the audit log.
    from auditlog.models import LogEntry
    assert LogEntry.objects.filter(content_type__model="totpdevice", action=LogEntry.Action.DELETE).count() == 1
    with pytest.raises(CommandError, match="No user named 'nobody'; nothing was changed"):
        call_command("two_factor_reset", "nobody")
    with pytest.raises(CommandError, match="Give one username, or --all"):
        call_command("two_factor_reset")


def test_a_reset_ends_the_users_open_sessions_so_enrolling_again_needs_the_password(capsys):
    """Without this, a session still open somewhere (a stolen laptop, a hijacked cookie) would be sent to
    enrolment after the reset, and whoever holds it could enrol their own phone without the password."""
    user = make_staff("boss", superuser=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    other = make_staff("deputy", superuser=True)
    other_device = TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    open_session, _ = password_login("boss", STRONG)
    assert open_session.post("/admin/two-factor/verify/", {"code": code_for(device)}).status_code == 302
    deputy, _ = password_login("deputy", STRONG)
    assert deputy.post("/admin/two-factor/verify/", {"code": code_for(other_device)}).status_code == 302
    assert open_session.get("/admin/").status_code == 200 and deputy.get("/admin/").status_code == 200
    call_command("two_factor_reset", "boss")
    assert "and ended their sessions" in capsys.readouterr().out
    for url in ("/admin/", "/admin/two-factor/setup/"):
        answer = open_session.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/"), url
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert deputy.get("/admin/").status_code == 200  # other users' sessions are left alone
    # With the password, the owner enrols a new phone.
    client, _ = password_login("boss", STRONG)
    assert client.get("/admin/").headers["Location"].startswith("/admin/two-factor/setup/")


def test_the_operator_resets_everyones_devices_after_a_leak(capsys):
    for name in ("boss", "deputy"):
        TOTPDevice.objects.create(user=make_staff(name, superuser=True), name="app", confirmed=True)
    make_staff("clerk", groups=["Sales"])
    call_command("two_factor_reset", "--all")
    assert "Removed 2 two-factor device(s) of 2 user(s)" in capsys.readouterr().out
    assert not TOTPDevice.objects.exists()


def test_next_is_kept_through_the_second_factor_and_never_leaves_the_site():
    user = make_staff("boss", superuser=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client, _ = password_login("boss", STRONG)
    assert client.get("/admin/sales/salesorder/?q=x")["Location"] == (
        "/admin/two-factor/verify/?next=%2Fadmin%2Fsales%2Fsalesorder%2F%3Fq%3Dx")
    answer = client.post("/admin/two-factor/verify/", {"code": code_for(device), "next": "https://evil.example/"})
    assert answer.status_code == 302 and answer["Location"] == "/admin/"


# ---------------------------------------------------------------- passwords

@pytest.mark.parametrize("password,refusal", [
    ("gate1gate1", "at least 12 characters"),
    ("Summer2026!", "at least 12 characters"),
    ("password1234", "data breaches"),
    ("qwertyuiop123", "data breaches"),
    ("iloveyou12345", "data breaches"),
])
def test_short_and_breached_passwords_are_refused(password, refusal):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert refusal in " ".join(error.value.messages)
    validate_password(STRONG)


def test_a_user_with_a_password_that_no_longer_passes_must_change_it_at_next_login():
    user = make_staff("old-timer", groups=["Sales"])
    User.objects.filter(pk=user.pk).update(password=User(password="").password)
    user.set_password("gate1gate1")  # set before the policy was tightened
    user.save()
    client, response = password_login("old-timer", "gate1gate1", "/admin/sales/salesorder/")
    assert response.status_code == 302  # the password still logs in ...
    page = client.get("/admin/sales/salesorder/")
    assert page.status_code == 302 and page["Location"].startswith("/admin/password_change/")  # ... to one page
    form = client.get("/admin/password_change/")
    assert form.status_code == 200 and "no longer meets the password policy" in form.content.decode()
    # The new one must pass the policy too.
    weak = client.post("/admin/password_change/", {"old_password": "gate1gate1", "new_password1": "password1234",
                                                   "new_password2": "password1234"})
    assert weak.status_code == 200 and "data breaches" in weak.content.decode()
    assert client.get("/admin/").status_code == 302
    done = client.post("/admin/password_change/", {"old_password": "gate1gate1", "new_password1": STRONG,
                                                   "new_password2": STRONG})
    assert done.status_code == 302
    assert client.get("/admin/sales/salesorder/").status_code == 200
    # A good password is not asked to change.
    client, _ = password_login("old-timer", STRONG)
    assert client.get("/admin/").status_code == 200


# ---------------------------------------------------------------- sessions

def test_changing_the_password_ends_the_users_other_sessions():
    make_staff("clerk", groups=["Sales"])
    elsewhere, _ = password_login("clerk", STRONG)
    here, _ = password_login("clerk", STRONG)
    assert elsewhere.get("/admin/").status_code == 200
    new = "Another-Tractor-Shed-2027"
    done = here.post("/admin/password_change/", {"old_password": STRONG, "new_password1": new,
                                                 "new_password2": new})
    assert done.status_code == 302
    assert here.get("/admin/").status_code == 200  # the session that changed it goes on
    ended = elsewhere.get("/admin/")
    assert ended.status_code == 302 and ended["Location"].startswith("/admin/login/")


def test_sessions_last_a_working_day_at_most_and_end_when_idle():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 10 * 3600 and settings.ERP_SESSION_IDLE_MINUTES == 30  # the defaults
    make_staff("clerk", groups=["Sales"])
    client, _ = password_login("clerk", STRONG)
    assert client.get("/admin/").status_code == 200

    def shift(**seconds):
        session = client.session
        for key, delta in seconds.items():
            session[key] -= delta
        session.save()

    shift(erp_seen_at=29 * 60)
    assert client.get("/admin/").status_code == 200  # 29 idle minutes: still in (and seen again now)
    shift(erp_seen_at=30 * 60)
    ended = client.get("/admin/sales/salesorder/")
    assert ended.status_code == 302 and ended["Location"] == "/admin/login/?next=/admin/sales/salesorder/"
    assert "_auth_user_id" not in client.session
    assert "30 minutes without activity" in client.get(ended["Location"]).content.decode()

    client, _ = password_login("clerk", STRONG)
    shift(**{LOGIN_AT: 10 * 3600 - 60, SEEN_AT: 60})
    assert client.get("/admin/").status_code == 200  # busy all day, 9 h 59 min after login
    shift(**{LOGIN_AT: 60})
    ended = client.get("/admin/")
    assert ended.status_code == 302 and "_auth_user_id" not in client.session
    assert "10 hours after you logged in" in client.get(ended["Location"]).content.decode()


def test_key_rotation_as_documented_keeps_logins_with_the_old_key_as_fallback():
    """docs/security.md, "Key rotation": a new SECRET_KEY with the old one in SECRET_KEY_FALLBACKS keeps
    everyone logged in; without the fallback (the old key leaked) everyone logs in again."""
    from django.conf import settings

    make_staff("clerk", groups=["Sales"])
    kept, _ = password_login("clerk", STRONG)
    lost, _ = password_login("clerk", STRONG)
    old, new = settings.SECRET_KEY, secrets.token_urlsafe(50)
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[old]):
        assert kept.get("/admin/").status_code == 200
    # The fallback removed later: the session was moved to the new key at its first request.
    with override_settings(SECRET_KEY=new, SECRET_KEY_FALLBACKS=[]):
        assert kept.get("/admin/").status_code == 200
        ended = lost.get("/admin/")
        assert ended.status_code == 302 and ended["Location"].startswith("/admin/login/")


def test_session_cookie_settings():
    make_staff("clerk", groups=["Sales"])
    client, response = password_login("clerk", STRONG)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == 10 * 3600


def test_generated_passwords_of_the_bootstrap_pass_the_policy():
    from django.contrib.auth.password_validation import validate_password

    for _ in range(20):
        validate_password(secrets.token_urlsafe(18))
