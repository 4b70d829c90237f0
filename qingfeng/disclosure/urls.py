from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("ledger/", views.ledger_page, name="ledger"),
]
