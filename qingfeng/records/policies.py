"""Who may import records and read import reports.

Import batches span departments (one treasury file holds every unit's payments), so they are not
scoped by department: data stewards run imports, supervisors read the reports, nobody else sees them.
A string actor is the system itself (the CLI, the demo, a scheduled job).
"""

from django.core.exceptions import PermissionDenied

from qingfeng.core import policies
from qingfeng.core.models import Role

from .models import ImportBatch


def may_import(actor) -> bool:
    if actor is None or isinstance(actor, str):
        return True
    return bool(getattr(actor, "is_superuser", False)) or policies.has_role(actor, Role.DATA_STEWARD)


def check_may_import(actor) -> None:
    if not may_import(actor):
        raise PermissionDenied("只有数据管理员可以导入数据")


def visible_batches(user):
    """The import batches (and so their rejected rows) ``user`` may read."""
    if user is not None and (getattr(user, "is_superuser", False) or policies.has_role(user, Role.DATA_STEWARD, Role.SUPERVISOR)):
        return ImportBatch.objects.all()
    return ImportBatch.objects.none()
