from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "oversight"

urlpatterns = [
    path("", strict_csp(views.task_list), name="list"),
    path("new/", strict_csp(views.task_new), name="new"),
    path("<int:pk>/", strict_csp(views.task_detail), name="task"),
    path("assignments/<int:pk>/", strict_csp(views.assignment_detail), name="assignment"),
    path("assignments/<int:pk>/<str:verb>/", strict_csp(views.assignment_act), name="act"),
    path("departments/<str:code>/", strict_csp(views.department_page), name="department"),
]
