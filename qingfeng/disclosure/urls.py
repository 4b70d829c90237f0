from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "disclosure"

urlpatterns = [
    path("", strict_csp(views.portal), name="portal"),
    path("ledger/", strict_csp(views.ledger_page), name="ledger"),
]
