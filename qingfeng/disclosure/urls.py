from django.urls import path

from qingfeng.web.csp import strict_csp

from . import open_views, views

app_name = "disclosure"

urlpatterns = [
    path("", strict_csp(views.portal), name="portal"),
    path("ledger/", strict_csp(views.ledger_page), name="ledger"),
    path("open/", strict_csp(open_views.index), name="open"),
    path("open/feed.atom", strict_csp(open_views.feed_all), name="feed_all"),
    path("open/<slug:slug>/", strict_csp(open_views.dataset), name="dataset"),
    path("open/<slug:slug>.csv", strict_csp(open_views.dataset_csv), name="dataset_csv"),
    path("open/<slug:slug>.json", strict_csp(open_views.dataset_json), name="dataset_json"),
    path("open/<slug:slug>/feed.atom", strict_csp(open_views.dataset_feed), name="dataset_feed"),
    path("requests/", strict_csp(open_views.requests_guide), name="requests"),
    path("requests/new/", strict_csp(open_views.request_new), name="request_new"),
    path("requests/track/", strict_csp(open_views.request_track), name="request_track"),
    path("requests/fees/", strict_csp(open_views.fee_calculator), name="fees"),
    path("requests/annual-report/<int:year>/", strict_csp(open_views.annual_report), name="annual_report"),
    path("requests/annual-report/<int:year>.xlsx", strict_csp(open_views.annual_report_xlsx), name="annual_report_xlsx"),
]
