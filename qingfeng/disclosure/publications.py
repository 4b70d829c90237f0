"""What the portal publishes today, registered in the publication catalogue by disclosure itself (the apps
that own these data finished before the catalogue existed): the power list in force, alert statistics per
department and per rule, ticket statistics per department and month, department budgets and final
accounts with 三公经费, and the handling of disclosure requests. Aggregates and public registers only."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import Field, Publication, register


def power_list():
    from qingfeng.approvals import queries

    for v in queries.current_list():
        yield {"code": v.item.code, "name": v.name, "department": v.item.department.name,
               "power_type": v.get_power_type_display(), "statutory_days": v.statutory_days,
               "committed_days": v.committed_days, "bases": "；".join(f"{b.get('law', '')}{b.get('article', '')}" for b in v.bases),
               "effective_from": v.effective_from}


def alert_departments():
    from .aggregates import portal_figures

    for d in portal_figures()["by_department"]:
        yield {"department": d["name"], "alerts": d["alerts"], "closed": d["closed"], "open": d["open"],
               "closed_share": d["closed_share"]}


def alert_rules():
    from .aggregates import portal_figures

    for r in portal_figures()["by_rule"]:
        yield {"rule_id": r["rule_id"], "title": r["title"], "alerts": r["alerts"], "verified": r["verified"],
               "confirmed": r["confirmed"], "precision": r["precision"]}


def ticket_months():
    from qingfeng.tickets import kpis
    from qingfeng.tickets.models import Ticket

    for r in kpis.monthly(Ticket.objects.all()):
        yield {"key": f"{r['department_code']}|{r['month']}", "department": r["department"], "month": r["month"],
               "tickets": r["tickets"], "response_rate": r["response_rate"], "resolution_rate": r["resolution_rate"],
               "satisfaction_rate": r["satisfaction_rate"], "on_time_completion_rate": r["on_time_completion_rate"],
               "score": r["score"]}


def budget_documents():
    from .models import BudgetDisclosure

    # Published ones with their figures, and those past their deadline unpublished (that is public too).
    overdue = Q(published_at__isnull=True, publish_due_at__lt=timezone.now())
    for bd in BudgetDisclosure.objects.filter(Q(published_at__isnull=False) | overdue).select_related("department"):
        f, s = bd.figures, bd.figures.get("sangong", {})
        yield {"key": bd.key, "department": bd.department.name, "year": bd.year, "kind": bd.get_kind_display(),
               "approved_on": bd.approved_on, "published_on": timezone.localdate(bd.published_at) if bd.published_at else None,
               "on_time": bool(bd.published_at) and bd.published_at <= bd.publish_due_at, "total": f.get("total"),
               "sangong_total": f.get("sangong_total"), "abroad": s.get("abroad"), "reception": s.get("reception"),
               "vehicle_purchase": s.get("vehicle_purchase"), "vehicle_running": s.get("vehicle_running")}


def request_handling():
    from .annual_report import handling_by_department

    yield from handling_by_department()


def register_all() -> None:
    register(Publication(
        slug="power-list", title=_("权力清单"), rows=power_list, key="code", date_field="effective_from",
        title_field="name", owner="approvals", order=10,
        description=_("现行有效的行政权力事项：实施部门、权力类型、法定与承诺时限、设定依据。"),
        basis=_("《政府信息公开条例》第二十条第（二）项：机关职能、机构设置；行政许可等事项的依据、条件、程序、期限"),
        fields=(Field("code", _("事项编码")), Field("name", _("事项名称")), Field("department", _("实施部门")),
                Field("power_type", _("权力类型")), Field("statutory_days", _("法定时限（工作日）")),
                Field("committed_days", _("承诺时限（工作日）")), Field("bases", _("设定依据")),
                Field("effective_from", _("生效日期")))))
    register(Publication(
        slug="alerts-by-department", title=_("预警办理情况（按部门）"), rows=alert_departments, key="department",
        owner="alerts", order=20, description=_("各部门收到的预警数、已销号、未销号与销号率。不含预警对象。"),
        basis=_("《政府信息公开条例》第二十条第（十五）项：法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
        fields=(Field("department", _("部门")), Field("alerts", _("预警")), Field("closed", _("已销号")),
                Field("open", _("未销号")), Field("closed_share", _("销号率")))))
    register(Publication(
        slug="alerts-by-rule", title=_("预警规则命中与查实"), rows=alert_rules, key="rule_id", title_field="title",
        owner="alerts", order=21, description=_("每条公开规则的预警数、已核查、属实与查准率。"),
        basis=_("规则及其依据公开，接受社会监督（第十三条：公开为常态、不公开为例外）"),
        fields=(Field("rule_id", _("规则")), Field("title", _("名称")), Field("alerts", _("预警")),
                Field("verified", _("已核查")), Field("confirmed", _("属实")), Field("precision", _("查准率")))))
    register(Publication(
        slug="tickets-by-month", title=_("民生诉求办理情况（按部门、月份）"), rows=ticket_months, key="key",
        title_field="department", owner="tickets", order=30,
        description=_("各部门每月受理诉求数及响应率、解决率、满意率、按时办结率和综合得分。不含诉求人信息。"),
        basis=_("《政府信息公开条例》第二十条第（十五）项"),
        fields=(Field("key", _("编号")), Field("department", _("部门")), Field("month", _("月份")),
                Field("tickets", _("诉求数")), Field("response_rate", _("响应率")), Field("resolution_rate", _("解决率")),
                Field("satisfaction_rate", _("满意率")), Field("on_time_completion_rate", _("按时办结率")),
                Field("score", _("综合得分")))))
    register(Publication(
        slug="budgets", title=_("部门预算、决算及“三公”经费"), rows=budget_documents, key="key", date_field="published_on",
        title_field="department", owner="disclosure", order=40,
        description=_("经财政部门批复的部门预算和决算：支出合计与“三公”经费（因公出国（境）费、公务接待费、公务用车购置及运行费）。"
                      "预算数取自批复的预算指标，决算数取自当年国库集中支付。超过公开期限仍未公开的也列出（公开日期为空）。"),
        basis=_("《预算法》第十四条：部门预算、决算及报表应当在批复后 20 日内由各部门向社会公开，并说明“三公”经费安排、使用情况"),
        fields=(Field("key", _("编号")), Field("department", _("部门")), Field("year", _("年度")), Field("kind", _("类别")),
                Field("approved_on", _("批复日期")), Field("published_on", _("公开日期")), Field("on_time", _("按时公开")),
                Field("total", _("支出合计（元）")), Field("sangong_total", _("“三公”经费合计（元）")),
                Field("abroad", _("因公出国（境）费（元）")), Field("reception", _("公务接待费（元）")),
                Field("vehicle_purchase", _("公务用车购置费（元）")), Field("vehicle_running", _("公务用车运行维护费（元）")))))
    register(Publication(
        slug="disclosure-requests", title=_("依申请公开办理情况"), rows=request_handling, key="key",
        title_field="department", owner="disclosure", order=50,
        description=_("各机关每年收到的政府信息公开申请、按期答复数、逾期数和各类答复结果。不含申请人信息。"),
        basis=_("《政府信息公开条例》第五十条：年度报告应当包括收到和处理政府信息公开申请的情况"),
        fields=(Field("key", _("编号")), Field("department", _("机关")), Field("year", _("年度")),
                Field("received", _("收到申请")), Field("answered", _("已答复")), Field("on_time", _("按期答复")),
                Field("overdue", _("逾期")), Field("disclosed", _("予以公开")), Field("partial", _("部分公开")),
                Field("refused", _("不予公开")), Field("other", _("其他答复")))))
