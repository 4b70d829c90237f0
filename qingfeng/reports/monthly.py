"""The monthly integrity report (廉政月报) of a department (with the units below it) or of the whole city: the
month's alerts, their answers and what is overdue, per unit and per rule, tickets, and accountability work
(talks, sanctions, 容错纠错, unsigned letters and pledges). ``build`` gathers the figures once; the Word and PDF
renderers (documents.py) lay the same figures out."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from qingfeng.core.models import Department

from .parameters import TOP_ROWS

WAITING = ("new", "dispatched", "escalated")


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list]] | None = None
    chart: tuple[str, bytes] | None = None  # (caption, PNG)


@dataclass
class MonthlyReport:
    month: date
    scope_name: str
    issuer: str
    title: str
    number: str
    generated_at: datetime
    figures: dict
    sections: list[Section]

    @property
    def filename_stem(self) -> str:
        return f"廉政月报-{self.month:%Y-%m}-{self.scope_name}"


def parse_month(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise ValueError(f"月份格式应为 YYYY-MM：{text!r}") from None


def _bounds(month: date):
    start = timezone.make_aware(datetime(month.year, month.month, 1))
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start, timezone.make_aware(datetime(following.year, following.month, 1)), following


def _units(department: Department | None) -> list[Department]:
    if department is None:
        return list(Department.objects.filter(depth=1).order_by("path"))
    return [department, *department.children.order_by("path")]


def _rollup(rows, units, key="department__path"):
    """Counts per department path, summed into the unit whose subtree holds it (the unit itself stays itself)."""
    out = {u.pk: 0 for u in units}
    ordered = sorted(units, key=lambda u: -len(u.path))
    for row in rows:
        for u in ordered:
            if row[key].startswith(u.path):
                out[u.pk] += row["n"]
                break
    return out


def build(month: date, department: Department | None = None) -> MonthlyReport:
    from qingfeng.alerts.models import Alert
    from qingfeng.screening.catalogue import load_catalogue

    from .charts import bar_chart

    start, end, following = _bounds(month)
    scope = Q() if department is None else Q(department__path__startswith=department.path)
    alerts = Alert.objects.filter(scope)
    new = alerts.filter(created_at__gte=start, created_at__lt=end)
    closed = alerts.filter(closed_at__gte=start, closed_at__lt=end)
    overdue = alerts.filter(status__in=WAITING, due_at__lt=min(end, timezone.now()), created_at__lt=end)
    severity = dict(new.values_list("severity").annotate(n=Count("pk")).values_list("severity", "n"))
    figures = {
        "new": new.count(), "closed": closed.count(), "overdue": overdue.count(),
        "red": severity.get("red", 0), "yellow": severity.get("yellow", 0), "blue": severity.get("blue", 0),
        "confirmed": closed.filter(verdict="confirmed").count(), "false_positive": closed.filter(verdict="false_positive").count(),
    }
    root = Department.objects.filter(parent__isnull=True).order_by("pk").first()
    scope_name = department.name if department else (root.name if root else "全市")
    top = int(TOP_ROWS.value())
    sections = []

    text = (f"{month.year}年{month.month}月，{scope_name}共新发现预警{figures['new']}条（红色{figures['red']}条、"
            f"黄色{figures['yellow']}条、蓝色{figures['blue']}条），办结销号{figures['closed']}条，其中经核查属实"
            f"{figures['confirmed']}条、认定误报{figures['false_positive']}条；截至报告生成时，本月及以前发现的预警中仍有"
            f"{figures['overdue']}条超过答复期限未答复。")
    sections.append(Section("一、总体情况", [text]))

    units = _units(department)
    unit_new = _rollup(new.values("department__path").annotate(n=Count("pk")), units)
    unit_closed = _rollup(closed.values("department__path").annotate(n=Count("pk")), units)
    unit_overdue = _rollup(overdue.values("department__path").annotate(n=Count("pk")), units)
    ranked = sorted(units, key=lambda u: (-unit_new[u.pk], -unit_overdue[u.pk], u.path))[:top]
    rows = [[u.name, unit_new[u.pk], unit_closed[u.pk], unit_overdue[u.pk]] for u in ranked]
    chart = bar_chart(f"{month.year}年{month.month}月预警分布（前{len(ranked)}个单位）", [u.name for u in ranked],
                      [("新发现", [r[1] for r in rows]), ("办结", [r[2] for r in rows]), ("逾期未答复", [r[3] for r in rows])])
    worst = [u for u in ranked if unit_overdue[u.pk]][:3]
    unit_text = (f"逾期未答复较多的单位：{'、'.join(f'{u.name}（{unit_overdue[u.pk]}条）' for u in worst)}。" if worst
                 else "各单位均无逾期未答复的预警。")
    sections.append(Section("二、分单位情况", [unit_text], (["单位", "新发现", "办结", "逾期未答复"], rows),
                            ("图1 各单位预警新发现、办结与逾期情况", chart)))

    catalogue = load_catalogue()
    by_rule = list(new.values("rule_id").annotate(n=Count("pk")).order_by("-n", "rule_id")[:top])
    rule_rows = [[r["rule_id"], catalogue.rules[r["rule_id"]].title_zh if r["rule_id"] in catalogue.rules else "",
                  r["n"]] for r in by_rule]
    domains = dict(new.values_list("domain").annotate(n=Count("pk")).values_list("domain", "n"))
    domain_chart = bar_chart(f"{month.year}年{month.month}月新发现预警（按领域）", sorted(domains), [
        ("新发现", [domains[k] for k in sorted(domains)])]) if domains else None
    sections.append(Section("三、规则命中情况", [
        "本月命中最多的规则见下表。命中多而属实少的规则，由规则管理员复核参数与口径。" if rule_rows else "本月没有规则命中。"],
        (["规则", "名称", "新发现"], rule_rows) if rule_rows else None,
        ("图2 新发现预警的领域分布", domain_chart) if domain_chart else None))

    sections.append(Section("四、群众诉求办理", [_tickets(department, start, end, figures)]))
    sections.append(Section("五、问责与廉政教育", _accountability(department, month, start, end, following, figures)))
    sections.append(Section("六、下一步工作", _next_steps(figures)))
    number = f"清风月报〔{month.year}〕{month.month}号"
    return MonthlyReport(month=month, scope_name=scope_name, issuer=f"{root.name if root else ''}廉政监督平台",
                         title=f"{scope_name}{month.year}年{month.month}月廉政监督情况报告", number=number,
                         generated_at=timezone.localtime(), figures=figures, sections=sections)


def _tickets(department, start, end, figures) -> str:
    try:
        from qingfeng.tickets.models import Ticket
    except ImportError:  # the tickets app is optional
        return "本平台未启用民情民意工单。"
    scope = Q() if department is None else Q(department__path__startswith=department.path)
    tickets = Ticket.objects.filter(scope)
    figures["tickets_received"] = tickets.filter(received_at__gte=start, received_at__lt=end).count()
    figures["tickets_replied"] = tickets.filter(replied_at__gte=start, replied_at__lt=end).count()
    figures["tickets_late"] = tickets.filter(replied_at__gte=start, replied_at__lt=end, due_at__lt=F("replied_at")).count()
    return (f"本月受理群众投诉、求助和建议{figures['tickets_received']}件，答复{figures['tickets_replied']}件，"
            f"其中超过办理期限答复{figures['tickets_late']}件。")


def _accountability(department, month, start, end, following, figures) -> list[str]:
    from qingfeng.accountability import compliance
    from qingfeng.accountability.models import Campaign, Leniency, LeniencyStatus, Sanction, Talk
    from qingfeng.core.policies import ALL

    ids = ALL if department is None else set(department.subtree().values_list("pk", flat=True))
    dept_q = Q() if department is None else Q(department__path__startswith=department.path)
    talks = Talk.objects.filter(dept_q, held_on__gte=month, held_on__lt=following)
    sanctions = Sanction.objects.filter(dept_q, decided_on__gte=month, decided_on__lt=following)
    decided = Leniency.objects.filter(decided_at__gte=start, decided_at__lt=end).exclude(status=LeniencyStatus.PENDING)
    if department is not None:
        decided = decided.filter(applicant__department__path__startswith=department.path)
    figures.update(talks=talks.count(), sanctions=sanctions.count(), leniency_decided=decided.count(),
                   leniency_granted=decided.exclude(status=LeniencyStatus.REFUSED).count())
    lines = [f"本月开展廉政谈话{figures['talks']}次（其中提醒、诫勉谈话{talks.filter(kind__in=('reminder', 'admonishment')).count()}次），"
             f"作出问责{figures['sanctions']}人次；认定容错纠错申请{figures['leniency_decided']}件，"
             f"其中予以免责或从轻减轻{figures['leniency_granted']}件。"]
    campaign = Campaign.objects.filter(year=month.year).first()
    if campaign and campaign.sign_due_on < following:
        missing = [r for r in compliance.pledge_rows(month.year, ids) if r.missing]
        figures["pledges_missing"] = len(missing)
        names = "、".join(f"{r.person.department.name}{r.person.name}" for r in missing[:5])
        lines.append(f"{month.year}年度责任书、承诺书签订期限（{campaign.sign_due_on:%Y年%m月%d日}）已过，尚有{len(missing)}名"
                     f"领导干部未签订{'，包括' + names + '等' if names else ''}。")
    return lines


def _next_steps(figures) -> list[str]:
    steps = []
    if figures["overdue"]:
        steps.append(f"对{figures['overdue']}条逾期未答复的预警，由纪检监察机关升级督办，限期答复。")
    if figures.get("pledges_missing"):
        steps.append(f"督促{figures['pledges_missing']}名领导干部补签责任书、承诺书。")
    if figures.get("tickets_late"):
        steps.append("对超期答复的群众诉求开展回访，查找办理环节的梗阻。")
    steps.append("持续做好预警核查、整改销号和廉政谈话回访，确保预警必有回应。")
    return [f"（{'一二三四五六'[i]}）{s}" for i, s in enumerate(steps)]
