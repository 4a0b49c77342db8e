"""Django password hashers that verify the legacy Flask application's werkzeug hashes, so adopted users
keep their passwords; Django re-hashes with the default hasher (Argon2) at the first successful login.

Encoding in ``auth_user.password`` (a werkzeug hash re-encoded, because a werkzeug scrypt hash is ~162
characters and Django's password column holds 128):

    werkzeug  pbkdf2:sha256:600000$<salt>$<hex digest>   ->  wz_pbkdf2$sha256:600000$<salt>$<base64 digest>
    werkzeug  scrypt:32768:8:1$<salt>$<hex digest>        ->  wz_scrypt$32768:8:1$<salt>$<base64 digest>

The method arguments and the salt are kept literally; only the digest changes from hex to unpadded
standard base64 (same bytes). `from_werkzeug()` does the conversion; these hashers never create hashes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.translation import gettext_noop as _

# Django's auth_user.password is VARCHAR(128).
MAX_ENCODED_LENGTH = 128

# Bounds on the work factors we agree to compute. The stored hashes are trusted data, but a corrupt
# or hostile row must not be able to make a login request eat gigabytes or minutes.
PBKDF2_DIGESTS = {"sha1", "sha224", "sha256", "sha384", "sha512"}
PBKDF2_MAX_ITERATIONS = 10_000_000
SCRYPT_MAX_MEMORY = 512 * 1024 * 1024  # bytes: scrypt needs 128 * n * r
SCRYPT_MAX_P = 16
SCRYPT_DIGEST_LENGTH = 64  # hashlib.scrypt's default dklen, which werkzeug uses


class UnsupportedHash(ValueError):
    """A stored hash these hashers cannot verify (unknown method, bad arguments, too long to store)."""


def _b64encode(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 12


def _pbkdf2_params(params: str) -> tuple[str, int]:
    parts = params.split(":")
    if len(parts) != 2 or parts[0] not in PBKDF2_DIGESTS or not _is_number(parts[1]):
        raise UnsupportedHash(f"pbkdf2 arguments {params!r} are not <digest>:<iterations>")
    iterations = int(parts[1])
    if not 1 <= iterations <= PBKDF2_MAX_ITERATIONS:
        raise UnsupportedHash(f"pbkdf2 iteration count {iterations} is out of range")
    return parts[0], iterations


def _scrypt_params(params: str) -> tuple[int, int, int]:
    parts = params.split(":")
    if len(parts) != 3 or not all(_is_number(p) for p in parts):
        raise UnsupportedHash(f"scrypt arguments {params!r} are not <n>:<r>:<p>")
    n, r, p = map(int, parts)
    # n must be a power of two above 1 (scrypt's own rule).
    if n < 2 or n & (n - 1) or not 1 <= r or not 1 <= p <= SCRYPT_MAX_P:
        raise UnsupportedHash(f"scrypt arguments {params!r} are invalid")
    if _scrypt_memory(n, r, p) > SCRYPT_MAX_MEMORY:
        raise UnsupportedHash(f"scrypt arguments {params!r} need more memory than allowed")
    return n, r, p


def _scrypt_memory(n: int, r: int, p: int) -> int:
    # OpenSSL's own accounting (V and B arrays), plus slack; werkzeug's 132*n*r*p is too tight for small n.
    return 128 * r * (n + p + 2) + 1024 * 1024


def _split(encoded: str, algorithm: str) -> tuple[str, str, bytes]:
    """`algorithm$params$salt$b64digest` -> (params, salt, digest); UnsupportedHash when malformed."""
    if not isinstance(encoded, str):
        raise UnsupportedHash("not a string")
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != algorithm or not parts[2]:
        raise UnsupportedHash(f"not a {algorithm} hash")
    try:
        digest = _b64decode(parts[3])
    except (binascii.Error, ValueError):
        raise UnsupportedHash("digest is not base64") from None
    if not digest:
        raise UnsupportedHash("empty digest")
    return parts[1], parts[2], digest


def from_werkzeug(werkzeug_hash: str) -> str:
    """Re-encode a werkzeug hash for Django's password field; UnsupportedHash when that is not possible.

    Accepted: ``pbkdf2:<digest>:<iterations>$salt$hex`` and ``scrypt[:n:r:p]$salt$hex`` (a bare
    ``scrypt`` means werkzeug's fixed defaults 32768:8:1). A bare ``pbkdf2`` is refused: its iteration
    count depended on the werkzeug version that wrote it.
    """
    if not isinstance(werkzeug_hash, str):
        raise UnsupportedHash("not a string")
    parts = werkzeug_hash.strip().split("$")
    if len(parts) != 3 or not parts[1]:
        raise UnsupportedHash("not of the form method$salt$digest")
    method, salt, hex_digest = parts
    try:
        digest = bytes.fromhex(hex_digest)
    except ValueError:
        raise UnsupportedHash("digest is not hexadecimal") from None
    if not digest:
        raise UnsupportedHash("empty digest")
    name, _sep, args = method.partition(":")
    if name == "pbkdf2":
        hash_name, iterations = _pbkdf2_params(args)
        if len(digest) != hashlib.new(hash_name).digest_size:
            raise UnsupportedHash(f"digest length does not match {hash_name}")
        encoded = f"{WerkzeugPBKDF2PasswordHasher.algorithm}${hash_name}:{iterations}${salt}${_b64encode(digest)}"
    elif name == "scrypt":
        n, r, p = _scrypt_params(args or "32768:8:1")
        if len(digest) != SCRYPT_DIGEST_LENGTH:
            raise UnsupportedHash("digest length is not werkzeug's scrypt length")
        encoded = f"{WerkzeugScryptPasswordHasher.algorithm}${n}:{r}:{p}${salt}${_b64encode(digest)}"
    else:
        raise UnsupportedHash(f"unknown werkzeug method {name!r}")
    if len(encoded) > MAX_ENCODED_LENGTH:
        raise UnsupportedHash(f"re-encoded hash has {len(encoded)} characters, more than {MAX_ENCODED_LENGTH}")
    return encoded


class _WerkzeugHasher(BasePasswordHasher):
    """Verify-only: a legacy hash is checked once and replaced by the default hasher's at that login."""

    def _derive(self, password: bytes, salt: bytes, params: str, length: int) -> bytes:
        raise NotImplementedError

    def verify(self, password, encoded):
        try:
            params, salt, digest = _split(encoded, self.algorithm)
            candidate = self._derive(str(password).encode(), salt.encode(), params, len(digest))
        except (UnsupportedHash, ValueError, TypeError, MemoryError, OverflowError):
            return False
        return hmac.compare_digest(candidate, digest)

    def encode(self, password, salt):
        raise ValueError(f"{self.algorithm} only verifies legacy werkzeug hashes; it never creates new ones.")

    def decode(self, encoded):
        params, salt, digest = _split(encoded, self.algorithm)
        return {"algorithm": self.algorithm, "params": params, "salt": salt, "hash": _b64encode(digest)}

    def safe_summary(self, encoded):
        try:
            decoded = self.decode(encoded)
        except UnsupportedHash:
            return {_("algorithm"): self.algorithm, _("hash"): _("malformed")}
        return {
            _("algorithm"): decoded["algorithm"],
            _("parameters"): decoded["params"],
            _("salt"): mask_hash(decoded["salt"], show=2),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded):
        return True

    def harden_runtime(self, password, encoded):
        # Never the preferred hasher, so Django never asks us to equalise work factors.
        pass


class WerkzeugPBKDF2PasswordHasher(_WerkzeugHasher):
    """werkzeug ``pbkdf2:<digest>:<iterations>`` hashes: hashlib.pbkdf2_hmac over the literal salt."""

    algorithm = "wz_pbkdf2"

    def _derive(self, password, salt, params, length):
        hash_name, iterations = _pbkdf2_params(params)
        if length != hashlib.new(hash_name).digest_size:
            raise UnsupportedHash("digest length does not match the hash function")
        return hashlib.pbkdf2_hmac(hash_name, password, salt, iterations)


class WerkzeugScryptPasswordHasher(_WerkzeugHasher):
    """werkzeug ``scrypt:<n>:<r>:<p>`` hashes: hashlib.scrypt over the literal salt, werkzeug's maxmem."""

    algorithm = "wz_scrypt"

    def _derive(self, password, salt, params, length):
        n, r, p = _scrypt_params(params)
        if length != SCRYPT_DIGEST_LENGTH:
            raise UnsupportedHash("digest length is not werkzeug's")
        return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, maxmem=_scrypt_memory(n, r, p), dklen=length)
