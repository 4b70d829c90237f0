from django.urls import path

from qingfeng.web.csp import strict_csp

from . import views

app_name = "inspections"

urlpatterns = [
    path("portal/inspections/", strict_csp(views.portal), name="portal"),
    path("portal/inspections/draws/<str:number>/", strict_csp(views.portal_draw), name="portal_draw"),
    path("portal/inspections/draws/<str:number>.json", views.portal_draw_json, name="portal_draw_json"),
    path("inspections/", strict_csp(views.draw_list), name="list"),
    path("inspections/pools/", strict_csp(views.pools), name="pools"),
    path("inspections/draws/<int:pk>/", strict_csp(views.draw_detail), name="draw"),
    path("inspections/draws/<int:pk>/<str:verb>/", strict_csp(views.draw_act), name="act"),
]
