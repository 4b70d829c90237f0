"""The JSON API (django-ninja, OpenAPI at /api/docs). Session authentication with CSRF on writes: the
same login and the same policies as the web pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from qingfeng.core.policies import departments_for_picker

from .alerts import router as alerts_router

api = NinjaAPI(title="清风 API", version="1", auth=django_auth, urls_namespace="api",
               description="清风廉政监督平台接口。所有数据按登录用户的数据权限过滤。")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权执行该操作"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": "；".join(exc.messages)}, status=400)


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None
    depth: int


@api.get("/departments", response=list[DepartmentOut], tags=["departments"], summary="部门选择器（按数据权限）")
def departments(request):
    return departments_for_picker(request.auth).order_by("path")


api.add_router("/", alerts_router)
