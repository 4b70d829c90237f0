from django.contrib import admin
from django.urls import include, path

from qingfeng.api.main import api
from qingfeng.people.api import api as people_api

urlpatterns = [
    path("", include("qingfeng.security.urls")),  # before admin/: the admin logs in through the two-step login
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("portal/", include("qingfeng.disclosure.urls")),
    path("disclosure/", include("qingfeng.disclosure.office_urls")),
    path("", include("qingfeng.tickets.urls")),
    path("oversight/", include("qingfeng.oversight.urls")),
    path("accountability/", include("qingfeng.accountability.urls")),
    path("reports/", include("qingfeng.reports.urls")),
    path("", include("qingfeng.decisions.urls")),
    path("", include("qingfeng.inspections.urls")),
    path("projects/", include("qingfeng.projects.urls")),
    path("land/", include("qingfeng.land.urls")),
    # Mounted at the root (not inside the "people" namespace) so ninja can reverse its own docs URLs.
    path("people/api/", people_api.urls),
    path("people/", include("qingfeng.people.urls")),
    path("", include("qingfeng.approvals.urls")),
    path("treasury/", include("qingfeng.treasury.urls")),
    path("", include("qingfeng.enterprise.urls")),
    path("", include("qingfeng.conduct.urls")),
    path("", include("qingfeng.procurement.urls")),
    path("", include("qingfeng.web.urls")),
]
