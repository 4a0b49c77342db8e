"""The one reader of configuration: every environment variable the project reads goes through `env`.

Built on django-environ (the .env file, comma-separated lists, database URLs) and strict where
django-environ is lenient: its booleans take any unknown word as false and its numbers drop stray
characters. Here a value that cannot be read raises ConfigurationError naming the variable and what it
accepts; `manage.py` (erp/cli.py) and `gunicorn.conf.py` print it as one line and stop. An empty value
counts as unset. `env.names` lists every variable asked for, so a test can compare it with
`.env.example` and `docs/configuration.md`.

This module imports nothing of the project and no Django settings: gunicorn.conf.py reads it too.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE = ("true", "1", "yes", "on")
FALSE = ("false", "0", "no", "off")
DATABASE_URL_FORM = "sqlite:///path/to/file.sqlite3 or mysql://user:password@host:3306/name"
SUPPORTED_DATABASE_ENGINES = {
    "django.db.backends.sqlite3": "SQLite",
    "django.db.backends.mysql": "MySQL/MariaDB",
}


class ConfigurationError(ImproperlyConfigured):
    """A variable's value cannot be read; the message names the variable and what it accepts."""


class Environment:
    """Typed, strict reads of environment variables (`.env` first merged in by `read_dotenv`)."""

    def __init__(self) -> None:
        self.environ = os.environ
        self.names: list[str] = []
        self.from_dotenv: set[str] = set()

    def read_dotenv(self, path: Path) -> None:
        """Merge a .env file under the environment (the environment wins), unless ERP_IGNORE_DOTENV is set."""
        ignore = self.bool("ERP_IGNORE_DOTENV", False)
        if path.is_file() and not ignore:
            before = set(self.environ)
            environ.Env.read_env(path, overwrite=False)
            self.from_dotenv |= set(self.environ) - before

    # ------------------------------------------------------------ reading
    def raw(self, name: str) -> str | None:
        if name not in self.names:
            self.names.append(name)
        value = self.environ.get(name, "").strip()
        return value or None

    def refuse(self, name: str, raw: str, why: str) -> ConfigurationError:
        where = " (in .env)" if name in self.from_dotenv else ""
        return ConfigurationError(f"{name}={raw!r}{where} {why}")

    def str(self, name: str, default: str = "", *, accepts: str = "",
            valid: str | Callable[[str], bool] | None = None) -> str:
        """Text; with `valid` (a regular expression the whole value must match, or a predicate)."""
        raw = self.raw(name)
        if raw is None:
            return default
        if valid is not None and not _matches(valid, raw):
            raise self.refuse(name, raw, f"is not accepted: {accepts}.")
        return raw

    def required(self, name: str, *, accepts: str) -> str:
        raw = self.raw(name)
        if raw is None:
            raise ConfigurationError(f"{name} is not set. Set {name} in the environment or in .env: {accepts}.")
        return raw

    def bool(self, name: str, default: bool) -> bool:
        raw = self.raw(name)
        if raw is None:
            return default
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        raise self.refuse(name, raw, "is not a boolean: use true or false (also 1/0, yes/no, on/off).")

    def int(self, name: str, default: int, *, minimum: int = 0) -> int:
        return self._number(name, default, minimum, int, f"is not a whole number: use {minimum} or more.")

    def float(self, name: str, default: float, *, minimum: float = 0) -> float:
        not_a_number = f"is not a number: use {minimum:g} or more, e.g. 600 or 2.5."
        return self._number(name, default, minimum, float, not_a_number)

    def _number(self, name: str, default, minimum, cast, not_a_number: str):
        raw = self.raw(name)
        if raw is None:
            return default
        try:
            value = cast(raw)
        except ValueError:
            raise self.refuse(name, raw, not_a_number) from None
        if not math.isfinite(value):  # float("nan"), float("inf")
            raise self.refuse(name, raw, not_a_number)
        if value < minimum:
            raise self.refuse(name, raw, f"is too small: the minimum is {minimum:g}.")
        return value

    def choice(self, name: str, default: str, choices: tuple[str, ...], *, case_sensitive: bool = True) -> str:
        raw = self.raw(name)
        if raw is None:
            return default
        for choice in choices:
            if raw == choice or (not case_sensitive and raw.lower() == choice.lower()):
                return choice
        raise self.refuse(name, raw, f"is not one of: {', '.join(choices)}.")

    def list(self, name: str, default: list[str], *, accepts: str = "",
             valid: str | Callable[[str], bool] | None = None) -> list[str]:
        """Comma-separated values (django-environ's list); each must match `valid`, when given."""
        raw = self.raw(name)
        if raw is None:
            return list(default)
        items = [item.strip() for item in environ.Env.parse_value(raw, list) if item.strip()]
        for item in items:
            if valid is not None and not _matches(valid, item):
                raise self.refuse(name, raw, f"has {item!r}, which is not accepted: {accepts}.")
        return items


def database_config(name: str, url: str) -> dict[str, Any]:
    """A database URL (read as text from variable `name`), parsed by django-environ; SQLite or MySQL/MariaDB."""
    shown = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)  # never print a password
    try:
        with warnings.catch_warnings():  # an unknown scheme: a warning, then our one line below
            warnings.simplefilter("ignore")
            config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises a mix of KeyError/ValueError/ImproperlyConfigured
        raise ConfigurationError(f"{name} {shown!r} is not understood ({exc}). Use {DATABASE_URL_FORM}.") from None
    engine = config.get("ENGINE")
    if engine not in SUPPORTED_DATABASE_ENGINES:
        scheme = url.split("://", 1)[0] if "://" in url else url
        raise ConfigurationError(
            f"{name} {shown!r} names an unsupported database ({scheme!r}). Use {DATABASE_URL_FORM}."
        )
    if not config.get("NAME"):
        raise ConfigurationError(f"{name} {shown!r} names no database. Use {DATABASE_URL_FORM}.")
    return config


def _matches(valid: str | Callable[[str], bool], value: str) -> bool:
    if callable(valid):
        return bool(valid(value))
    return re.fullmatch(valid, value) is not None


env = Environment()
