"""Login in two steps (password, then the second factor), first-login enrolment, password change, the
user's own security page, and the three administrators' pages."""

import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.models import Role, RoleGrant

from . import actions, passwords, policies, records, totp
from . import parameters as p
from .forms import AccountCreateForm, CodeForm, LoginRecordFilterForm, PasswordChangeForm, PolicyForm, RoleGrantForm
from .models import AccountSecurity, LoginEvent, LoginRecord

PENDING = "qf_pending_login"  # {user, backend, at, next}: the password was right, the second factor is due
ENROL_SECRET = "qf_enrol_secret"
MUST_CHANGE = "qf_must_change_password"


def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return "/"


def _locked_message(user) -> str:
    state = actions.state_for(user)
    if state.locked_until and state.locked_until.year > 9000:
        return _("连续登录失败，账号已锁定。请联系安全管理员解锁。")
    return _("连续登录失败，账号已锁定至 %(until)s；如需提前解锁请联系安全管理员。") % {
        "until": state.locked_until.astimezone().strftime("%H:%M")}


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    from qingfeng.web.forms import LoginForm

    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request, data=request.POST or None)
    error = ""
    if request.method == "POST":
        user = get_user_model().objects.filter(username=request.POST.get("username", "")).first()
        if user is not None and actions.is_locked(user):
            records.write(LoginEvent.REFUSED_LOCKED, username=user.get_username(), success=False, request=request, user=user)
            error = _locked_message(user)
        elif form.is_valid():
            return _after_password(request, form.get_user(), next_url)
        elif user is not None and actions.lock_if_due(user, request):
            error = _locked_message(user)
        if error:
            form = LoginForm(request)  # show the refusal, not field errors of a form that was not checked
    return render(request, "security/login.html", {"form": form, "next": next_url if next_url != "/" else "", "error": error})


def _after_password(request, user, next_url):
    if policies.second_factor_required(user) or actions.totp_secret(user):
        request.session[PENDING] = {"user": user.pk, "backend": user.backend, "at": time.time(), "next": next_url}
        enrolled = AccountSecurity.objects.filter(user=user, totp_enabled_at__isnull=False).exists()
        return redirect("security:login_verify" if enrolled else "security:login_enrol")
    return _complete(request, user, next_url)


def _complete(request, user, next_url):
    request.session.pop(PENDING, None)
    request.session.pop(ENROL_SECRET, None)
    login(request, user)
    if passwords.expired(user):
        request.session[MUST_CHANGE] = True
        messages.warning(request, _("您的口令为初始口令或已到更换期限，请先修改口令。"))
        return redirect(f"{reverse('security:password')}?next={next_url}")
    return redirect(next_url)


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > int(p.PENDING_LOGIN_SECONDS.value()):
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user, pending


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_verify(request):
    user, pending = _pending_user(request)
    if user is None:
        messages.error(request, _("登录已超时，请重新输入用户名和口令。"))
        return redirect("web:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.is_locked(user):
            request.session.pop(PENDING, None)
            messages.error(request, _locked_message(user))
            return redirect("web:login")
        if actions.check_totp(user, form.cleaned_data["code"], request):
            return _complete(request, user, pending["next"])
        if actions.lock_if_due(user, request):
            request.session.pop(PENDING, None)
            messages.error(request, _locked_message(user))
            return redirect("web:login")
        form.add_error("code", _("动态口令不正确或已使用过，请输入验证器上的新口令。"))
    return render(request, "security/login_verify.html", {"form": form, "username": user.get_username()})


def _enrolment_context(request, user, form):
    secret = request.session.get(ENROL_SECRET)
    if not secret:
        secret = request.session[ENROL_SECRET] = totp.new_secret()
    uri = totp.provisioning_uri(secret, user.get_username())
    spaced = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return {"form": form, "secret": spaced, "qr": totp.qr_svg_data_uri(uri), "username": user.get_username(),
            "required": policies.second_factor_required(user)}


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_enrol(request):
    """First login of a privileged user: enrol the authenticator, then the login completes."""
    user, pending = _pending_user(request)
    if user is None:
        messages.error(request, _("登录已超时，请重新输入用户名和口令。"))
        return redirect("web:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.enable_totp(user, user, secret=request.session.get(ENROL_SECRET, ""), code=form.cleaned_data["code"], request=request)
        except ValidationError as exc:
            records.write(LoginEvent.TOTP_FAILED, username=user.get_username(), success=False, request=request, user=user)
            if actions.lock_if_due(user, request):
                request.session.pop(PENDING, None)
                messages.error(request, _locked_message(user))
                return redirect("web:login")
            form.add_error("code", " ".join(exc.messages))
        else:
            return _complete(request, user, pending["next"])
    return render(request, "security/enrol.html", _enrolment_context(request, user, form))


@login_required
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def account_enrol(request):
    """Any user may turn on the second factor from their own security page."""
    if actions.totp_secret(request.user):
        return redirect("security:account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.enable_totp(request.user, request.user, secret=request.session.get(ENROL_SECRET, ""),
                                code=form.cleaned_data["code"], request=request)
        except ValidationError as exc:
            form.add_error("code", " ".join(exc.messages))
        else:
            request.session.pop(ENROL_SECRET, None)
            messages.success(request, _("动态口令已开通，今后登录须输入验证器上的口令。"))
            return redirect("security:account")
    return render(request, "security/enrol.html", {**_enrolment_context(request, request.user, form), "logged_in": True})


@login_required
@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(request.user, request.user, old=form.cleaned_data["old"], new=form.cleaned_data["new"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            update_session_auth_hash(request, request.user)
            request.session.pop(MUST_CHANGE, None)
            messages.success(request, _("口令已修改。"))
            return redirect(next_url)
    return render(request, "security/password.html", {"form": form, "next": next_url, "forced": request.session.get(MUST_CHANGE),
                                                       "policy": _policy_lines()})


def _policy_lines() -> list[str]:
    return [
        _("至少 %(n)s 位") % {"n": p.PASSWORD_MIN_LENGTH.value()},
        _("大写字母、小写字母、数字、符号中至少 %(n)s 类") % {"n": p.PASSWORD_MIN_CLASSES.value()},
        _("不得与最近 %(n)s 次用过的口令相同") % {"n": p.PASSWORD_HISTORY.value()},
        _("每 %(n)s 天须更换") % {"n": p.PASSWORD_MAX_AGE_DAYS.value()} if int(p.PASSWORD_MAX_AGE_DAYS.value()) else _("不强制定期更换"),
    ]


@login_required
@require_GET
def account(request):
    state = actions.state_for(request.user)
    mine = LoginRecord.objects.filter(user_id_at_time=request.user.pk).order_by("-seq")[:15]
    return render(request, "security/account.html", {"state": state, "records": mine, "required": policies.second_factor_required(request.user)})


# --------------------------------------------------------------------------------- administrators


def _admin_only(request, allowed) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not allowed(request.user):
        raise PermissionDenied(_("此页面仅供相应的管理员使用（三员分立）。"))


@login_required
@require_GET
def users(request):
    _admin_only(request, policies.sees_accounts)
    User = get_user_model()
    qs = User.objects.order_by("username").prefetch_related("role_grants")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(username__icontains=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    states = {s.user_id: s for s in AccountSecurity.objects.filter(user__in=page.object_list)}
    rows = [(u, states.get(u.pk), [str(Role(g.role).label) for g in u.role_grants.all()]) for u in page.object_list]
    return render(request, "security/users.html", {"rows": rows, "page": page, "q": q,
                                                   "may_create": policies.manages_accounts(request.user)})


@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def user_create(request):
    _admin_only(request, policies.manages_accounts)
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.create_account(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("账号 %(name)s 已创建，请交由安全管理员授予角色。") % {"name": user.get_username()})
            return redirect("security:user", pk=user.pk)
    return render(request, "security/user_create.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def user_detail(request, pk):
    _admin_only(request, policies.sees_accounts)
    account_user = get_object_or_404(get_user_model(), pk=pk)
    return render(request, "security/user_detail.html", {
        "account": account_user, "state": actions.state_for(account_user),
        "grants": RoleGrant.objects.filter(user=account_user).prefetch_related("departments"),
        "manages": policies.manages_accounts(request.user), "secures": policies.sets_security(request.user),
        "grant_form": RoleGrantForm() if policies.sets_security(request.user) else None,
        "records": LoginRecord.objects.filter(user_id_at_time=account_user.pk).order_by("-seq")[:10]
        if policies.reads_logs(request.user) else None,
    })


@login_required
@require_POST
def user_action(request, pk, what):
    """One button per administrator action; each action checks its own administrator role again."""
    _admin_only(request, policies.sees_accounts)
    account_user = get_object_or_404(get_user_model(), pk=pk)
    try:
        if what == "activate":
            actions.set_account_active(request.user, account_user, True)
        elif what == "deactivate":
            actions.set_account_active(request.user, account_user, False)
        elif what == "unlock":
            actions.unlock(request.user, account_user, request)
        elif what == "reset-totp":
            actions.reset_totp(request.user, account_user, request)
        elif what == "grant":
            form = RoleGrantForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            actions.grant_role(request.user, account_user, form.cleaned_data["role"], form.cleaned_data["scope"],
                               list(form.cleaned_data["departments"]))
        elif what == "revoke":
            actions.revoke_role(request.user, account_user, request.POST.get("role", ""))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已完成。"))
    return redirect("security:user", pk=account_user.pk)


@login_required
@require_http_methods(["GET", "POST"])
def policy(request):
    _admin_only(request, policies.sets_security)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = 0
        for parameter in p.EDITABLE:
            if form.cleaned_data[parameter.name] != int(parameter.value()):
                actions.set_policy(request.user, parameter.name, form.cleaned_data[parameter.name])
                changed += 1
        messages.success(request, _("已保存 %(n)s 项安全策略。") % {"n": changed})
        return redirect("security:policy")
    return render(request, "security/policy.html", {"form": form, "required_roles": [
        str(Role(r).label) for r in p.TOTP_REQUIRED_ROLES.value()]})


@login_required
@require_GET
def login_records(request):
    _admin_only(request, policies.reads_logs)
    form = LoginRecordFilterForm(request.GET or None)
    qs = LoginRecord.objects.order_by("-seq")
    if form.is_valid():
        data = form.cleaned_data
        if data["username"]:
            qs = qs.filter(username=data["username"])
        if data["event"]:
            qs = qs.filter(event=data["event"])
        if data["success"]:
            qs = qs.filter(success=data["success"] == "1")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "security/login_records.html", {"form": form, "page": page, "query": query.urlencode(),
                                                           "chain": records.verify() if request.GET.get("verify") else None})


@require_GET
def healthz(request):
    """For the load balancer and the soak benchmark's baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def home(request):
    """The security entry of the navigation: each administrator lands on their own page, others on their account."""
    if policies.sees_accounts(request.user) and not policies.is_system(request.user):
        return redirect("security:users")
    if policies.reads_logs(request.user):
        return redirect("security:login_records")
    return redirect("security:account")
