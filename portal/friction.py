"""Proof-of-work bot friction, with no third-party service.

A challenge is a signed, timestamped random string; the client finds a nonce such that
SHA-256(challenge + ":" + nonce) starts with `bits` zero bits (2^bits hashes on average: about
0.1 s in a browser at 16 bits, and the same again for every further request), and sends
`X-Proof-Of-Work: <challenge>:<nonce>`. Each challenge is accepted once, within its lifetime.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core import signing
from django.core.cache import cache

_SALT = "portal.friction"
MAX_AGE_SECONDS = 600


def new_challenge() -> str:
    return signing.TimestampSigner(salt=_SALT).sign(secrets.token_urlsafe(12))


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def solve(challenge: str, bits: int) -> str:
    """What a client does (tests, the reference for client authors)."""
    nonce = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) < bits:
        nonce += 1
    return str(nonce)


def verify(proof: str, bits: int) -> bool:
    """True for a solved challenge we issued, not expired and not used before."""
    challenge, _, nonce = proof.rpartition(":")
    if not challenge or not nonce or len(proof) > 200:
        return False
    try:
        signing.TimestampSigner(salt=_SALT).unsign(challenge, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return False
    if leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) < bits:
        return False
    # Spent once: a solved challenge cannot be replayed for a burst.
    return bool(
        cache.add(f"pow:spent:{hashlib.sha256(challenge.encode()).hexdigest()}", 1, MAX_AGE_SECONDS * 2)
    )
