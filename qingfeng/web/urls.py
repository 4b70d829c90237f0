from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import LoginForm
from .views import alerts, dashboard, imports

app_name = "web"

urlpatterns = [
    path("", dashboard.home, name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=LoginForm,
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="web:login"), name="logout"),
    path("alerts/", alerts.alert_list, name="alert_list"),
    path("alerts/export.xlsx", alerts.alert_export, name="alert_export"),
    path("alerts/escalate/", alerts.alert_escalate, name="alert_escalate"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert_detail"),
    path("alerts/<int:pk>/assign/", alerts.alert_assign, name="alert_assign"),
    path("alerts/<int:pk>/answer/", alerts.alert_answer, name="alert_answer"),
    path("alerts/<int:pk>/verify/", alerts.alert_verify, name="alert_verify"),
    path("alerts/<int:pk>/responses/<int:response_id>/attachment/", alerts.response_attachment, name="response_attachment"),
    path("imports/", imports.import_page, name="imports"),
    path("imports/<int:pk>/", imports.batch_detail, name="import_batch"),
    path("imports/template/<str:dataset>.xlsx", imports.template_download, name="import_template"),
]
