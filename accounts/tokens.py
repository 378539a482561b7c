"""API tokens as text: ``pd_<prefix>_<secret>``. The prefix (8 hex digits) is public and finds the stored row; the
secret (32 random bytes, URL-safe base64) is never stored, only its SHA-256 digest, compared in constant time."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

TOKEN_PATTERN = re.compile(r"pd_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})")
PREFIX_BYTES = 4
SECRET_BYTES = 32


@dataclass(frozen=True)
class TokenText:
    """A token's two parts as the client sends them (``str`` is the whole token)."""

    prefix: str
    secret: str

    def __str__(self) -> str:
        return f"pd_{self.prefix}_{self.secret}"


def new_token_text() -> TokenText:
    """A fresh random token (the prefix may collide with a stored one: the caller retries on a unique violation)."""
    return TokenText(prefix=secrets.token_hex(PREFIX_BYTES), secret=secrets.token_urlsafe(SECRET_BYTES))


def parse_token(text: str) -> TokenText | None:
    """The token's parts, or None when ``text`` is not shaped like a token."""
    match = TOKEN_PATTERN.fullmatch(text)
    return TokenText(match["prefix"], match["secret"]) if match else None


def digest(secret: str) -> str:
    """SHA-256 of the secret, hex (64 characters): what the database keeps."""
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def secret_matches(secret: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(secret), stored_digest)
