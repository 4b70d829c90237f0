"""The one write path of the lease register: loading a register file and recording a recovery."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qingfeng.core import ledger
from qingfeng.core.models import Department

from . import policies
from .models import TownLandLease

FIELDS = ("village", "parcel", "lessee_name", "area_mu", "land_use", "signed_on", "start_on", "end_on", "renewal_of",
          "recovered_on")


@transaction.atomic
def load_leases(actor, rows: list[dict]) -> dict:
    """Create or update leases by ``lease_no`` (``town`` is a Department); an unchanged row changes nothing.
    One ledger event for the load, with the numbers created and updated."""
    created, updated = [], []
    existing = {x.lease_no: x for x in TownLandLease.objects.filter(lease_no__in=[r["lease_no"] for r in rows])}
    for row in rows:
        values = {f: row.get(f) if row.get(f) is not None else ("" if f in ("village", "land_use", "renewal_of") else None)
                  for f in FIELDS}
        values["town"] = row["town"]
        if values["end_on"] < values["start_on"]:
            raise ValidationError(f"合同 {row['lease_no']}：租期止早于租期起")
        lease = existing.get(row["lease_no"])
        if lease is None:
            created.append(TownLandLease.objects.create(lease_no=row["lease_no"], **values).lease_no)
            continue
        changed = {f: v for f, v in values.items() if getattr(lease, f) != v}
        if changed:
            for f, v in changed.items():
                setattr(lease, f, v)
            lease.save()
            updated.append(lease.lease_no)
    if created or updated:
        ledger.append(actor, "lease_register.loaded", object_type="treasury.townlandlease", object_id="register",
                      data={"created": len(created), "updated": len(updated), "leases": sorted(created + updated)[:200]})
    return {"created": len(created), "updated": len(updated)}


@transaction.atomic
def record_recovery(actor, lease: TownLandLease, *, on: date) -> TownLandLease:
    """The town took the land back on ``on`` (合同到期一份收回一份)."""
    if not policies.may_record_recovery(actor, lease):
        raise PermissionDenied("无权登记该合同的收回")
    if lease.recovered_on is not None:
        raise ValidationError(f"合同 {lease.lease_no} 已于 {lease.recovered_on} 收回")
    if on < lease.start_on:
        raise ValidationError("收回日期早于租期起")
    lease.recovered_on = on
    lease.save(update_fields=["recovered_on", "updated_at"])
    ledger.append(actor, "lease.recovered", lease, data={"lease_no": lease.lease_no, "recovered_on": on.isoformat(),
                                                          "end_on": lease.end_on.isoformat()})
    return lease


def town_by_code(code: str) -> Department | None:
    return Department.objects.filter(code=code).first()
