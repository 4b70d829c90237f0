from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "decisions"

urlpatterns = [
    path("portal/decisions/", strict_csp(views.portal), name="portal"),
    path("decisions/", strict_csp(views.decision_list), name="list"),
    path("decisions/topics/<int:pk>/", strict_csp(views.topic_detail), name="topic"),
    path("decisions/topics/<int:pk>/<str:verb>/", strict_csp(views.topic_act), name="topic_act"),
    path("decisions/meetings/<int:pk>/", strict_csp(views.meeting_detail), name="meeting"),
    path("decisions/meetings/<int:pk>/<str:verb>/", strict_csp(views.meeting_act), name="meeting_act"),
]
