"""Time-based one-time passwords (RFC 6238, 30 s, 6 digits) and the enrolment QR code, drawn here as SVG."""

import time

import pyotp
import segno

ISSUER = "清风廉政监督平台"
VALID_WINDOW = 1  # one step either side: clocks of phones drift


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    """An <img src> value: the CSP allows data: images, and no request leaves the server."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def matching_step(secret: str, code: str, *, after_step: int = 0, now: float | None = None) -> int | None:
    """The time step that ``code`` matches, if it is newer than ``after_step`` (each code is used once)."""
    code = (code or "").strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    try:
        totp = pyotp.TOTP(secret)
    except (ValueError, TypeError):  # no secret in the session (enrolment page never opened) or a mangled one
        return None
    now = time.time() if now is None else now
    current = int(now) // totp.interval
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if step > after_step and pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None
