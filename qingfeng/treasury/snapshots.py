"""The lease register as the registry snapshot rules read (``town_land_leases``), with the snapshot day."""

import pyarrow as pa
from django.utils import timezone

from qingfeng.records.warehouse import arrow_schema

from .models import TownLandLease


def town_land_leases(span=None) -> pa.Table:
    as_of = timezone.localdate()
    rows = [{
        "lease_no": x.lease_no, "department_code": x.town.code, "village": x.village or None, "parcel": x.parcel,
        "lessee_name": x.lessee_name, "area_mu": x.area_mu, "land_use": x.land_use or None, "signed_on": x.signed_on,
        "start_on": x.start_on, "end_on": x.end_on, "renewal_of": x.renewal_of or None, "recovered_on": x.recovered_on,
        "as_of": as_of,
    } for x in TownLandLease.objects.select_related("town").order_by("lease_no").iterator(chunk_size=2000)]
    return pa.Table.from_pylist(rows, schema=arrow_schema("town_land_leases"))
