from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "land"

urlpatterns = [
    path("", strict_csp(views.transfer_list), name="list"),
]
