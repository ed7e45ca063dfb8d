"""Password hashes for riskmap's own users (SQLite databases; PostgreSQL uses its logins).

scrypt from the standard library with a random salt per password; the cost parameters travel
with the hash ("scrypt$n$r$p$salt$hash", salt and hash in base64), so that a later riskmap can
raise them without invalidating the passwords already stored. A password is never stored,
logged or audited in clear; hashes are compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from riskmap.errors import LedgerError

SCHEME = "scrypt"
# 2^14 × 8 × 128 bytes = 16 MiB and some 50 ms per check: slow for a guesser, quick at a login.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
# hashlib's default cap (32 MiB) leaves no headroom above N=2^15; allow what a stored hash asks.
MAX_MEM = 256 * 1024 * 1024


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEM, dklen=length
    )


def hash_password(password: str) -> str:
    """A new hash of `password` with a fresh random salt."""
    if not password:
        raise LedgerError.of("account.empty")
    salt = secrets.token_bytes(SALT_BYTES)
    key = _derive(password, salt, N, R, P, KEY_BYTES)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches the stored hash; False for no hash or a malformed one."""
    if not stored or not password:
        return False
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return False
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        want = base64.b64decode(parts[5], validate=True)
        got = _derive(password, salt, n, r, p, len(want))
    except ValueError:  # bad base64, or parameters scrypt refuses (a damaged row)
        return False
    return hmac.compare_digest(got, want)
