"""Demo domain "accountability": 云川市's year of responsibility letters and integrity pledges, integrity talks
(each head with the heads of his units, the city leaders with every bureau head, reminders and admonishments
with follow-up), appointment notices from the HR system, 学法 lectures and the exam, two sanctions and a
容错纠错 application — with planted cases of ACC-001…ACC-005.

Clean records sit on the permitted side of each line: letters signed on the due day at the latest, follow-ups
on the due day at the latest, pre-appointment talks on the notice day at the latest and within the window,
exam scores of 60 and up. The city leaders' collective talk includes every bureau head, so the 分管 relations
the people domain adds later are covered too.
"""

from collections import defaultdict
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
from django.core.files.base import ContentFile


def _copy(name: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4 demo signed copy\n", name=name)


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.accountability import actions as aa
    from qingfeng.accountability.officials import leading_officials
    from qingfeng.core.models import Department
    from qingfeng.records.imports import import_arrow

    year = city.year
    rng = np.random.default_rng([city.seed, 80])
    officials = leading_officials()
    if len(officials) < 20:
        return {}
    truth: dict[str, list[str]] = defaultdict(list)
    principals = [p for p, principal in officials if principal]
    deputies = [p for p, principal in officials if not principal]
    head_of: dict[int, list] = defaultdict(list)
    for p in principals:
        head_of[p.department_id].append(p)
    used: set[str] = set()

    def pick(pool):
        options = [p for p in pool if p.staff_no not in used]
        chosen = options[int(rng.integers(0, len(options)))]
        used.add(chosen.staff_no)
        return chosen

    aa.open_campaign(actor, year=year, sign_due_on=date(year, 3, 31), closes_on=date(year, 12, 31))

    # ACC-001: a principal without the letter, a deputy without the pledge, a deputy who signed late.
    no_letter, no_pledge, late = pick(principals), pick(deputies), pick(deputies)
    truth["ACC-001"] += [f"{no_letter.staff_no}|{year}|letter", f"{no_pledge.staff_no}|{year}|pledge",
                         f"{late.staff_no}|{year}|pledge"]
    items = []
    for p, principal in officials:
        signed_on = date(year, 3, 31) if p.pk % 7 == 0 else date(year, 2, 20)
        if principal and p != no_letter:
            items.append({"person": p, "kind": "letter", "year": year, "signed_on": signed_on,
                          "signed_copy": _copy(f"{p.staff_no}-责任书.pdf")})
        if p != no_pledge:
            items.append({"person": p, "kind": "pledge", "year": year,
                          "signed_on": date(year, 4, 8) if p == late else signed_on,
                          "signed_copy": _copy(f"{p.staff_no}-承诺书.pdf")})
    aa.record_pledges(actor, items)

    # ACC-004: each head talks with the heads of the units below him; two unit heads are left out.
    departments = list(Department.objects.filter(parent__isnull=False).order_by("path"))
    children: dict[int, list[int]] = defaultdict(list)
    for d in departments:
        children[d.parent_id].append(d.pk)
    skipped = []
    for d in departments:
        below = [h for c in children.get(d.pk, []) for h in head_of.get(c, [])]
        for leader in head_of.get(d.pk, []):
            if not below:
                continue
            heard = below
            if len(skipped) < 2 and len(below) >= 3 and d.depth == 1:
                left_out = below[-1]
                skipped.append(left_out)
                heard = below[:-1]
                truth["ACC-004"].append(f"{year}|{leader.staff_no}|{left_out.staff_no}")
            aa.record_talk(actor, kind="annual", leader=leader, participants=heard, held_on=date(year, 3, 10),
                           issues="落实全面从严治党主体责任，严守八项规定精神，管好班子、带好队伍。",
                           commitments="层层传导压力，抓好本单位党风廉政建设。")
    office = next((d for d in departments if d.name == "市政府办公室"), None)
    bureau_heads = [h for d in departments if d.depth == 1 and d != office for h in head_of.get(d.pk, [])]
    for leader in [p for p, _principal in officials if office and p.department_id == office.pk]:
        aa.record_talk(actor, kind="annual", leader=leader, participants=[h for h in bureau_heads if h != leader],
                       held_on=date(year, 3, 12), issues="市政府班子成员与分管部门主要负责人年度廉政谈话：重大项目、资金分配、选人用人。")

    # ACC-002: reminder and admonishment talks; two follow-ups missed or late.
    for n in range(6):
        leader = principals[(n * 7) % len(principals)]
        staff = [p for p in deputies if p.department_id == leader.department_id] or [pick(deputies)]
        talk = aa.record_talk(actor, kind="admonishment" if n % 3 == 0 else "reminder", leader=leader,
                              participants=staff[:1], held_on=date(year, 5, 10 + n),
                              issues="公务接待超标准、报销凭证不全。", commitments="一个月内退还超标准部分并建立台账。",
                              follow_up_due=date(year, 6, 30))
        if n == 0:
            truth["ACC-002"].append(talk.number)
        elif n == 1:
            aa.record_follow_up(actor, talk, on=date(year, 7, 15), note="已退还，但晚于回访期限。")
            truth["ACC-002"].append(talk.number)
        else:
            aa.record_follow_up(actor, talk, on=date(year, 6, 30) if n == 2 else date(year, 6, 20), note="已整改到位。")

    # ACC-003: appointment notices from the HR system; pre-appointment talks before most of them.
    rows = []
    for n in range(10):
        person = pick(deputies)
        notice_on = date(year, 9, 1) + timedelta(days=7 * n)
        aid = f"RM{year}{n + 1:03d}"
        rows.append({"appointment_id": aid, "department_code": person.department.code, "staff_no": person.staff_no,
                     "post": person.post.title, "notice_no": f"云人任〔{year}〕{n + 1}号", "notice_on": notice_on})
        leader = (head_of.get(person.department_id) or principals)[0]
        if n in (0, 1):  # never talked to
            truth["ACC-003"].append(aid)
            continue
        held = notice_on + timedelta(days=3) if n == 2 else notice_on if n == 3 else notice_on - timedelta(days=5)
        if n == 2:  # talked to only after the notice
            truth["ACC-003"].append(aid)
        talk = aa.record_talk(actor, kind="appointment", leader=leader, participants=[person], held_on=held,
                              issues="任前廉政谈话：廉洁用权、秉公用人。", commitments="签订廉洁从政承诺书。")
        if n >= 8:
            aa.issue_appointment(actor, person=person, post=person.post.title, notice_no=f"云府任〔{year}〕{n}号",
                                 issued_on=notice_on)
        del talk
    report = import_arrow(pa.Table.from_pylist(rows), "hr_appointments", source_name=f"demo-hr-appointments-{city.seed}",
                          actor=actor)
    if report.rejected or report.status != "committed":
        raise RuntimeError(f"任职通知导入异常：{report.summary()}")

    # ACC-005: two lectures and the exam for every leader; two missed a lecture, one failed the exam.
    everyone = [p for p, _principal in officials]
    absent = [pick(deputies), pick(deputies)]
    failed = pick(deputies)
    truth["ACC-005"] += [f"{year}|{p.staff_no}" for p in (*absent, failed)]
    root = Department.objects.filter(parent__isnull=True).first()
    aa.record_study(actor, kind="lecture", title="民法典与政府依法行政专题讲座", held_on=date(year, 4, 18), department=root,
                    attendees=everyone)
    aa.record_study(actor, kind="pre_meeting", title="常务会议会前学法：政府投资条例", held_on=date(year, 8, 22),
                    department=root, attendees=[p for p in everyone if p not in absent])
    scores = {p: 55 if p == failed else 60 + int(rng.integers(0, 40)) for p in everyone}
    aa.record_study(actor, kind="exam", title="年度学法考试", held_on=date(year, 11, 14), department=root,
                    attendees=everyone, scores=scores)

    # Sanctions and a 容错纠错 application (decided: mitigated), for the pages.
    first, second = pick(deputies), pick(deputies)
    s1 = aa.record_sanction(actor, person=first, kind="criticism", decided_on=date(year, 7, 1),
                            facts="公务接待超出规定标准。", basis="中国共产党问责条例第七条")
    aa.record_sanction(actor, person=second, kind="admonishment", decided_on=date(year, 8, 1),
                       facts="督办事项长期未推进。", basis="中国共产党问责条例第七条")
    item = aa.apply_leniency(actor, applicant=first, request="mitigate", distinctions=["public_good", "experience"],
                             statement="为接待招商考察团临时增加陪同，未谋私利，已自行纠正。", corrected="已退还超标准部分。",
                             sanction=s1)
    aa.decide_leniency(actor, item, status="mitigated", grounds="出于公心、及时纠错，符合容错情形，从轻处理。")
    return {rule: sorted(keys) for rule, keys in truth.items()}
