from django.urls import path

from qingfeng.web.csp import strict_csp

from . import office_views as views

app_name = "disclosure_office"

urlpatterns = [
    path("", strict_csp(views.home), name="home"),
    path("requests/new/", strict_csp(views.request_new), name="request_new"),
    path("requests/<int:pk>/", strict_csp(views.request_detail), name="request"),
    path("requests/<int:pk>/<str:verb>/", strict_csp(views.request_act), name="request_act"),
    path("budgets/", strict_csp(views.budgets), name="budgets"),
    path("budgets/<int:pk>/publish/", strict_csp(views.budget_publish), name="budget_publish"),
    path("exemptions/", strict_csp(views.exemptions), name="exemptions"),
    path("exemptions/<int:pk>/revoke/", strict_csp(views.exemption_revoke), name="exemption_revoke"),
    path("annual-report/", strict_csp(views.annual_report), name="annual_report"),
    path("annual-report.xlsx", strict_csp(views.annual_report_xlsx), name="annual_report_xlsx"),
]
