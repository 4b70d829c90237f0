from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "projects"

urlpatterns = [
    path("", strict_csp(views.project_list), name="list"),
    path("new/", strict_csp(views.project_new), name="new"),
    path("<int:pk>/", strict_csp(views.project_detail), name="detail"),
    path("<int:pk>/<str:verb>/", strict_csp(views.project_act), name="act"),
]
