"""Demo domain "disclosure": the budgets and final accounts of 云川市's bureaus, approved and published
(most on time; planted: published after the 20 days, or not at all — DSC-003), and requests under the
disclosure regulation handled through the real actions: answered in time, corrected, sent to a third party,
extended; planted: left unanswered past the deadline or answered late (DSC-001), a correction asked for
after seven working days (DSC-002). Applicants carry synthetic names and phone numbers, so the portal's
privacy scan has personal data to look for.

Times are relative to now: every clean open request is due after the screening.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = ("明远", "晓晴", "建国", "海燕", "立新", "雅琴", "志强", "秀英", "俊杰", "丽华", "文博", "春梅")
SUBJECTS = ("本市 2025 年老旧小区改造项目清单及资金安排", "某路段拓宽工程的环境影响评价报告", "本局 2025 年公务用车购置情况",
            "辖区内菜市场提质改造的招标文件", "本市公租房配租名单的公开方式", "学校周边交通整治方案",
            "2025 年度行政处罚案件统计", "本市公交线网优化方案征求意见稿")


def applicant(i: int) -> tuple[str, str]:
    """A synthetic applicant: a name and an 11-digit mobile number (the privacy scan looks for both)."""
    name = SURNAMES[(i * 7) % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
    return name, f"139{(20261127 + i * 7919) % 10 ** 8:08d}"


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.core.models import Department
    from qingfeng.disclosure import actions as da

    bureaus = list(Department.objects.filter(depth=1).exclude(name="市政府办公室").order_by("code"))
    if len(bureaus) < 8:
        return {}
    truth: dict[str, list[str]] = defaultdict(list)
    now = timezone.now()
    today = timezone.localdate()

    # Budgets of the demo year, approved in February; final accounts approved in July of the next year.
    budget_day = date(city.year, 2, 10)
    final_day = min(date(city.year + 1, 7, 15), today - timedelta(days=60))
    for n, dept in enumerate(bureaus[:10]):
        bd = da.record_approval(actor, department=dept, year=city.year, kind="budget", approved_on=budget_day,
                                document_no=f"云财预〔{city.year}〕{n + 1}号", at=now)
        approved = timezone.make_aware(timezone.datetime.combine(budget_day, timezone.datetime.min.time()))
        if n in (0, 1):   # published a month after approval
            da.publish_budget(actor, bd, at=approved + timedelta(days=35))
            truth["DSC-003"].append(bd.key)
        elif n == 2:      # never published
            truth["DSC-003"].append(bd.key)
        else:
            da.publish_budget(actor, bd, at=approved + timedelta(days=12))
    for n, dept in enumerate(bureaus[:4]):
        bd = da.record_approval(actor, department=dept, year=city.year, kind="final", approved_on=final_day,
                                document_no=f"云财决〔{city.year + 1}〕{n + 1}号", at=now)
        approved = timezone.make_aware(timezone.datetime.combine(final_day, timezone.datetime.min.time()))
        if n == 3:
            truth["DSC-003"].append(bd.key)
        else:
            da.publish_budget(actor, bd, at=approved + timedelta(days=15))

    counter = iter(range(10 ** 6))

    def register(days_ago: float, channel="online", kind="person"):
        i = next(counter)
        name, phone = applicant(i)
        return da.register_request(actor, department=bureaus[i % len(bureaus)], channel=channel,
                                   received_at=now - timedelta(days=days_ago), applicant_kind=kind, applicant_name=name,
                                   contact=phone, description=SUBJECTS[i % len(SUBJECTS)], at=now - timedelta(days=days_ago))

    def at(req, days_after):
        return req.received_at + timedelta(days=days_after)

    # Clean: answered within the 20 working days, with every kind of answer the annual report counts.
    for n, (decision, article) in enumerate((("disclose", ""), ("already_public", ""), ("partial", "15"),
                                             ("refuse", "16-process"), ("not_exist", ""), ("not_this_agency", ""),
                                             ("petition", ""), ("disclose", ""))):
        r = register(90 - n * 5, kind=("person", "business", "legal", "nonprofit")[n % 4])
        da.answer_request(actor, r, decision=decision, article=article, other_agency="市自然资源和规划局",
                          pages=45 if decision == "disclose" else 0, fee_method="per_page" if decision == "disclose" else "none",
                          at=at(r, 10))
    # Clean: a correction asked on day 3, received a week later, answered 15 days after that.
    r = register(70)
    da.ask_correction(actor, r, note="请明确所需信息的名称和时间范围。", at=at(r, 3))
    r = da.receive_correction(actor, r, at=at(r, 10))
    da.answer_request(actor, r, decision="disclose", at=at(r, 30))
    # Clean: a third party consulted (its time does not count), then an extension asked in time; answered on day 40.
    r = register(80, kind="business")
    r = da.consult_third_party(actor, r, at=at(r, 5))
    r = da.record_third_party_reply(actor, r, objects=True, at=at(r, 19))
    r = da.extend_request(actor, r, reason="涉及多个科室的档案，需调取核对。", at=at(r, 25))
    da.answer_request(actor, r, decision="partial", article="15", at=at(r, 40))
    # Clean, open: received three days ago, and one waiting for a correction asked in time.
    register(3)
    r = register(4)
    da.ask_correction(actor, r, note="请补充申请人身份证明。", at=at(r, 1))

    # DSC-001: unanswered six weeks after receipt, and answered on the 40th day without an extension.
    for _k in range(2):
        truth["DSC-001"].append(register(45).number)
    r = register(60, channel="in_person")
    da.answer_request(actor, r, decision="disclose", at=at(r, 40))
    truth["DSC-001"].append(r.number)
    # DSC-002: corrections asked for on the 15th day (then answered in time from the correction).
    for _k in range(2):
        r = register(50)
        da.ask_correction(actor, r, note="申请内容不明确，请补正。", at=at(r, 15))
        r = da.receive_correction(actor, r, at=at(r, 17))
        da.answer_request(actor, r, decision="not_exist", at=at(r, 25))
        truth["DSC-002"].append(r.number)
    return dict(truth)
