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


# Field encryption (a sealed tip-off's reporter identity): AES-256-GCM through the ``cryptography`` package.
SEAL_ALGORITHMS = ("aes-256-gcm",)


def _seal_key() -> bytes:
    """32 bytes from QINGFENG_SEAL_KEY (hex or base64), else from DATA_DIR/seal_key, generated once (mode 600)."""
    import base64
    import os
    import secrets
    from pathlib import Path

    text = os.environ.get("QINGFENG_SEAL_KEY", "")
    if not text:
        path = Path(settings.DATA_DIR) / "seal_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        text = path.read_text().strip()
    key = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text)
    if len(key) != 32:
        raise ValueError("QINGFENG_SEAL_KEY must be 32 bytes (64 hex digits or base64)")
    return key


def seal(plaintext: str, *, context: str) -> str:
    """Encrypt ``plaintext``; ``context`` (e.g. "tipoff:42") is authenticated, so a blob cannot be moved to
    another record. Returns "aes-256-gcm:" + base64(nonce + ciphertext)."""
    import base64
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    blob = AESGCM(_seal_key()).encrypt(nonce, plaintext.encode(), context.encode())
    return "aes-256-gcm:" + base64.b64encode(nonce + blob).decode()


def unseal(sealed: str, *, context: str) -> str:
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    algorithm, _sep, body = sealed.partition(":")
    if algorithm not in SEAL_ALGORITHMS:
        raise ValueError(f"unknown seal algorithm {algorithm!r}")
    raw = base64.b64decode(body)
    return AESGCM(_seal_key()).decrypt(raw[:12], raw[12:], context.encode()).decode()
