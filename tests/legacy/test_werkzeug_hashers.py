"""The verify-only werkzeug hashers: both formats, several work factors, malformed input (both legs)."""

import hashlib
import secrets

import pytest
from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher, make_password
from django.test import override_settings
from werkzeug.security import check_password_hash, generate_password_hash

from erp import settings as project_settings
from erp.legacy.hashers import (
    MAX_ENCODED_LENGTH,
    UnsupportedHash,
    WerkzeugPBKDF2PasswordHasher,
    WerkzeugScryptPasswordHasher,
    from_werkzeug,
)
from tests.support import verified_login

PRODUCTION_HASHERS = override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS)


def werkzeug_pbkdf2(password: str, salt: str, digest: str, iterations: int) -> str:
    """A werkzeug pbkdf2 hash built from its documented recipe, independently of werkzeug."""
    hexdigest = hashlib.pbkdf2_hmac(digest, password.encode(), salt.encode(), iterations).hex()
    return f"pbkdf2:{digest}:{iterations}${salt}${hexdigest}"


def werkzeug_scrypt(password: str, salt: str, n: int, r: int, p: int) -> str:
    hexdigest = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=2**30).hex()
    return f"scrypt:{n}:{r}:{p}${salt}${hexdigest}"


def new_password() -> str:
    return "pw-" + secrets.token_urlsafe(12) + "-é🔑"


@pytest.mark.parametrize(
    "digest,iterations", [("sha256", 1), ("sha256", 1000), ("sha256", 60000), ("sha1", 5000), ("sha512", 2000)]
)
def test_pbkdf2_hashes_verify(digest, iterations):
    password, salt = new_password(), secrets.token_urlsafe(12)[:16]
    encoded = from_werkzeug(werkzeug_pbkdf2(password, salt, digest, iterations))
    assert encoded.startswith(f"wz_pbkdf2${digest}:{iterations}${salt}$")
    assert len(encoded) <= MAX_ENCODED_LENGTH
    assert check_password(password, encoded)
    assert not check_password(password + "x", encoded)
    assert not check_password(password.upper(), encoded)


@pytest.mark.parametrize("n,r,p", [(2**4, 8, 1), (2**10, 8, 1), (2**14, 8, 1), (2**12, 4, 2)])
def test_scrypt_hashes_verify(n, r, p):
    password, salt = new_password(), secrets.token_urlsafe(12)[:16]
    encoded = from_werkzeug(werkzeug_scrypt(password, salt, n, r, p))
    assert encoded.startswith(f"wz_scrypt${n}:{r}:{p}${salt}$")
    assert len(encoded) <= MAX_ENCODED_LENGTH
    assert check_password(password, encoded)
    assert not check_password(password[:-1], encoded)


@pytest.mark.parametrize("method", ["scrypt", "pbkdf2:sha256:1000", "pbkdf2:sha512:2000", "scrypt:16384:8:1"])
def test_hashes_made_by_werkzeug_itself_verify(method):
    password = new_password()
    werkzeug_hash = generate_password_hash(password, method=method)
    assert check_password_hash(werkzeug_hash, password)  # the reference agrees with itself
    encoded = from_werkzeug(werkzeug_hash)
    assert check_password(password, encoded)
    assert not check_password("not-" + password, encoded)


def test_bare_scrypt_method_means_werkzeug_defaults():
    password, salt = new_password(), "saltsaltsaltsalt"
    full = werkzeug_scrypt(password, salt, 2**15, 8, 1)
    bare = "scrypt" + full[len("scrypt:32768:8:1"):]
    assert from_werkzeug(bare) == from_werkzeug(full)
    assert check_password(password, from_werkzeug(bare))


def test_fixture_hash_from_the_legacy_database_verifies():
    # The legacy admin's row from the shared legacy fixture (README: password Legacy-Admin-2023!).
    legacy = (
        "scrypt:32768:8:1$wzs5hcgDbbUGALrl$0f21497aac77c12c54ccfb77c94e5840df6c9d28902011f031ba338a4db554f5de9"
        "5c40680b7e7db5a0f9d3dee2dd21d2804d39349937c83f7860d8823d3a584"
    )
    assert check_password("Legacy-Admin-2023!", from_werkzeug(legacy))
    assert not check_password("Legacy-Admin-2024!", from_werkzeug(legacy))


@PRODUCTION_HASHERS
def test_successful_check_upgrades_to_the_default_hasher_and_a_failed_one_does_not():
    password = new_password()
    encoded = from_werkzeug(werkzeug_pbkdf2(password, "abcdefgh", "sha256", 1000))
    saved = []
    assert not check_password("wrong", encoded, setter=saved.append)
    assert saved == []
    assert check_password(password, encoded, setter=saved.append)
    assert saved == [password]
    assert get_hasher("default").algorithm == "argon2"
    assert WerkzeugScryptPasswordHasher().must_update(encoded)
    assert WerkzeugPBKDF2PasswordHasher().must_update(encoded)


def test_hashers_never_create_hashes():
    for hasher in (WerkzeugPBKDF2PasswordHasher(), WerkzeugScryptPasswordHasher()):
        with pytest.raises(ValueError, match="never creates"):
            hasher.encode("secret", "salt")
        with pytest.raises(ValueError, match="never creates"):
            make_password("secret", hasher=hasher.algorithm)


def test_safe_summary_masks_salt_and_hash():
    encoded = from_werkzeug(werkzeug_scrypt("x", "SALTSALTSALTSALT", 16, 8, 1))
    summary = WerkzeugScryptPasswordHasher().safe_summary(encoded)
    assert summary["algorithm"] == "wz_scrypt"
    assert summary["parameters"] == "16:8:1"
    assert summary["salt"].startswith("SA") and "SALTSALT" not in summary["salt"]
    assert set(summary["hash"][6:]) == {"*"}
    assert WerkzeugScryptPasswordHasher().safe_summary("wz_scrypt$garbage")["hash"] == "malformed"


GOOD_SCRYPT = from_werkzeug(werkzeug_scrypt("pw", "saltsalt", 16, 8, 1))
GOOD_PBKDF2 = from_werkzeug(werkzeug_pbkdf2("pw", "saltsalt", "sha256", 10))
SCRYPT_DIGEST = GOOD_SCRYPT.rsplit("$", 1)[1]
PBKDF2_DIGEST = GOOD_PBKDF2.rsplit("$", 1)[1]


@pytest.mark.parametrize(
    "encoded",
    [
        "wz_scrypt$",
        "wz_scrypt$$$",
        "wz_scrypt$16:8:1$saltsalt",
        "wz_scrypt$16:8:1$$" + SCRYPT_DIGEST,  # no salt
        "wz_scrypt$16:8$saltsalt$" + SCRYPT_DIGEST,
        "wz_scrypt$15:8:1$saltsalt$" + SCRYPT_DIGEST,  # n not a power of two
        "wz_scrypt$16:0:1$saltsalt$" + SCRYPT_DIGEST,
        "wz_scrypt$1048576:8:1$saltsalt$" + SCRYPT_DIGEST,  # 1 GiB of memory: refused
        "wz_scrypt$16:8:99$saltsalt$" + SCRYPT_DIGEST,
        "wz_scrypt$16:8:1$saltsalt$" + SCRYPT_DIGEST[:-4],  # truncated digest
        "wz_scrypt$16:8:1$saltsalt$not*base64",
        "wz_scrypt$16:8:1$saltsalt$" + SCRYPT_DIGEST + "$extra",
        "wz_scrypt$１６:8:1$saltsalt$" + SCRYPT_DIGEST,  # non-ASCII digits
        "wz_pbkdf2$sha256$saltsalt$" + PBKDF2_DIGEST,
        "wz_pbkdf2$md5:10$saltsalt$" + PBKDF2_DIGEST,
        "wz_pbkdf2$sha256:0$saltsalt$" + PBKDF2_DIGEST,
        "wz_pbkdf2$sha256:-10$saltsalt$" + PBKDF2_DIGEST,
        "wz_pbkdf2$sha256:99999999999$saltsalt$" + PBKDF2_DIGEST,  # absurd work factor: refused
        "wz_pbkdf2$sha512:10$saltsalt$" + PBKDF2_DIGEST,  # digest length of sha256
        "wz_pbkdf2$sha256:10$saltsalt$",
        "wz_pbkdf2$sha256:ten$saltsalt$" + PBKDF2_DIGEST,
    ],
)
def test_malformed_hashes_are_rejected_without_exceptions(encoded):
    assert identify_hasher(encoded).algorithm in ("wz_scrypt", "wz_pbkdf2")
    assert check_password("pw", encoded) is False
    hasher = identify_hasher(encoded)
    assert hasher.verify("pw", encoded) is False
    assert "algorithm" in hasher.safe_summary(encoded)


def test_the_well_formed_counterparts_of_the_malformed_cases_verify():
    # Guards the test above: its cases fail for the reason they name, not because the base is broken.
    assert check_password("pw", GOOD_SCRYPT)
    assert check_password("pw", GOOD_PBKDF2)


@pytest.mark.parametrize(
    "legacy",
    [
        "",
        "plain",
        "pbkdf2:sha256$salt$00ff",  # iterations depended on the werkzeug version: refused
        "pbkdf2$salt$00ff",
        "sha256$salt$" + "00" * 32,  # pre-2.3 werkzeug salted HMAC: not supported
        "pbkdf2:sha256:1000$salt$zz",
        "pbkdf2:sha256:1000$salt$" + "00" * 31,  # wrong digest length
        "pbkdf2:sha256:1000$$" + "00" * 32,
        "pbkdf2:sha256:1000$salt$",
        "scrypt:32768:8$salt$" + "00" * 64,
        "scrypt:32768:8:1$salt$" + "00" * 32,
        "scrypt:32768:8:1$" + "s" * 40 + "$" + "00" * 64,  # too long for Django's 128-character column
        "bcrypt$2b$12$abcdefghijklmnopqrstuv",
        None,
    ],
)
def test_unsupported_legacy_hashes_are_refused_clearly(legacy):
    with pytest.raises(UnsupportedHash):
        from_werkzeug(legacy)


@pytest.mark.django_db
def test_admin_shows_a_user_with_a_legacy_hash(client, django_user_model):
    """The admin's user page summarises the stored hash through the hasher: it must not crash on ours."""
    admin = django_user_model.objects.create_superuser("boss", password=None)
    legacy = django_user_model.objects.create(
        username="legacy.person", password=from_werkzeug(werkzeug_scrypt("pw", "SALTsaltSALTsalt", 16, 8, 1)))
    verified_login(client, admin)
    page = client.get(f"/admin/auth/user/{legacy.pk}/change/").content.decode()
    assert "wz_scrypt" in page and "16:8:1" in page
    assert "SALTsaltSALTsalt" not in page
