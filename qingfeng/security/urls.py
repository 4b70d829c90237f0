from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "security"

urlpatterns = [
    # The admin console logs in through the same two-step login (lockout, second factor, records).
    path("admin/login/", RedirectView.as_view(url="/login/", query_string=True), name="admin_login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("login/enrol/", views.login_enrol, name="login_enrol"),
    path("healthz", views.healthz, name="healthz"),
    path("security/", views.home, name="home"),
    path("security/account/", views.account, name="account"),
    path("security/account/totp/", views.account_enrol, name="account_enrol"),
    path("security/password/", views.password_change, name="password"),
    path("security/users/", views.users, name="users"),
    path("security/users/new/", views.user_create, name="user_create"),
    path("security/users/<int:pk>/", views.user_detail, name="user"),
    path("security/users/<int:pk>/<slug:what>/", views.user_action, name="user_action"),
    path("security/policy/", views.policy, name="policy"),
    path("security/logins/", views.login_records, name="login_records"),
]
