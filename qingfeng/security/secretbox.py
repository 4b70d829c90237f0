"""Sealing of stored authentication secrets (the TOTP seed): SM4-CBC (商用密码, GB/T 32907) with a random IV,
then HMAC-SHA256 over IV and ciphertext, so that a database dump alone yields no usable seed (等保 第三级
鉴别数据的存储保密性). Keys derive from SECRET_KEY: rotating SECRET_KEY means re-enrolling second factors."""

import base64
import hashlib
import hmac
import os

from django.conf import settings
from gmssl.sm4 import SM4_DECRYPT, SM4_ENCRYPT, CryptSM4


def _keys() -> tuple[bytes, bytes]:
    root = settings.SECRET_KEY.encode()
    enc = hmac.new(root, b"qingfeng.security.secretbox.sm4", hashlib.sha256).digest()[:16]
    mac = hmac.new(root, b"qingfeng.security.secretbox.mac", hashlib.sha256).digest()
    return enc, mac


def seal(plain: str) -> str:
    enc, mac = _keys()
    iv = os.urandom(16)
    box = CryptSM4()
    box.set_key(enc, SM4_ENCRYPT)
    body = iv + box.crypt_cbc(iv, plain.encode())
    tag = hmac.new(mac, body, hashlib.sha256).digest()
    return "sm4:" + base64.b64encode(body + tag).decode()


def unseal(sealed: str) -> str:
    if not sealed.startswith("sm4:"):
        raise ValueError("unknown sealing")
    raw = base64.b64decode(sealed[4:])
    body, tag = raw[:-32], raw[-32:]
    enc, mac = _keys()
    if not hmac.compare_digest(hmac.new(mac, body, hashlib.sha256).digest(), tag):
        raise ValueError("sealed secret was altered or the key changed")
    box = CryptSM4()
    box.set_key(enc, SM4_DECRYPT)
    return box.crypt_cbc(body[:16], body[16:]).decode()
