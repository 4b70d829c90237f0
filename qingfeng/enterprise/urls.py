from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "enterprise"

urlpatterns = [
    path("enterprise/", strict_csp(views.overview), name="list"),
    path("enterprise/registry/", strict_csp(views.registry), name="registry"),
    path("enterprise/companies/<int:pk>/", strict_csp(views.company), name="company"),
    path("enterprise/pairings/<int:pk>/", strict_csp(views.pairing), name="pairing"),
    path("enterprise/pairings/<int:pk>/<str:verb>/", strict_csp(views.pairing_act), name="pairing_act"),
    path("enterprise/requests/<int:pk>/", strict_csp(views.request_detail), name="request"),
    path("enterprise/projects/<int:pk>/", strict_csp(views.project), name="project"),
    path("enterprise/projects/<int:pk>/<str:verb>/", strict_csp(views.project_act), name="project_act"),
    path("enterprise/indicators/", strict_csp(views.indicators_page), name="indicators"),
    path("portal/business/", strict_csp(views.portal), name="portal"),
]
