from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "reports"

urlpatterns = [
    path("monthly/", strict_csp(views.monthly), name="monthly"),
]
