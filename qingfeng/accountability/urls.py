from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "accountability"

urlpatterns = [
    path("", strict_csp(views.home), name="home"),
    path("campaigns/new/", strict_csp(views.campaign_new), name="campaign_new"),
    path("pledges/new/", strict_csp(views.pledge_new), name="pledge_new"),
    path("pledges/<int:pk>/file/", views.pledge_file, name="pledge_file"),
    path("talks/", strict_csp(views.talk_list), name="talks"),
    path("talks/new/", strict_csp(views.talk_new), name="talk_new"),
    path("talks/<int:pk>/", strict_csp(views.talk_detail), name="talk"),
    path("matrix/", strict_csp(views.matrix), name="matrix"),
    path("appointments/new/", strict_csp(views.appointment_new), name="appointment_new"),
    path("sanctions/", strict_csp(views.sanction_list), name="sanctions"),
    path("sanctions/new/", strict_csp(views.sanction_new), name="sanction_new"),
    path("sanctions/<int:pk>/", strict_csp(views.sanction_detail), name="sanction"),
    path("people/<str:staff_no>/", strict_csp(views.person_file), name="person"),
    path("leniency/", strict_csp(views.leniency_list), name="leniency_list"),
    path("leniency/new/", strict_csp(views.leniency_new), name="leniency_new"),
    path("leniency/<int:pk>/", strict_csp(views.leniency_detail), name="leniency"),
    path("study/", strict_csp(views.study), name="study"),
    path("study/new/", strict_csp(views.study_new), name="study_new"),
]
