"""The land page: the transfers of the departments in the user's scope, read from the warehouse, with the
open land alerts on each."""

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qingfeng.alerts.models import Status
from qingfeng.alerts.policies import visible_alerts
from qingfeng.core.models import Department, Role
from qingfeng.core.policies import ALL, visible_department_ids
from qingfeng.records import warehouse
from qingfeng.web.access import role_required

from .contract import LAND_USE, METHOD

STAFF = (Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD)
SHOWN = 500


@require_GET
@role_required(*STAFF)
def transfer_list(request):
    ids = visible_department_ids(request.user, roles_considered=set(STAFF))
    transfers = warehouse.read("land_transfers")
    if ids != ALL:
        codes = list(Department.objects.filter(pk__in=ids).values_list("code", flat=True))
        transfers = transfers.filter(pc.is_in(transfers["department_code"], value_set=pa.array(codes, pa.string())))
    parcels = {r["parcel_id"]: r for r in warehouse.read("land_parcels").to_pylist()}
    rows = sorted(transfers.to_pylist(), key=lambda r: (r["deal_on"], r["transfer_id"]), reverse=True)
    alerts = Counter(visible_alerts(request.user).filter(rule_id__startswith="LND-").exclude(status=Status.CLOSED)
                     .values_list("subject_key", flat=True))
    shown = [{"t": r, "parcel": parcels.get(r["parcel_id"], {}), "alerts": alerts.get(r["transfer_id"], 0),
              "method": METHOD.get(r["method"], r["method"]),
              "use": LAND_USE.get(parcels.get(r["parcel_id"], {}).get("land_use"), "")} for r in rows[:SHOWN]]
    return render(request, "land/list.html", {"rows": shown, "total": len(rows), "flagged": sum(1 for r in rows if alerts.get(r["transfer_id"]))})
