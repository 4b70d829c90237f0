from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "qingfeng.inspections"
    label = "inspections"
    verbose_name = _("双随机一公开")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the result snapshot that rules read

        extensions.add_nav(_("双随机抽查"), "inspections:list", roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER),
                           prefixes=("/inspections/",), group=extensions.GROUP_POWER, order=20)
        from .panel import dashboard_panel

        extensions.add_panel("web/includes/panel_figures.html", dashboard_panel,
                             roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER), order=46)
        extensions.add_portal_link(_("双随机抽查"), "inspections:portal", prefix="/portal/inspections/", order=31)

        from qingfeng.disclosure.catalogue import Field, Publication, register

        register(Publication(
            slug="inspection-draws", title=_("双随机抽取批次"), rows="qingfeng.inspections.publish.draw_rows", key="number",
            date_field="committed_at", title_field="item", owner="inspections", order=61,
            description=_("每个抽取批次事先公布的要素哈希和种子承诺值、抽取后公布的种子；可用 qingfeng inspections verify-draw 复核。"),
            basis=_("国办发〔2015〕58号：随机抽取检查对象、随机选派执法检查人员，抽查情况及查处结果及时向社会公开"),
            fields=(Field("number", _("批次")), Field("item", _("抽查事项")), Field("department", _("实施部门")),
                    Field("commitment", _("种子承诺值")), Field("inputs_hash", _("要素哈希")), Field("committed_at", _("公布时间")),
                    Field("seed", _("种子")), Field("drawn_at", _("抽取时间")))))
        register(Publication(
            slug="inspection-results", title=_("双随机抽查结果"), rows="qingfeng.inspections.publish.result_rows", key="key",
            date_field="published_on", title_field="target", owner="inspections", order=62,
            description=_("已公示的抽查结果：检查对象、统一社会信用代码、抽查事项、检查日期和结果。"),
            basis=_("《企业信息公示暂行条例》第六条：行政机关产生的企业信息自产生之日起 20 个工作日内公示"),
            fields=(Field("key", _("编号")), Field("draw", _("批次")), Field("item", _("抽查事项")), Field("target", _("检查对象")),
                    Field("credit_code", _("统一社会信用代码")), Field("checked_on", _("检查日期")), Field("outcome", _("检查结果")),
                    Field("published_on", _("公示日期")))))
