from django.contrib.auth import views as auth_views
from django.urls import path

from qingfeng.security import views as security_views

from .csp import strict_csp
from .views import alerts, dashboard, imports

app_name = "web"

urlpatterns = [
    path("", strict_csp(dashboard.home), name="dashboard"),
    path("login/", strict_csp(security_views.login_view), name="login"),  # lockout, second factor, login records
    path("logout/", strict_csp(auth_views.LogoutView.as_view(next_page="web:login")), name="logout"),
    path("alerts/", strict_csp(alerts.alert_list), name="alert_list"),
    path("alerts/export.xlsx", strict_csp(alerts.alert_export), name="alert_export"),
    path("alerts/escalate/", strict_csp(alerts.alert_escalate), name="alert_escalate"),
    path("alerts/<int:pk>/", strict_csp(alerts.alert_detail), name="alert_detail"),
    path("alerts/<int:pk>/assign/", strict_csp(alerts.alert_assign), name="alert_assign"),
    path("alerts/<int:pk>/answer/", strict_csp(alerts.alert_answer), name="alert_answer"),
    path("alerts/<int:pk>/verify/", strict_csp(alerts.alert_verify), name="alert_verify"),
    path("alerts/<int:pk>/responses/<int:response_id>/attachment/", strict_csp(alerts.response_attachment), name="response_attachment"),
    path("imports/", strict_csp(imports.import_page), name="imports"),
    path("imports/<int:pk>/", strict_csp(imports.batch_detail), name="import_batch"),
    path("imports/template/<str:dataset>.xlsx", strict_csp(imports.template_download), name="import_template"),
]
