"""The lease register page: every town land lease in the user's scope with its expiry, and recording a recovery."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qingfeng.web.access import role_required

from . import actions, policies

SOON_DAYS = 90  # display only: how far ahead "expiring soon" looks on the register page


def _state(lease, today: date) -> tuple[str, str]:
    if lease.recovered_on:
        return "done", _("已收回")
    if lease.end_on < today:
        return "danger", _("已到期未收回")
    if lease.end_on <= today + timedelta(days=SOON_DAYS):
        return "warn", _("即将到期")
    return "ok", _("租期内")


@require_GET
@role_required(*policies.ROLES)
def lease_list(request):
    today = timezone.localdate()
    leases = policies.visible_leases(request.user)
    state = request.GET.get("state", "")
    rows = []
    for lease in leases.select_related("town").order_by("end_on", "lease_no")[:1000]:
        key, label = _state(lease, today)
        if state and key != state:
            continue
        rows.append({"lease": lease, "state": key, "label": label,
                     "may_recover": key != "done" and policies.may_record_recovery(request.user, lease)})
    counts = {k: 0 for k in ("ok", "warn", "danger", "done")}
    for lease in leases.only("end_on", "recovered_on"):
        counts[_state(lease, today)[0]] += 1
    return render(request, "treasury/lease_list.html", {"rows": rows, "counts": counts, "state": state, "today": today})


@require_POST
@role_required(*policies.ROLES)
def lease_recover(request, pk):
    lease = get_object_or_404(policies.visible_leases(request.user), pk=pk)
    try:
        on = date.fromisoformat(request.POST.get("recovered_on", ""))
        actions.record_recovery(request.user, lease, on=on)
    except ValueError:
        messages.error(request, _("请填写收回日期（YYYY-MM-DD）"))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("已登记合同 %(no)s 收回") % {"no": lease.lease_no})
    return redirect("treasury:leases")
