"""Staff pages under /approvals/, the public pages under /portal/approvals/, the API under /approvals/api/."""

from django.urls import include, path

from qingfeng.web.csp import strict_csp

from .api import api
from .views import portal, staff

pages = [
    path("approvals/", strict_csp(staff.case_list), name="cases"),
    path("approvals/supervise/", strict_csp(staff.supervise_now), name="supervise"),
    path("approvals/cases/<int:pk>/", strict_csp(staff.case_detail), name="case"),
    path("approvals/cases/<int:pk>/materials/<int:material_id>/", strict_csp(staff.case_material), name="case_material"),
    path("approvals/cases/<int:pk>/<slug:verb>/", strict_csp(staff.case_act), name="case_act"),
    path("approvals/external/<str:case_id>/", strict_csp(staff.external_case), name="external_case"),
    path("approvals/items/", strict_csp(staff.item_list), name="items"),
    path("approvals/items/new/", strict_csp(staff.item_new), name="item_new"),
    path("approvals/items/export.xlsx", strict_csp(staff.list_export), name="list_export"),
    path("approvals/items/import/", strict_csp(staff.list_import), name="list_import"),
    path("approvals/items/<str:code>/", strict_csp(staff.item_detail), name="item"),
    path("approvals/items/<str:code>/propose/", strict_csp(staff.item_propose), name="item_propose"),
    path("approvals/versions/<int:pk>/review/", strict_csp(staff.version_review), name="version_review"),
    path("approvals/backup/", strict_csp(staff.backup_page), name="backup"),
    path("approvals/scores/", strict_csp(staff.scores_page), name="scores"),
    path("approvals/scores/<int:pk>/", strict_csp(staff.score_detail), name="score"),
    path("approvals/notifications/", strict_csp(staff.notifications_page), name="notifications"),
    path("portal/approvals/", strict_csp(portal.services), name="services"),
    path("portal/approvals/stats/", strict_csp(portal.stats), name="stats"),
    path("portal/approvals/history/", strict_csp(portal.history), name="history"),
    path("portal/approvals/list.xlsx", strict_csp(portal.list_xlsx), name="list_xlsx"),
    path("portal/approvals/track/", strict_csp(portal.track_lookup), name="track_lookup"),
    path("portal/approvals/track/<str:code>/", strict_csp(portal.track), name="track"),
    path("portal/approvals/items/<str:code>/", strict_csp(portal.service_detail), name="service"),
    path("portal/approvals/items/<str:code>/apply/", strict_csp(portal.apply), name="apply"),
]

# The API keeps its own top-level namespace (ninja reverses its docs by it); the pages are "approvals:…".
urlpatterns = [
    path("approvals/api/", api.urls),
    path("", include((pages, "approvals"))),
]
