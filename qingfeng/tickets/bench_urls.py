"""The bench server's URLs: the project's own, plus a trivial view to compare the intake endpoint with."""

from django.http import HttpResponse
from django.urls import path

from qingfeng.config.urls import urlpatterns as project


def ping(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ping/", ping), *project]
