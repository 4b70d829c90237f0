from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "qingfeng.procurement"
    label = "procurement"
    verbose_name = _("政府采购")

    def ready(self):
        # The procurement datasets of the contract and the supplier-name keys derived on every import.
        from qingfeng.web import extensions

        from . import contract, names  # noqa: F401
        from .policies import ROLES
        from .views import dashboard_panel

        extensions.add_nav(_("政府采购"), "procurement:overview", roles=ROLES, prefixes=("/procurement/",),
                           group=extensions.GROUP_RESOURCES, order=10)
        extensions.add_panel("web/includes/panel_figures.html", dashboard_panel, roles=ROLES, order=40)
        from django.apps import apps

        if apps.is_installed("qingfeng.people"):
            from qingfeng.people import counterparties as people_counterparties

            from .counterparties import awards

            people_counterparties.register("contract", awards)
        extensions.add_portal_link(_("政府采购（OCDS）"), "procurement:ocds_export", prefix="/portal/procurement/", order=40)

        from qingfeng.disclosure.catalogue import Field, Publication, register

        register(Publication(
            slug="procurement", title=_("政府采购项目及结果"), rows="qingfeng.procurement.publish.process_rows",
            key="ocid", date_field="award_date", title_field="title", ocds_field="ocds", owner="procurement", order=54,
            description=_("每个采购项目：采购人、采购方式、类别、预算、投标人数、成交供应商和金额；每行附该项目的 OCDS 汇编发布。"
                          "落选投标不公开，只公开投标人数。"),
            basis=_("《政府采购法实施条例》第四十三条：中标、成交结果应当自确定之日起 2 个工作日内公告"),
            fields=(Field("ocid", _("开放合同编号")), Field("title", _("项目名称")), Field("buyer", _("采购人")),
                    Field("method", _("采购方式")), Field("category", _("采购类别")), Field("status", _("项目状态")),
                    Field("value", _("预算金额（元）")), Field("tenderers", _("投标人数")), Field("suppliers", _("成交供应商")),
                    Field("awarded", _("成交金额（元）")), Field("award_date", _("成交日期")), Field("ocds", _("OCDS 汇编发布")))))
