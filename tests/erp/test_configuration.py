"""Configuration through the environment, checked with real `manage.py` processes: production settings pass
`check --deploy`, and bad configuration gives one clear line and exit 1, never a traceback."""

import json
import re
import secrets

import pytest

from tests.support import ROOT, run_manage

SECURITY_VARIABLES = (
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY", "BEHIND_PROXY", "TRUSTED_PROXY_COUNT", "AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES",
)


def production_env(tmp_path, **overrides) -> dict:
    """The project's own settings (not the test settings), as a production host would run them."""
    env = {
        "DJANGO_SETTINGS_MODULE": "erp.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "erp.example.com",
        **dict.fromkeys(SECURITY_VARIABLES, ""),  # whatever the developer's shell has: the defaults
    }
    env.update(overrides)
    return env


def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'config.sqlite3'}"


SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
    "'DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER', "
    "'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY', 'AXES_FAILURE_LIMIT', "
    "'AXES_CLIENT_IP_CALLABLE', 'AXES_LOCKOUT_PARAMETERS']} | {'AXES_COOLOFF_MINUTES': "
    "s.AXES_COOLOFF_TIME.total_seconds() / 60, 'backend': s.AUTHENTICATION_BACKENDS[0]}))"
)


def shown_settings(tmp_path, **env) -> dict:
    result = run_manage("shell", "-c", SHOW_SETTINGS, database_url=sqlite_url(tmp_path), env=env, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", database_url=sqlite_url(tmp_path),
                        env=production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_a_protection_is_turned_off(tmp_path):
    # Guards the test above: check --deploy does look at what these variables control.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", database_url=sqlite_url(tmp_path),
                        env=production_env(tmp_path, SESSION_COOKIE_SECURE="false"))
    assert result.returncode == 1
    assert "security.W012" in result.stderr


def test_protections_are_on_by_default_in_production(tmp_path):
    shown = shown_settings(tmp_path, **production_env(tmp_path))
    assert shown == {
        "DEBUG": False, "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None, "SECURE_CONTENT_TYPE_NOSNIFF": True, "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin", "AXES_FAILURE_LIMIT": 5, "AXES_CLIENT_IP_CALLABLE": None,
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]], "AXES_COOLOFF_MINUTES": 15.0,
        "backend": "axes.backends.AxesStandaloneBackend",
    }


def test_each_protection_can_be_overridden_from_the_environment(tmp_path):
    shown = shown_settings(tmp_path, **production_env(
        tmp_path, SECURE_SSL_REDIRECT="false", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="no",
        SECURE_HSTS_SECONDS="600", SECURE_HSTS_INCLUDE_SUBDOMAINS="off", SECURE_HSTS_PRELOAD="false",
        SECURE_CONTENT_TYPE_NOSNIFF="false", X_FRAME_OPTIONS="SAMEORIGIN", SECURE_REFERRER_POLICY="no-referrer",
        BEHIND_PROXY="true", AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="45",
    ))
    assert shown["SECURE_SSL_REDIRECT"] is shown["SESSION_COOKIE_SECURE"] is shown["CSRF_COOKIE_SECURE"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 600
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is shown["SECURE_HSTS_PRELOAD"] is False
    assert shown["SECURE_CONTENT_TYPE_NOSNIFF"] is False
    assert (shown["X_FRAME_OPTIONS"], shown["SECURE_REFERRER_POLICY"]) == ("SAMEORIGIN", "no-referrer")
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["AXES_CLIENT_IP_CALLABLE"] == "erp.core.client_address.client_ip"
    assert (shown["AXES_FAILURE_LIMIT"], shown["AXES_COOLOFF_MINUTES"]) == (3, 45.0)


def test_development_mode_leaves_https_protections_off(tmp_path):
    shown = shown_settings(tmp_path, **production_env(tmp_path, DEBUG="true"))
    assert shown["SECURE_SSL_REDIRECT"] is shown["SESSION_COOKIE_SECURE"] is shown["SECURE_HSTS_PRELOAD"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.parametrize(
    "overrides,command,message",
    [
        ({"SECRET_KEY": ""}, ("check",), "Configuration error: SECRET_KEY is not set."),
        ({"DATABASE_URL": "foo://x"}, ("check",), "Configuration error: DATABASE_URL 'foo://x'"),
        ({"AXES_FAILURE_LIMIT": "five"}, ("check",), "Configuration error: AXES_FAILURE_LIMIT='five' is not a whole"),
        ({"AXES_COOLOFF_MINUTES": "0"}, ("check",), "Configuration error: AXES_COOLOFF_MINUTES='0' is too small"),
        ({"SECURE_SSL_REDIRECT": "ture"}, ("check",),
         "Configuration error: SECURE_SSL_REDIRECT='ture' is not a boolean"),
        ({"X_FRAME_OPTIONS": "ALLOWALL"}, ("check",), "Configuration error: X_FRAME_OPTIONS='ALLOWALL' is not one of"),
        ({"DATABASE_URL": "mysql://root@127.0.0.1:1/erp_nowhere"}, ("migrate",),
         "Database error (MySQL/MariaDB database 'erp_nowhere' at 127.0.0.1:1 as root):"),
    ],
)
def test_bad_configuration_gives_one_clear_line_and_exit_1(tmp_path, overrides, command, message):
    env = production_env(tmp_path, **overrides)
    url = env.pop("DATABASE_URL", sqlite_url(tmp_path))
    result = run_manage(*command, database_url=url, env=env, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(message), lines[0]
    assert "Traceback" not in result.stderr + result.stdout


VARIABLE_READ = re.compile(r"""\b(?:env\.\w+|_env_\w+)\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def test_env_example_and_readme_document_every_variable_settings_reads():
    read = set(VARIABLE_READ.findall((ROOT / "erp" / "settings.py").read_text()))
    assert {"SECRET_KEY", "DATABASE_URL", "AXES_FAILURE_LIMIT", "SECURE_HSTS_SECONDS"} <= read  # the pattern works
    example = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - example == set(), "missing from .env.example"
    assert example - read == set(), ".env.example documents variables settings.py does not read"
    readme = (ROOT / "README.md").read_text()
    configuration = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    in_table = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", configuration, re.M))
    assert read - in_table == set(), "missing from the README's Configuration table"
