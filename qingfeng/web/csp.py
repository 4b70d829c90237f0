"""The Content-Security-Policy of the staff pages and the portal: only this server's own scripts, styles
and images; no inline code, no frames, forms post only here. The templates are written for it (a test
scans them) and the browser test checks that no page breaks it."""

from functools import wraps

POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def strict_csp(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response

    return wrapper
