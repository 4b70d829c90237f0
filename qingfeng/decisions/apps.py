from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "qingfeng.decisions"
    label = "decisions"
    verbose_name = _("三重一大集体决策")

    def ready(self):
        from qingfeng.core.models import Role
        from qingfeng.web import extensions

        from . import contract  # noqa: F401  registers the decision snapshots that rules read

        extensions.add_nav(_("集体决策"), "decisions:list", roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER),
                           prefixes=("/decisions/",), group=extensions.GROUP_POWER, order=10)
        from .panel import dashboard_panel

        extensions.add_panel("web/includes/panel_figures.html", dashboard_panel,
                             roles=(Role.SUPERVISOR, Role.DEPARTMENT_HEAD, Role.HANDLER), order=45)
        extensions.add_portal_link(_("重大决策"), "decisions:portal", prefix="/portal/decisions/", order=30)

        from qingfeng.disclosure.catalogue import Field, Publication, register

        register(Publication(
            slug="decisions", title=_("重大决策"), rows="qingfeng.decisions.publish.decision_rows", key="number",
            date_field="decided_on", title_field="topic", owner="decisions", order=60,
            description=_("经集体讨论作出的重大决策：决策单位、议题、决定、决定事项和日期；会议纪要锁定后的哈希。不含个人意见和姓名。"),
            basis=_("《重大行政决策程序暂行条例》第三十二条：决策机关应当通过报刊、网络等途径及时公布重大行政决策"),
            fields=(Field("number", _("决策编号")), Field("department", _("决策单位")), Field("topic", _("议题")),
                    Field("outcome", _("决定")), Field("text", _("决定事项")), Field("decided_on", _("决定日期")),
                    Field("meeting", _("会议")), Field("minutes_hash", _("纪要哈希")))))
