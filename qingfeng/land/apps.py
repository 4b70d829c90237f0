from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandConfig(AppConfig):
    name = "qingfeng.land"
    label = "land"
    verbose_name = _("土地出让")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the land records and the clock that rules read

        extensions.add_nav(_("土地出让"), "land:list", prefixes=("/land/",), group=extensions.GROUP_RESOURCES, order=20,
                           roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER, Role.DATA_STEWARD))

        from qingfeng.disclosure.catalogue import Field, Publication, register

        register(Publication(
            slug="land-transfers", title=_("国有建设用地使用权出让结果"), rows="qingfeng.land.publish.transfer_rows",
            key="transfer_id", date_field="deal_on", title_field="location", owner="land", order=55,
            description=_("已成交的出让：宗地、用途、面积、出让方式、成交日期、成交价款和受让人。"),
            basis=_("《招标拍卖挂牌出让国有建设用地使用权规定》第二十一条：出让人应当在成交后 10 个工作日内公布出让结果"),
            fields=(Field("transfer_id", _("出让编号")), Field("parcel_id", _("宗地编号")), Field("location", _("坐落")),
                    Field("land_use", _("土地用途")), Field("area_m2", _("面积（平方米）")), Field("department", _("出让部门")),
                    Field("method", _("出让方式")), Field("deal_on", _("成交日期")), Field("price", _("成交价款（元）")),
                    Field("grantee", _("受让人")), Field("result_published_on", _("结果公布日期")))))
