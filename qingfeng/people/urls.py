from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "people"

urlpatterns = [
    path("", strict_csp(views.search), name="search"),
    path("person/<int:pk>/", strict_csp(views.person), name="person"),
    path("person/<int:pk>/export.xlsx", strict_csp(views.person_export), name="person_export"),
    path("company/<int:pk>/", strict_csp(views.company), name="company"),
    path("review/", strict_csp(views.review), name="review"),
    path("review/<int:pk>/", strict_csp(views.decide), name="decide"),
]
