from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "conduct"

urlpatterns = [
    path("conduct/", strict_csp(views.overview), name="list"),
    path("conduct/plans/<int:pk>/", strict_csp(views.plan), name="plan"),
    path("conduct/plans/<int:pk>/visit/", strict_csp(views.plan_visit), name="plan_visit"),
    path("conduct/visits/<int:pk>/", strict_csp(views.visit), name="visit"),
    path("conduct/findings/<int:pk>/", strict_csp(views.finding), name="finding"),
    path("conduct/findings/<int:pk>/<str:verb>/", strict_csp(views.finding_act), name="finding_act"),
    path("conduct/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("conduct/spot-checks/", strict_csp(views.spot_checks), name="spot_checks"),
    path("conduct/spot-checks/<int:pk>/", strict_csp(views.spot_check), name="spot_check"),
    path("portal/naming/", strict_csp(views.naming), name="naming"),
]
