from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "treasury"

urlpatterns = [
    path("leases/", strict_csp(views.lease_list), name="leases"),
    path("leases/<int:pk>/recover/", strict_csp(views.lease_recover), name="recover"),
]
