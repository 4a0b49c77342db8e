"""Production serving: gunicorn's configuration and WhiteNoise's static files storage."""

import subprocess
import sys

from tests.support import ROOT, manage_env

GUNICORN = [sys.executable, "-m", "gunicorn", "--check-config", "-c", str(ROOT / "gunicorn.conf.py"), "erp.wsgi"]


def _gunicorn(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(GUNICORN, cwd=ROOT, env=manage_env("sqlite:///unused.sqlite3", env),
                          capture_output=True, text=True, timeout=60)


def test_gunicorn_config_loads_with_the_app():
    result = _gunicorn({"GUNICORN_BIND": "127.0.0.1:18123", "GUNICORN_WORKERS": "4"})
    assert result.returncode == 0, result.stderr


# A bad value of each GUNICORN_* variable: tests/erp/test_configuration.py (one line, exit 1, no traceback).


def test_production_serves_hashed_compressed_static_files(tmp_path):
    code = ("from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND']); "
            "print(settings.MIDDLEWARE)")
    env = {"DJANGO_SETTINGS_MODULE": "erp.settings", "DEBUG": "false"}
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-v0", "-c", code], cwd=ROOT,
                            env=manage_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", env), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in result.stdout
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in result.stdout
