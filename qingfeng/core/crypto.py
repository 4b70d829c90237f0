"""Crypto provider: one place that names the hash algorithms Qingfeng may use (SHA-256 or SM3)."""

import hashlib
import hmac

from django.conf import settings

ALGORITHMS = ("sha256", "sm3")


def digest(data: bytes, algorithm: str | None = None) -> str:
    """Hex digest of ``data`` with the configured (or given) algorithm."""
    algorithm = algorithm or settings.QINGFENG["LEDGER_ALGORITHM"]
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        from gmssl import func, sm3

        return sm3.sm3_hash(func.bytes_to_list(data))
    raise ValueError(f"unknown hash algorithm {algorithm!r}; choose one of {ALGORITHMS}")


def keyed_hash(value: str) -> str:
    """Keyed hash of a personal identifier (ID-card number), for matching without storing it."""
    return hmac.new(settings.SECRET_KEY.encode(), value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """110105********0012 — the first six and last four characters stay visible."""
    value = value.strip()
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:] if len(value) > 10 else "*" * len(value)
