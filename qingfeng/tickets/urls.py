from django.urls import path, re_path

from qingfeng.web.csp import strict_csp

from . import open311, views

app_name = "tickets"

FMT = r"\.(?P<fmt>[a-z0-9]+)$"

urlpatterns = [
    # the public portal
    path("portal/tickets/", strict_csp(views.portal), name="portal"),
    path("portal/tickets/new/", strict_csp(views.portal_new), name="portal_new"),
    path("portal/tickets/track/", strict_csp(views.portal_track), name="portal_track"),
    path("portal/tickets/track/<str:code>/rate/", strict_csp(views.portal_rate), name="portal_rate"),
    path("portal/tipoff/", strict_csp(views.portal_tipoff), name="portal_tipoff"),
    path("portal/tipoff/follow/", strict_csp(views.portal_tipoff_follow), name="portal_tipoff_follow"),
    # Open311 GeoReport v2
    re_path(r"^open311/v2/services" + FMT, open311.services, name="open311_services"),
    re_path(r"^open311/v2/services/(?P<code>[A-Za-z0-9_-]+)" + FMT, open311.service_definition, name="open311_service"),
    re_path(r"^open311/v2/requests" + FMT, open311.requests, name="open311_requests"),
    re_path(r"^open311/v2/requests/(?P<number>[A-Za-z0-9_-]+)" + FMT, open311.request_detail, name="open311_request"),
    re_path(r"^open311/v2/tokens/(?P<token>[A-Za-z0-9_-]+)" + FMT, open311.token, name="open311_token"),
    # staff
    path("tickets/", strict_csp(views.ticket_list), name="list"),
    path("tickets/export.xlsx", strict_csp(views.ticket_export), name="export"),
    path("tickets/kpi/", strict_csp(views.kpi_page), name="kpi"),
    path("tickets/hotspots/", strict_csp(views.hotspot_page), name="hotspots"),
    path("tickets/keys/", strict_csp(views.api_keys), name="api_keys"),
    path("tickets/<int:pk>/", strict_csp(views.ticket_detail), name="detail"),
    path("tickets/<int:pk>/<str:verb>/", strict_csp(views.ticket_act), name="act"),
    path("tipoffs/", strict_csp(views.tipoff_list), name="tipoffs"),
    path("tipoffs/readers/", strict_csp(views.tipoff_readers), name="tipoff_readers"),
    path("tipoffs/<int:pk>/", strict_csp(views.tipoff_detail), name="tipoff_detail"),
]
