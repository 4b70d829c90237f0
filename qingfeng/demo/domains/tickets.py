"""Demo domain "tickets": citizens' tickets of 云川市 with the genuine messages as their texts (read from
../shared/data/citizen-messages at demo time; generated texts when the folder is absent), routed by the
real router and handled through the real actions, with planted late sign-fors, overdue tickets, bad ratings
left without a call-back, and matters that came back after the answer (TKT-001…004); plus bounces and an
arbitration, duplicates that make a hot spot, an exemption, the dispatcher's queue, sealed tip-offs and an
Open311 client key.

Times are relative to now (the rules compare against the snapshot time): every clean ticket is signed
within two hours and answered within its deadline, and every still-open one is due after the screening.
"""

import csv
from collections import defaultdict
from datetime import timedelta

import numpy as np
from django.utils import timezone

# bureau name → (router category, responsibility keywords)
RESPONSIBILITIES = {
    "市住房和城乡建设局": ("城乡建设", "物业 小区 施工 拆迁 违建 房屋 业主 开发商"),
    "市生态环境局": ("环境保护", "污染 排放 异味 噪声 环保 废水"),
    "市交通运输局": ("交通运输", "公交 出租车 客运 驾校 道路运输"),
    "市教育局": ("教育文体", "学校 学生 教师 招生 学位 补课"),
    "市人力资源和社会保障局": ("劳动和社会保障", "社保 养老 工资 欠薪 劳动合同 失业 医保卡"),
    "市商务局": ("商贸旅游", "商家 消费 旅游 市场 经营"),
    "市卫生健康委员会": ("卫生计生", "医院 医生 卫生 生育 疫苗 诊所"),
}
PLANTS = {"TKT-001": 4, "TKT-002": 4, "TKT-003": 3, "TKT-004": 3}
CLEAN = 40


def _messages(rng) -> list[tuple[str, str, str]]:
    """(category, title, text) of genuine labelled messages, shuffled deterministically."""
    from qingfeng.tickets.parameters import router_data_dir

    path = router_data_dir() / "labelled-sample-495.csv"
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [(r["一级分类"].strip(), r["留言主题"].strip()[:200], " ".join(r["留言详情"].split())[:3900])
                    for r in csv.DictReader(f)]
    else:
        cats = [c for c, _w in RESPONSIBILITIES.values()]
        rows = [(cats[i % len(cats)], f"第{i}号诉求：{cats[i % len(cats)]}方面的问题",
                 f"第{i}号：{RESPONSIBILITIES_TEXT[i % len(cats)]}，请有关部门尽快处理。") for i in range(120)]
    order = rng.permutation(len(rows))
    return [rows[i] for i in order]


RESPONSIBILITIES_TEXT = ["小区物业乱收停车费", "工厂夜间排放刺鼻废气", "公交线路取消后出行困难", "学校违规收取补课费",
                         "公司拖欠工资不缴社保", "商家虚假宣传拒不退款", "医院收费不透明"]


def _duplicates() -> list[str]:
    """Genuine message bodies that citizens posted more than once (the hot-spot material)."""
    from qingfeng.tickets.parameters import router_data_dir

    path = router_data_dir() / "messages-with-votes-4326.xlsx"
    if not path.exists():
        return ["某小区旁边的搅拌站每天夜间施工，粉尘和噪音严重，居民无法休息，请求查处。"]
    from python_calamine import CalamineWorkbook

    seen, dups = set(), []
    for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:]:
        body = " ".join(str(r[4]).split())
        if len(body) > 60 and body in seen and body not in dups:
            dups.append(body)
        seen.add(body)
    return dups[:3]


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from django.contrib.auth import get_user_model

    from qingfeng.core.models import Department
    from qingfeng.tickets import actions as ta
    from qingfeng.tickets.models import Service

    rng = np.random.default_rng([city.seed, 70])
    now = timezone.now()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["supervisor", "secadmin", "sysadmin", "head"])}
    bureaus = {d.name: d for d in Department.objects.filter(name__in=list(RESPONSIBILITIES))}
    by_category = {}
    for name, (category, words) in RESPONSIBILITIES.items():
        if name in bureaus:
            ta.set_responsibility(actor, department=bureaus[name], category=category, keywords=words)
            by_category[category] = bureaus[name]
    if "supervisor" in users and "secadmin" in users:
        ta.designate_reader(users["secadmin"], users["supervisor"])
    if "sysadmin" in users:
        ta.issue_api_key(users["sysadmin"], name="云川 12345 热线平台（演示）")
    services = {s.group: s for s in Service.objects.exclude(group="").filter(tier="general")}
    head_home = getattr(getattr(users.get("head"), "person", None), "department", None)

    messages = _messages(rng)
    truth: dict[str, list[str]] = defaultdict(list)
    counter = iter(range(10 ** 6))

    def submit(category, title, text, at, *, address=None, kind="complaint"):
        i = next(counter)
        return ta.submit_ticket(actor, service=services.get(category) or Service.objects.get(code="QT"), kind=kind, title=title,
                                description=text, address=address or f"云川市某区某街道{i + 1}号", at=at, route=False,
                                channel="portal" if i % 3 else "open311")

    def dispatch(t, at, department=None):
        ta.route_ticket("router", t, at=at)
        t.refresh_from_db()
        if t.department_id is None:
            cat = t.proposed_category or next(iter(by_category))
            ta.dispatch_ticket(actor, t, department or by_category.get(cat) or next(iter(by_category.values())), at=at)
            t.refresh_from_db()
        return t

    def answered(t, at, *, rating=5, resolution="resolved", close=True):
        ta.sign_ticket(actor, t, at=at + timedelta(hours=2))
        t.refresh_from_db()
        reply_at = min(at + timedelta(days=1), t.due_at - timedelta(hours=1)) if t.due_at else at + timedelta(hours=3)
        reply_at = max(reply_at, at + timedelta(hours=3))
        ta.reply_ticket(actor, t, text="经调查核实，已责成相关单位处理，并将结果告知。感谢您的监督。", at=reply_at)
        if rating:
            ta.rate_ticket(actor, t, satisfaction=rating, resolution=resolution, at=reply_at + timedelta(hours=5))
        if close:
            ta.follow_up_ticket(actor, t, note="电话回访，群众表示认可。", at=reply_at + timedelta(days=1))
            ta.close_ticket(actor, t, at=reply_at + timedelta(days=1, hours=1))
        return t

    pool = iter(messages)
    # Clean tickets over the last two months, signed in two hours and answered in time.
    for n in range(CLEAN):
        category, title, text = next(pool)
        at = now - timedelta(days=int(rng.integers(8, 60)), hours=int(rng.integers(0, 8)))
        t = dispatch(submit(category, title, text, at), at, head_home if n < 4 and head_home else None)
        answered(t, at, rating=int(rng.choice([3, 4, 5, 5])), resolution=str(rng.choice(["resolved", "resolved", "partly"])))
    # Open and on time: dispatched a day ago, signed, due after the screening.
    for _n in range(6):
        category, title, text = next(pool)
        at = now - timedelta(days=1)
        t = dispatch(submit(category, title, text, at, kind="request"), at)
        ta.sign_ticket(actor, t, at=at + timedelta(hours=1))
    # The dispatcher's queue: vague or unrouted tickets wait for a person.
    for _n in range(3):
        category, title, text = next(pool)
        submit(category, title, text, now - timedelta(hours=5))
    # TKT-001: signed for a day and more after dispatch (still within the handling deadline).
    for _n in range(PLANTS["TKT-001"]):
        category, title, text = next(pool)
        at = now - timedelta(days=3)
        t = dispatch(submit(category, title, text, at), at)
        ta.sign_ticket(actor, t, at=at + timedelta(hours=30))
        truth["TKT-001"].append(t.number)
    # TKT-002: signed in time, never answered, three weeks on.
    for _n in range(PLANTS["TKT-002"]):
        category, title, text = next(pool)
        at = now - timedelta(days=21)
        t = dispatch(submit(category, title, text, at), at)
        ta.sign_ticket(actor, t, at=at + timedelta(hours=1))
        truth["TKT-002"].append(t.number)
    # TKT-003: answered in time, rated bad, nobody called back.
    for _n in range(PLANTS["TKT-003"]):
        category, title, text = next(pool)
        at = now - timedelta(days=15)
        t = dispatch(submit(category, title, text, at), at)
        answered(t, at, rating=1, resolution="unresolved", close=False)
        truth["TKT-003"].append(t.number)
    # TKT-004: answered and closed, then the same matter from the same place again.
    for _n in range(PLANTS["TKT-004"]):
        category, title, text = next(pool)
        at = now - timedelta(days=30)
        address = f"云川市某区回访路{_n + 1}号"
        original = answered(dispatch(submit(category, title, text, at, address=address), at), at)
        again_at = now - timedelta(days=2)
        again = dispatch(submit(category, "又来反映：" + title[:180], text, again_at, address=address), again_at)
        ta.sign_ticket(actor, again, at=again_at + timedelta(hours=1))
        assert again.repeat_of_id == original.pk, "the demo's repeat was not linked"
        truth["TKT-004"].append(original.number)
    # A hot spot: the same genuine message posted three times from one place, while the first is handled.
    for body in _duplicates()[:1]:
        at = now - timedelta(days=1)
        first = dispatch(submit("城乡建设", body[:30], body, at, address="云川市高新区麓谷大道"), at)
        ta.sign_ticket(actor, first, at=at + timedelta(hours=1))
        for k in range(2):
            dup_at = at + timedelta(hours=3 + k)
            dup = dispatch(submit("城乡建设", body[:30], body, dup_at, address=first.address), dup_at)
            assert dup.duplicate_of_id == first.pk and dup.department_id == first.department_id, "the demo's duplicate was not linked"
            ta.sign_ticket(actor, dup, at=dup_at + timedelta(hours=1))
    # A bounce back to the dispatcher, and a second bounce that went to arbitration.
    category, title, text = next(pool)
    at = now - timedelta(days=2)
    wrong = [d for c, d in by_category.items() if c != category] or list(by_category.values())
    t = submit(category, title, text, at)
    ta.dispatch_ticket(actor, t, wrong[0], at=at)
    ta.bounce_ticket(actor, t, reason="不属于本部门职责，请改派。", at=at + timedelta(hours=2))
    ta.dispatch_ticket(actor, t, wrong[-1], at=at + timedelta(hours=3))
    ta.bounce_ticket(actor, t, reason="职能交叉，请裁定。", at=at + timedelta(hours=4))
    ta.dispatch_ticket(actor, t, by_category.get(category, wrong[0]), at=at + timedelta(hours=5), note="裁定：由职责清单所列部门办理")
    ta.sign_ticket(actor, t, at=at + timedelta(hours=6))
    # An unreasonable demand, exempted from satisfaction after review.
    category, title, text = next(pool)
    at = now - timedelta(days=10)
    t = dispatch(submit(category, title, text, at), at)
    answered(t, at, rating=2, resolution="unresolved", close=False)
    ta.record_bad_rating_step(actor, t, step="follow_up", text="已回访说明政策。", at=t.rated_at + timedelta(hours=3))
    ta.record_bad_rating_step(actor, t, step="rectify", text="诉求超出政策范围，已书面说明。", at=t.rated_at + timedelta(days=2))
    req = ta.request_exemption(actor, t, reason="诉求超出法律政策规定范围，已依法解释。", at=t.rated_at + timedelta(days=2))
    ta.review_request("dispatch-centre", req, approve=True, note="属不合理诉求，同意不计满意度。", at=t.rated_at + timedelta(days=3))
    # Sealed tip-offs: never routed to the department they name.
    named = list(bureaus.values())
    for k, (title, text) in enumerate((("举报某局科长收受礼金", "该科长春节期间收受辖区企业购物卡，请查处。"),
                                       ("举报公车私用", "某单位公务用车周末停在景区停车场。"),
                                       ("举报违规吃喝", "某单位在会所宴请，费用以会议费名义报销。"))):
        tip, _code = ta.submit_tipoff(actor, title=title, description=text, named_department=named[k % len(named)] if named else None,
                                      anonymous=k != 1, name="周某" if k == 1 else "", phone="13800000000" if k == 1 else "",
                                      at=now - timedelta(days=5 - k))
        if k == 0 and "supervisor" in users:
            ta.handle_tipoff(users["supervisor"], tip, status="investigating", note="已立项初核。")
    return {rule: sorted(keys) for rule, keys in truth.items()}
