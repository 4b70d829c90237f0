from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "procurement"

urlpatterns = [
    path("procurement/", strict_csp(views.overview), name="overview"),
    path("procurement/ocds/", strict_csp(views.ocds_import), name="ocds_import"),
    path("portal/procurement/ocds.jsonl", views.ocds_export, name="ocds_export"),
    path("portal/procurement/ocds/<str:ocid>.json", views.ocds_release, name="ocds_release"),
]
