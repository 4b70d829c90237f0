"""Land transfers on the open-data portal: the result of every concluded transfer (宗地, 用途, 面积, 出让方式,
成交价, 受让人), as 《招标拍卖挂牌出让国有建设用地使用权规定》第二十一条 requires results to be made public.
Read from the warehouse; department codes become names, nothing else is added."""

from qingfeng.core.models import Department
from qingfeng.records import warehouse

from .contract import LAND_USE, METHOD


def transfer_rows():
    transfers = warehouse.read("land_transfers").to_pylist()
    if not transfers:
        return
    parcels = {r["parcel_id"]: r for r in warehouse.read("land_parcels").to_pylist()}
    names = dict(Department.objects.values_list("code", "name"))
    for t in sorted(transfers, key=lambda r: (r["deal_on"], r["transfer_id"]), reverse=True):
        parcel = parcels.get(t["parcel_id"], {})
        yield {"transfer_id": t["transfer_id"], "parcel_id": t["parcel_id"], "location": parcel.get("location") or "",
               "land_use": LAND_USE.get(parcel.get("land_use"), parcel.get("land_use") or ""),
               "area_m2": parcel.get("area_m2"), "department": names.get(t["department_code"], t["department_code"]),
               "method": METHOD.get(t["method"], t["method"]), "deal_on": t["deal_on"], "price": t["price"],
               "grantee": t["grantee"], "result_published_on": t["result_published_on"]}
