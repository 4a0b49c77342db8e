"""Configuration through the environment, checked with real `manage.py` processes: production settings pass
`check --deploy`, and bad configuration gives one clear line and exit 1, never a traceback."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest

from tests.support import ROOT, manage_env, run_manage

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
        ({"DATABASE_URL": "mysql://erp:pw@127.0.0.1:3306"}, ("check",),
         "Configuration error: DATABASE_URL 'mysql://erp:***@127.0.0.1:3306' names no database."),
        ({"DATABASE_URL": "mysql://root@127.0.0.1:1/erp_nowhere"}, ("migrate",),
         "Database error (MySQL/MariaDB database 'erp_nowhere' at 127.0.0.1:1 as root):"),
    ],
)
def test_bad_configuration_gives_one_clear_line_and_exit_1(tmp_path, overrides, command, message):
    env = production_env(tmp_path, **overrides)
    url = env.pop("DATABASE_URL", sqlite_url(tmp_path))
    result = run_manage(*command, database_url=url, env=env, timeout=120)
    assert_one_line(result, message)


def test_database_time_zone_is_time_zones(tmp_path):
    """A database zone other than the zone times are shown in is refused with one line saying what to set."""
    env = production_env(tmp_path, DATABASE_TIME_ZONE="Asia/Kolkata", TIME_ZONE="")
    line = assert_one_line(run_manage("check", database_url=sqlite_url(tmp_path), env=env, timeout=120),
                           "Configuration error: DATABASE_TIME_ZONE='Asia/Kolkata' differs from TIME_ZONE ('UTC')")
    assert "set TIME_ZONE=Asia/Kolkata too" in line
    env["TIME_ZONE"] = "Asia/Kolkata"
    assert run_manage("check", database_url=sqlite_url(tmp_path), env=env, timeout=120).returncode == 0


def assert_one_line(result, start: str) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(start), lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


# ---------------------------------------------------------------- every variable of .env.example
# For each: a value that must be refused, a value that must be accepted, and where the accepted value shows
# (an expression over the Django settings `s`, or the gunicorn setting). "{tmp}" is a scratch folder.
SECRET = secrets.token_urlsafe(50)
PASSWORD = secrets.token_urlsafe(16)
VARIABLES = {
    "DEBUG": ("maybe", "true", "s.DEBUG", True),
    "SECRET_KEY": ("too-short-for-production", SECRET, "s.SECRET_KEY", SECRET),
    "SECRET_KEY_FALLBACKS": ("old-and-short", SECRET + "x," + SECRET + "y", "s.SECRET_KEY_FALLBACKS",
                             [SECRET + "x", SECRET + "y"]),
    "ALLOWED_HOSTS": ("https://erp.example.com", "erp.example.com,.example.org", "s.ALLOWED_HOSTS",
                      ["erp.example.com", ".example.org"]),
    "CSRF_TRUSTED_ORIGINS": ("erp.example.com", "https://erp.example.com", "s.CSRF_TRUSTED_ORIGINS",
                             ["https://erp.example.com"]),
    "TIME_ZONE": ("Mars/Olympus_Mons", "Europe/Berlin", "s.TIME_ZONE", "Europe/Berlin"),
    # (a zone other than TIME_ZONE's is refused too: test_database_time_zone_is_time_zones)
    "DATABASE_TIME_ZONE": ("Mars/Olympus_Mons", "Europe/Berlin", "s.DATABASES['default']['TIME_ZONE']",
                           "Europe/Berlin"),
    "LOG_LEVEL": ("LOUD", "info", "s.LOGGING['root']['level']", "INFO"),
    "ERP_IGNORE_DOTENV": ("ture", "true", None, None),  # its effect: test_dotenv_is_read_under_the_environment
    "DATABASE_URL": ("postgres://erp:s3cr3t-pw@db/erp", "sqlite:///{tmp}/good.sqlite3",
                     "s.DATABASES['default']['NAME']", "{tmp}/good.sqlite3"),
    "CONN_MAX_AGE": ("abc", "60", "s.DATABASES['default']['CONN_MAX_AGE']", 60),
    "TEST_DATABASE_NAME": ("test erp", "test_erp_config", "s.TEST_DATABASE_NAME", "test_erp_config"),
    "DATABASE_REPLICA_URLS": ("sqlite:///{tmp}/r.sqlite3,mysql://erp:s3cr3t-pw@db", "sqlite:///{tmp}/replica.sqlite3",
                              "s.DATABASES['replica_1']['NAME']", "{tmp}/replica.sqlite3"),
    "ERP_REPLICA_PIN_SECONDS": ("-1", "10", "s.ERP_REPLICA_PIN_SECONDS", 10),
    "ERP_REPLICA_MAX_LAG_SECONDS": ("10s", "5", "s.ERP_REPLICA_MAX_LAG_SECONDS", 5),
    "ERP_ADMIN_USERNAME": ("the boss", "boss", "s.ERP_ADMIN_USERNAME", "boss"),
    "ERP_ADMIN_EMAIL": ("boss-at-example.com", "boss@example.com", "s.ERP_ADMIN_EMAIL", "boss@example.com"),
    "ERP_ADMIN_PASSWORD": ("admin", PASSWORD, "s.ERP_ADMIN_PASSWORD", PASSWORD),
    "ERP_SAMPLE_DATA": ("yess", "no", "s.ERP_SAMPLE_DATA", False),
    "ERP_ADMIN_TUNING": ("ture", "off", "s.ERP_ADMIN_TUNING", False),
    "ERP_ONE_PERSON_APPROVALS": ("maybe", "yes", "s.ERP_ONE_PERSON_APPROVALS", True),
    "AXES_FAILURE_LIMIT": ("five", "3", "s.AXES_FAILURE_LIMIT", 3),
    "AXES_COOLOFF_MINUTES": ("0", "45", "s.AXES_COOLOFF_TIME.total_seconds()", 2700.0),
    "ERP_LOCKOUT_USERNAME_LIMIT": ("0", "20", "s.ERP_LOCKOUT_USERNAME_LIMIT", 20),
    "ERP_LOCKOUT_ADDRESS_LIMIT": ("many", "30", "s.ERP_LOCKOUT_ADDRESS_LIMIT", 30),
    "ERP_PASSWORD_MIN_LENGTH": ("8", "16", "s.AUTH_PASSWORD_VALIDATORS[1]['OPTIONS']['min_length']", 16),
    "ERP_SESSION_HOURS": ("0", "8", "s.SESSION_COOKIE_AGE", 28800),
    "ERP_SESSION_IDLE_MINUTES": ("half an hour", "15", "s.ERP_SESSION_IDLE_MINUTES", 15),
    "ERP_TWO_FACTOR_GROUPS": ("HR;Sales", "HR,Purchasing", "s.ERP_TWO_FACTOR_GROUPS", ["HR", "Purchasing"]),
    "ERP_TWO_FACTOR_ISSUER": ("ERP:prod", "ERP Mandya", "s.OTP_TOTP_ISSUER", "ERP Mandya"),
    "SECURE_SSL_REDIRECT": ("ture", "false", "s.SECURE_SSL_REDIRECT", False),
    "SESSION_COOKIE_SECURE": ("si", "0", "s.SESSION_COOKIE_SECURE", False),
    "CSRF_COOKIE_SECURE": ("nope", "no", "s.CSRF_COOKIE_SECURE", False),
    "SECURE_HSTS_SECONDS": ("1y", "600", "s.SECURE_HSTS_SECONDS", 600),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": ("2", "off", "s.SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
    "SECURE_HSTS_PRELOAD": ("t", "FALSE", "s.SECURE_HSTS_PRELOAD", False),
    "SECURE_CONTENT_TYPE_NOSNIFF": ("nosniff", "false", "s.SECURE_CONTENT_TYPE_NOSNIFF", False),
    "X_FRAME_OPTIONS": ("ALLOWALL", "SAMEORIGIN", "s.X_FRAME_OPTIONS", "SAMEORIGIN"),
    "SECURE_REFERRER_POLICY": ("never", "no-referrer", "s.SECURE_REFERRER_POLICY", "no-referrer"),
    "BEHIND_PROXY": ("proxy", "true", "s.SECURE_PROXY_SSL_HEADER", ["HTTP_X_FORWARDED_PROTO", "https"]),
    "TRUSTED_PROXY_COUNT": ("0", "2", "s.TRUSTED_PROXY_COUNT", 2),
    "ERP_MIGRATE_LOCK_TIMEOUT": ("abc", "2.5", "s.ERP_MIGRATE_LOCK_TIMEOUT", 2.5),
    "ERP_MIGRATE_COPY_WARN_ROWS": ("abc", "5000", "s.ERP_MIGRATE_COPY_WARN_ROWS", 5000),
    "ERP_MIGRATE_DDL_LOCK_WAIT": ("0", "3", "s.ERP_MIGRATE_DDL_LOCK_WAIT", 3),
    "ERP_SHADOW_CACHE_DIR": ("relative/cache", "{tmp}/cache", "s.ERP_SHADOW_CACHE_DIR", "{tmp}/cache"),
    "GUNICORN_BIND": ("8000", "127.0.0.1:18999,unix:{tmp}/erp.sock", "bind",
                      ["127.0.0.1:18999", "unix:{tmp}/erp.sock"]),
    "GUNICORN_WORKERS": ("abc", "3", "workers", 3),
    "GUNICORN_THREADS": ("0", "2", "threads", 2),
    "GUNICORN_TIMEOUT": ("30s", "60", "timeout", 60),
    "GUNICORN_GRACEFUL_TIMEOUT": ("-5", "20", "graceful_timeout", 20),
    "GUNICORN_KEEPALIVE": ("forever", "2", "keepalive", 2),
    "GUNICORN_MAX_REQUESTS": ("many", "0", "max_requests", 0),
    "GUNICORN_MAX_REQUESTS_JITTER": ("1.5", "50", "max_requests_jitter", 50),
    "GUNICORN_ACCESS_LOG": (None, "off", "accesslog", None),  # any text is a file name: nothing to refuse
    "GUNICORN_ERROR_LOG": (None, "{tmp}/gunicorn.log", "errorlog", "{tmp}/gunicorn.log"),
    "GUNICORN_LOG_LEVEL": ("verbose", "WARNING", "loglevel", "warning"),
    "GUNICORN_FORWARDED_ALLOW_IPS": ("proxy.local", "10.0.0.1,10.0.0.0/24", "forwarded_allow_ips",
                                     ["10.0.0.1", "10.0.0.0/24"]),
}
NOT_PRINTED = ("s3cr3t-pw", "too-short-for-production", PASSWORD)


def env_example_names() -> set[str]:
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))


def reference_names() -> set[str]:
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", (ROOT / "docs" / "configuration.md").read_text(), re.M))


def names_read() -> list[str]:
    """The variables erp/settings.py and gunicorn.conf.py ask the reader for, in a real process."""
    code = ("import json, runpy; from erp.config import env; import erp.settings; "
            "runpy.run_path('gunicorn.conf.py'); print(json.dumps(env.names))")
    env = {**os.environ, **production_env(None), "ERP_IGNORE_DOTENV": "1"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_code_env_example_and_reference_name_the_same_variables():
    read = set(names_read())
    assert {"SECRET_KEY", "DATABASE_URL", "TEST_DATABASE_NAME", "GUNICORN_BIND"} <= read  # it records reads
    assert read == env_example_names(), "erp/config.py reads (left) vs .env.example (right)"
    assert read == reference_names(), "erp/config.py reads (left) vs docs/configuration.md (right)"
    assert read == set(VARIABLES), "erp/config.py reads (left) vs this test's VARIABLES (right)"


def test_env_example_shows_the_defaults(tmp_path):
    """Uncommenting every line of .env.example, as it is, changes no setting (DEBUG false, as in production)."""
    shown = dict(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=(.*)$", (ROOT / ".env.example").read_text(), re.M))
    assert shown.pop("SECRET_KEY") == "" and shown["SECURE_HSTS_SECONDS"] == "31536000"  # no default; pattern works
    unset = production_env(tmp_path, **dict.fromkeys(shown, ""))
    unset.pop("DATABASE_URL")
    dump = ("import re; from django.conf import settings as s; print(re.sub(' at 0x[0-9a-f]+', '', "
            "repr(sorted((k, getattr(s, k)) for k in dir(s) if k.isupper() and k != 'SECRET_KEY'))))")
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config", "erp.wsgi"]
    results = []
    for env in (unset, {**unset, **shown}):
        django = run_manage("shell", "-c", dump, database_url="", env={**env, "DATABASE_URL": ""}, check=True)
        server = subprocess.run(gunicorn, cwd=ROOT, env={**manage_env(""), **env, "DATABASE_URL": ""},
                                capture_output=True, text=True, timeout=120, check=True)
        results.append((django.stdout, server.stdout))
    assert "'ERP_MIGRATE_LOCK_TIMEOUT', 600.0" in results[0][0] and "workers" in results[0][1]
    assert results[0][0] == results[1][0]
    assert results[0][1] == results[1][1]


ENV_READ = re.compile(r"os\.environ\s*(\.get\(|\[)|os\.getenv\(|environ\.Env\(")


def test_no_code_reads_the_environment_around_the_reader():
    project = [p for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] not in
               {".venv", "tests", "bench", "scripts", "var", "node_modules"} and p.name != "config.py"]
    assert ROOT / "gunicorn.conf.py" in project and ROOT / "erp" / "settings.py" in project
    readers = [f"{p.relative_to(ROOT)}:{n}" for p in project for n, line in enumerate(p.read_text().splitlines(), 1)
               if ENV_READ.search(line)]
    assert readers == []


def _with_tmp(value, tmp_path):
    if isinstance(value, str):
        return value.replace("{tmp}", str(tmp_path))
    if isinstance(value, list):
        return [_with_tmp(v, tmp_path) for v in value]
    return value


@pytest.mark.parametrize("name", [n for n, (bad, *_) in VARIABLES.items() if bad is not None])
def test_a_bad_value_stops_start_up_with_one_line_naming_the_variable(tmp_path, name):
    bad = _with_tmp(VARIABLES[name][0], tmp_path)
    env = production_env(tmp_path, **{name: bad})
    url = env.pop("DATABASE_URL", sqlite_url(tmp_path))
    if name.startswith("GUNICORN_"):
        result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--check-config",
                                 "erp.wsgi"], cwd=ROOT, env={**manage_env(url), **env}, capture_output=True,
                                text=True, timeout=120)
    else:
        result = run_manage("check", database_url=url, env=env, timeout=120)
    line = assert_one_line(result, f"Configuration error: {name}")
    assert re.search(r"\b(use|one of|accepted:|minimum is|acceptable:)", line), f"says what it accepts: {line}"
    assert not any(secret in line for secret in NOT_PRINTED), line


def test_good_values_of_every_variable_are_accepted(tmp_path):
    good = {name: _with_tmp(value, tmp_path) for name, (_, value, *_) in VARIABLES.items()}
    env = production_env(tmp_path, **good)
    url = env.pop("DATABASE_URL")
    django = {name: expr for name, (_, _, expr, _) in VARIABLES.items() if expr and expr.startswith("s.")}
    code = ("import json; from django.conf import settings as s; print(json.dumps({"
            + ", ".join(f"{name!r}: {expr}" for name, expr in django.items()) + "}))")
    shown = json.loads(run_manage("shell", "-c", code, database_url=url, env=env, check=True)
                       .stdout.strip().splitlines()[-1])
    assert shown == {name: _with_tmp(VARIABLES[name][3], tmp_path) for name in django}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config",
                             "erp.wsgi"], cwd=ROOT, env={**manage_env(url), **env}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    printed = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.M))
    for name, (_, _, setting, expected) in VARIABLES.items():
        if name.startswith("GUNICORN_"):
            assert printed[setting] == str(_with_tmp(expected, tmp_path)), name
    assert (tmp_path / "cache").exists() is False  # accepted, not created at start-up


@pytest.mark.parametrize("env,trusted", [
    ({}, "[]"),  # no proxy: gunicorn trusts no X-Forwarded-* header, not even from 127.0.0.1
    ({"GUNICORN_FORWARDED_ALLOW_IPS": "10.0.0.1"}, "[]"),  # set, but BEHIND_PROXY is false
    ({"BEHIND_PROXY": "true"}, "['127.0.0.1', '::1']"),  # a proxy on the same host
    ({"BEHIND_PROXY": "true", "GUNICORN_FORWARDED_ALLOW_IPS": "10.0.0.0/24"}, "['10.0.0.0/24']"),
])
def test_gunicorn_trusts_forwarded_headers_only_behind_the_configured_proxies(tmp_path, env, trusted):
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config",
                             "erp.wsgi"], cwd=ROOT, env={**manage_env(sqlite_url(tmp_path)), **production_env(
                                 tmp_path, **{"GUNICORN_FORWARDED_ALLOW_IPS": "", "BEHIND_PROXY": "", **env})},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.M))["forwarded_allow_ips"] == trusted


def test_gunicorn_stops_before_any_worker_on_a_bad_django_setting(tmp_path):
    env = {**manage_env(sqlite_url(tmp_path)), **production_env(tmp_path, DEBUG="maybe"),
           "GUNICORN_BIND": "127.0.0.1:0", "GUNICORN_WORKERS": "1"}
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "erp.wsgi"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "Configuration error: DEBUG='maybe' is not a boolean: use true or false (also 1/0, yes/no, on/off).")
    assert "Traceback" not in result.stderr and "Booting worker" not in result.stderr


def test_dotenv_is_read_under_the_environment_unless_ignored(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("ERP_TEST_FROM_FILE=file\nERP_TEST_BOTH=file\n")
    code = ("import sys; from pathlib import Path; from erp.config import Environment; e = Environment(); "
            "e.read_dotenv(Path(sys.argv[1])); print(e.str('ERP_TEST_FROM_FILE', 'unset'), e.str('ERP_TEST_BOTH'))")

    def run(**env):
        base = {k: v for k, v in os.environ.items() if k != "ERP_IGNORE_DOTENV"}
        return subprocess.run([sys.executable, "-c", code, str(dotenv)], cwd=ROOT, env={**base, **env},
                              capture_output=True, text=True, timeout=60, check=True).stdout.split()

    assert run(ERP_TEST_BOTH="environment") == ["file", "environment"]
    assert run(ERP_TEST_BOTH="environment", ERP_IGNORE_DOTENV="true") == ["unset", "environment"]


def test_a_bad_value_from_dotenv_says_so(tmp_path):
    (tmp_path / ".env").write_text("ERP_TEST_FLAG=yes please\n")
    code = ("import sys; from pathlib import Path; from erp.config import Environment; e = Environment(); "
            "e.read_dotenv(Path(sys.argv[1])); e.bool('ERP_TEST_FLAG', False)")
    base = {k: v for k, v in os.environ.items() if k != "ERP_IGNORE_DOTENV"}
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / ".env")], cwd=ROOT, env=base,
                            capture_output=True, text=True, timeout=60)
    assert "ConfigurationError: ERP_TEST_FLAG='yes please' (in .env) is not a boolean" in result.stderr
