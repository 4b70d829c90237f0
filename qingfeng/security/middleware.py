"""Request-wide security: one Content-Security-Policy for every response (staff pages, portal, API, the
admin console — Django 5.2's admin templates carry no inline script or style), and the forced password
change after a login with an expired or initial password."""

from django.shortcuts import redirect
from django.urls import reverse

from qingfeng.web.csp import POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        # Browsers that ignore CSP's frame-ancestors still honour X-Frame-Options (set by Django's middleware).
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response


class PasswordChangeRequiredMiddleware:
    """A session flagged at login (expired or initial password) may only change the password or log out."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .views import MUST_CHANGE

        if request.path.startswith(self.ALLOWED_PREFIXES):  # before the session is read: no database hit
            return self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.get(MUST_CHANGE) and request.user.is_authenticated:
            if request.path not in (reverse("security:password"), reverse("web:logout")):
                return redirect(f"{reverse('security:password')}?next={request.path}")
        return self.get_response(request)
