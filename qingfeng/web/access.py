"""Which roles may open which staff page. Data scope inside a page is the policies' business, not this."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from qingfeng.core.models import Role
from qingfeng.core.policies import has_role

# Roles that work with alerts: supervisors see their scope city-wide, heads and handlers their department.
ALERT_ROLES = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER)
# Data stewards import; supervisors may read the import reports (who loaded what) but not upload.
IMPORT_READ_ROLES = (Role.DATA_STEWARD, Role.SUPERVISOR)
IMPORT_WRITE_ROLES = (Role.DATA_STEWARD,)


def role_required(*roles):
    """Anonymous users go to the login page; a logged-in user without one of ``roles`` gets 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
