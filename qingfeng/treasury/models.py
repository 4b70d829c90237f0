"""The town land lease register (镇属土地租赁台账): one row per lease contract, changed only through actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qingfeng.core.models import Department


class TownLandLease(models.Model):
    lease_no = models.CharField(_("合同编号"), max_length=64, unique=True)
    town = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="land_leases", verbose_name=_("出租镇"))
    village = models.CharField(_("村（社区）"), max_length=64, blank=True)
    parcel = models.CharField(_("地块"), max_length=128)
    lessee_name = models.CharField(_("承租人"), max_length=128)
    area_mu = models.DecimalField(_("面积（亩）"), max_digits=12, decimal_places=2)
    land_use = models.CharField(_("用途"), max_length=64, blank=True)
    signed_on = models.DateField(_("签订日期"))
    start_on = models.DateField(_("租期起"))
    end_on = models.DateField(_("租期止"))
    renewal_of = models.CharField(_("续签的原合同编号"), max_length=64, blank=True)
    recovered_on = models.DateField(_("收回日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["end_on", "lease_no"]
        verbose_name = _("镇属土地租赁合同")
        verbose_name_plural = _("镇属土地租赁台账")

    def __str__(self) -> str:
        return self.lease_no
