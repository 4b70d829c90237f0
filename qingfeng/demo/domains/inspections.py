"""Demo domain "inspections": 双随机、一公开 at the market-regulation bureau of 云川市 — an item list, a pool of
60 enterprises in four credit-risk classes and a pool of ten inspectors; last quarter's draw (results
checked, entered by the drawn inspectors and published within 20 working days) and this month's draw,
whose inspectors exclude those who checked the same enterprise last time. Planted (INS-001): two results
never published past their deadline and one published late."""

import string
from datetime import timedelta

from django.utils import timezone

ALNUM = string.digits + "ABCDEFGHJKLMNPQRTUWXY"
NAMES = ("餐饮", "食品超市", "药店", "烘焙坊", "农贸市场经营户", "快递网点", "加油站", "眼镜店", "美容美发店", "母婴用品店")


def _credit_code(n: int) -> str:
    """An 18-character unified social credit code shape (letters inside, so never mistaken for an ID number)."""
    body = f"9153010{n % 10}MA{''.join(ALNUM[(n * 7 + i * 13) % len(ALNUM)] for i in range(7))}"
    return body + ALNUM[sum(ALNUM.index(c) for c in body if c in ALNUM) % len(ALNUM)]


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.core.models import Department, Person
    from qingfeng.inspections import actions as ia

    dept = (Department.objects.filter(name__contains="市场监督管理").order_by("depth", "code").first()
            or Department.objects.filter(depth=1).order_by("code").first())
    inspectors = list(Person.objects.filter(department__path__startswith=dept.path).order_by("staff_no")[:10])
    if dept is None or len(inspectors) < 4:
        return {}
    now = timezone.now()
    item = ia.add_item(actor, code="SJ-SC-001", name="食品经营者食品安全监督检查", department=dept,
                       basis="《中华人民共和国食品安全法》第一百一十条；《市场监督管理行政处罚程序规定》")
    classes = "AAAAABBBCD"
    ia.add_targets(actor, [(_credit_code(i), f"云川{NAMES[i % len(NAMES)]}{i + 1:02d}号", classes[i % 10], None) for i in range(60)])
    ia.add_inspectors(actor, inspectors)
    ratios = {"A": 0.05, "B": 0.1, "C": 0.3, "D": 1.0}
    first = ia.commit_draw(actor, item, ratios=ratios, at=now - timedelta(days=100))
    first = ia.perform_draw(actor, first, at=now - timedelta(days=97))
    planted = []
    for n, drawn in enumerate(first.drawn.select_related("target").order_by("pk")):
        checked = (now - timedelta(days=90 - n)).date()
        result = ia.enter_result(actor, drawn, outcome="issue" if n % 4 == 0 else "no_issue",
                                 summary="检查食品贮存、进货查验记录和从业人员健康证明。", checked_on=checked,
                                 at=now - timedelta(days=88 - n))
        if n in (0, 1):
            planted.append(f"{first.number}|{drawn.target.key}")  # never published
        elif n == 2:
            ia.publish_result(actor, result, at=result.publish_due_at + timedelta(days=4))
            planted.append(f"{first.number}|{drawn.target.key}")  # published late
        else:
            ia.publish_result(actor, result, at=now - timedelta(days=80 - n))
    second = ia.commit_draw(actor, item, ratios=ratios, at=now - timedelta(days=6))
    ia.perform_draw(actor, second, at=now - timedelta(days=3))
    return {"INS-001": planted}
