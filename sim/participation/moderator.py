"""The moderator's password: kept only as a salted scrypt hash, checked in constant time.

The operator sets IKZ_MODERATOR_PASSWORD_HASH to the line `python -m sim participation hash-password`
prints. IKZ_MODERATOR_PASSWORD (the password itself) is accepted too, for a quick local trial: it is
hashed as soon as it is read and only the hash is kept. Without either, moderation is closed.
"""

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

HASH_VARIABLE = "IKZ_MODERATOR_PASSWORD_HASH"
PASSWORD_VARIABLE = "IKZ_MODERATOR_PASSWORD"
# scrypt's interactive-login parameters (n = 2**14, r = 8, p = 1): about 16 MiB and some 50 ms a check.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024


class BadPasswordHash(ValueError):
    """The hash in the environment is not a line `hash-password` wrote."""


@dataclass(frozen=True)
class PasswordHash:
    """A salted scrypt hash and its parameters."""

    n: int
    r: int
    p: int
    salt: bytes
    key: bytes

    def line(self) -> str:
        """Return the hash as one line: scrypt$n$r$p$salt-hex$key-hex."""
        return f"scrypt${self.n}${self.r}${self.p}${self.salt.hex()}${self.key.hex()}"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    data = password.encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, maxmem=128 * r * n * 2, dklen=KEY_BYTES)


def hash_password(password: str) -> PasswordHash:
    """Return a fresh salted hash of the password."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise ValueError(f"the password needs {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")
    salt = secrets.token_bytes(SALT_BYTES)
    return PasswordHash(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))


def parse_hash(line: str) -> PasswordHash:
    """Read a hash line; raise BadPasswordHash if it is not one."""
    parts = line.strip().split("$")
    try:
        if len(parts) != 6 or parts[0] != "scrypt":
            raise ValueError
        n, r, p = (int(part) for part in parts[1:4])
        salt, key = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        message = f"{HASH_VARIABLE} must be the line 'python -m sim participation hash-password' prints"
        raise BadPasswordHash(message) from None
    if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and len(key) == KEY_BYTES):
        raise BadPasswordHash(f"{HASH_VARIABLE} has parameters outside scrypt's sensible range")
    return PasswordHash(n, r, p, salt, key)


def verify_password(candidate: str, stored: PasswordHash) -> bool:
    """Return whether the candidate is the password (the comparison takes the same time for any wrong key)."""
    if len(candidate) > MAX_PASSWORD_CHARS:
        candidate = ""  # still hashed, so a long guess takes as long as a short one
    key = _derive(candidate, stored.salt, stored.n, stored.r, stored.p)
    return hmac.compare_digest(key, stored.key)


def configured_hash(environ: Mapping[str, str] | None = None) -> PasswordHash | None:
    """Return the moderator's password hash from the environment, or None if moderation is not set up."""
    environ = os.environ if environ is None else environ
    line = environ.get(HASH_VARIABLE, "").strip()
    if line:
        return parse_hash(line)
    password = environ.get(PASSWORD_VARIABLE, "")
    return hash_password(password) if password else None
