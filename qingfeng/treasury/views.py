"""The lease register page: every town land lease in the user's scope with its expiry, and recording a recovery."""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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


def state_filters(today: date) -> dict[str, Q]:
    """The states of ``_state`` as database conditions."""
    open_ = Q(recovered_on__isnull=True)
    soon = today + timedelta(days=SOON_DAYS)
    return {"done": ~open_, "danger": open_ & Q(end_on__lt=today), "warn": open_ & Q(end_on__gte=today, end_on__lte=soon),
            "ok": open_ & Q(end_on__gt=soon)}


def lease_counts(leases, today: date) -> dict:
    """Leases by state, counted in the database."""
    return leases.aggregate(total=Count("pk"), **{k: Count("pk", filter=q) for k, q in state_filters(today).items()})


def dashboard_panel(request):
    """The dashboard's lease figures in the user's scope; hidden when the scope holds no lease."""
    counts = lease_counts(policies.visible_leases(request.user), timezone.localdate())
    if not counts["total"]:
        return None
    url = reverse("treasury:leases")
    return {"title": gettext_lazy("镇属土地租赁"), "url": url, "id": "lease-panel",
            "note": gettext_lazy("合同到期一份收回一份，不再续签。"),
            "figures": [{"label": gettext_lazy("台账合同"), "value": counts["total"], "url": url},
                        {"label": gettext_lazy("已到期未收回"), "value": counts["danger"], "url": f"{url}?state=danger",
                         "tone": "danger" if counts["danger"] else ""},
                        {"label": gettext_lazy("90 日内到期"), "value": counts["warn"], "url": f"{url}?state=warn",
                         "tone": "warn" if counts["warn"] else ""},
                        {"label": gettext_lazy("已收回"), "value": counts["done"]}]}


@require_GET
@role_required(*policies.ROLES)
def lease_list(request):
    today = timezone.localdate()
    leases = policies.visible_leases(request.user)
    filters = state_filters(today)
    state = request.GET.get("state", "")
    shown = leases.filter(filters[state]) if state in filters else leases
    rows = []
    for lease in shown.select_related("town").order_by("end_on", "lease_no")[:1000]:
        key, label = _state(lease, today)
        rows.append({"lease": lease, "state": key, "label": label,
                     "may_recover": key != "done" and policies.may_record_recovery(request.user, lease)})
    counts = lease_counts(leases, today)
    return render(request, "treasury/lease_list.html", {"rows": rows, "counts": counts, "state": state if state in filters else "",
                                                        "today": today})


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
