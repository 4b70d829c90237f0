"""Every change to draws and results: permission (inspections.policies), one transaction, one ledger event.
The commitment and the inputs enter the ledger when published, the seed and the selection at the draw."""

import json
import secrets
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import crypto, deadlines, ledger
from qingfeng.core.models import Department, LedgerEvent
from qingfeng.people.models import LINKED, PersonLink

from . import draw as drawing
from . import policies
from .models import Draw, DrawnTarget, DrawStatus, Inspector, Item, Outcome, Result, RiskClass, Target
from .parameters import EXCLUDE_LAST_INSPECTOR, INSPECTORS_PER_TARGET, PUBLISH_DAYS


def _name(actor) -> str:
    return "system" if actor is None else actor if isinstance(actor, str) else actor.get_username()


def _now(actor, at):
    if at is not None and not policies.is_system(actor):
        raise PermissionDenied("只有系统程序可以指定操作时间")
    return at or timezone.now()


def exclusions(targets, inspectors) -> dict[tuple[str, str], str]:
    """(inspector staff no, target key) → why the inspector may not check the target: he or a declared
    relative holds a role in it (business registry), or he checked it in its latest draw."""
    out: dict[tuple[str, str], str] = {}
    by_company = {t.company_id: t for t in targets if t.company_id}
    staff = {i.person_id: i.person.staff_no for i in inspectors}
    for link in PersonLink.objects.filter(person_id__in=list(staff), role__company_id__in=list(by_company),
                                          status__in=LINKED).select_related("role"):
        out[(staff[link.person_id], by_company[link.role.company_id].key)] = "interest"
    if EXCLUDE_LAST_INSPECTOR.value():
        latest: dict[int, DrawnTarget] = {}
        for d in (DrawnTarget.objects.filter(target__in=targets, draw__status=DrawStatus.DRAWN)
                  .select_related("draw").order_by("draw__drawn_at", "pk")):
            latest[d.target_id] = d
        keys = {t.pk: t.key for t in targets}
        for target_id, d in latest.items():
            for person_id in d.inspectors.values_list("person_id", flat=True):
                if person_id in staff:
                    out.setdefault((staff[person_id], keys[target_id]), "last_time")
    return out


@transaction.atomic
def pool_departments(item: Item, joint=()) -> list[Department]:
    """Whose inspectors a draw takes: the item's department, and for a joint inspection (跨部门联合抽查) the
    departments taking part — each with the units below it."""
    return sorted({d.pk: d for d in (item.department, *joint)}.values(), key=lambda d: d.code)


def commit_draw(actor, item: Item, *, ratios: dict[str, float], per_target: int | None = None, joint=(),
                at: datetime | None = None) -> Draw:
    """Publishes what the draw will be made from and a commitment to a fresh secret seed. Inspectors come from
    the executive staff of the item's department (执法检查人员名录库 is an authority's own law-enforcement staff)
    and, for a joint inspection, of the ``joint`` departments too."""
    now = _now(actor, at)
    if not policies.organises(actor, item.department_id):
        raise PermissionDenied("无权组织本事项的抽查")
    per_target = int(per_target or INSPECTORS_PER_TARGET.value())
    if per_target < int(INSPECTORS_PER_TARGET.value()):
        raise ValidationError(f"每个检查对象至少匹配 {INSPECTORS_PER_TARGET.value()} 名执法检查人员")
    ratios = {k: float(v) for k, v in ratios.items() if float(v) > 0}
    if not ratios or set(ratios) - set(RiskClass.values) or any(v > 1 for v in ratios.values()):
        raise ValidationError("抽查比例须按信用风险分类给出，介于 0 和 1 之间")
    targets = list(Target.objects.filter(active=True, risk_class__in=list(ratios)).order_by("key"))
    departments = pool_departments(item, joint)
    in_pool = Q()
    for d in departments:
        in_pool |= Q(person__department__path__startswith=d.path)
    inspectors = list(Inspector.objects.filter(in_pool, active=True).select_related("person").order_by("person__staff_no"))
    if len(inspectors) < per_target:
        raise ValidationError(f"{'、'.join(d.name for d in departments)}的执法检查人员名录库人数不足"
                              f"（{len(inspectors)} 人，每户至少 {per_target} 人）；可发起联合抽查，加入其他部门的执法人员")
    draw = Draw.objects.create(number=f"CQ{timezone.localtime(now):%Y%m%d%H%M%S%f}", item=item, department=item.department,
                               inputs="{}", inputs_hash="", commitment="", sealed_seed="", committed_at=now,
                               created_by=_name(actor))
    draw.number = f"CQ{timezone.localtime(now):%Y}{draw.pk:05d}"
    inputs = {"draw": draw.number, "item": item.code, "departments": [d.code for d in departments],
              "ratios": ratios, "per_target": per_target,
              "targets": [{"key": t.key, "class": t.risk_class} for t in targets],
              "inspectors": [i.person.staff_no for i in inspectors],
              "excluded": sorted([list(pair) for pair in exclusions(targets, inspectors)])}
    seed = secrets.token_hex(32)
    draw.inputs = drawing.canonical(inputs)
    draw.inputs_hash = drawing.inputs_hash(inputs)
    draw.commitment = drawing.commitment(seed)
    draw.sealed_seed = crypto.seal(seed, context=f"draw:{draw.number}")
    draw.save()
    ledger.append(actor, "inspections.committed", draw, data={"number": draw.number, "item": item.code,
                                                             "inputs_hash": draw.inputs_hash, "commitment": draw.commitment,
                                                             "targets": len(targets), "inspectors": len(inspectors),
                                                             "departments": [d.code for d in departments]})
    return draw


@transaction.atomic
def perform_draw(actor, draw: Draw, *, at: datetime | None = None) -> Draw:
    """Reveals the seed and draws; the selection follows from the published inputs and the seed alone."""
    now = _now(actor, at)
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    if not policies.organises(actor, draw.department_id):
        raise PermissionDenied("无权组织本事项的抽查")
    if draw.status != DrawStatus.COMMITTED:
        raise ValidationError("该批次已抽取")
    if now <= draw.committed_at:
        raise ValidationError("抽取须在公布承诺值之后")
    seed = crypto.unseal(draw.sealed_seed, context=f"draw:{draw.number}")
    selection = drawing.run(json.loads(draw.inputs), seed)
    draw.seed, draw.selection, draw.status, draw.drawn_at = seed, drawing.canonical(selection), DrawStatus.DRAWN, now
    draw.save()
    targets = {t.key: t for t in Target.objects.filter(key__in=[s["target"] for s in selection])}
    inspectors = {i.person.staff_no: i for i in Inspector.objects.select_related("person")}
    for s in selection:
        if not s["inspectors"]:
            continue  # too few inspectors without a conflict: shown as a shortfall, drawn again by a new batch
        d = DrawnTarget.objects.create(draw=draw, target=targets[s["target"]])
        d.inspectors.set([inspectors[x] for x in s["inspectors"]])
    ledger.append(actor, "inspections.drawn", draw, data={"number": draw.number, "seed": seed,
                                                         "selection_sha256": drawing.sha256(draw.selection),
                                                         "drawn": len(selection),
                                                         "shortfalls": [s["target"] for s in selection if not s["inspectors"]]})
    return draw


def published(draw: Draw) -> dict:
    """What the portal publishes of a draw (and what ``verify-draw`` reads)."""
    return {"number": draw.number, "item": draw.item.code, "item_name": draw.item.name,
            "inputs": json.loads(draw.inputs), "inputs_hash": draw.inputs_hash, "commitment": draw.commitment,
            "committed_at": draw.committed_at.isoformat(), "seed": draw.seed or None,
            "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
            "selection": json.loads(draw.selection) if draw.selection else None}


def verify_draw(draw: Draw) -> list[str]:
    """The published draw re-run, plus the commitment and inputs hash compared with what the ledger recorded
    when they were published (a seed and commitment changed together in the database are caught here)."""
    draw = Draw.objects.select_related("item").get(pk=draw.pk)
    problems = drawing.verify(published(draw)) if draw.seed else ["种子尚未公布"]
    event = LedgerEvent.objects.filter(action="inspections.committed", object_type="inspections.draw",
                                       object_id=str(draw.pk)).order_by("seq").first()
    if event is None or event.data.get("commitment") != draw.commitment or event.data.get("inputs_hash") != draw.inputs_hash:
        problems.append("承诺值或抽取要素哈希与抽取前记入台账的不符")
    return problems


@transaction.atomic
def enter_result(actor, drawn: DrawnTarget, *, outcome: str, summary: str, checked_on: date,
                 at: datetime | None = None) -> Result:
    """The inspectors enter what they found; the publication clock starts from the day of the check."""
    now = _now(actor, at)
    if not policies.inspects(actor, drawn):
        raise PermissionDenied("只有抽中的执法检查人员可以录入结果（谁检查、谁录入）")
    if outcome not in Outcome.values:
        raise ValidationError(f"未知检查结果 {outcome!r}")
    if hasattr(drawn, "result"):
        raise ValidationError("该对象的检查结果已录入")
    summary = strip_tags(summary or "").strip()
    if not summary:
        raise ValidationError("检查情况不能为空")
    start = timezone.make_aware(datetime.combine(checked_on, datetime.min.time()))
    due = deadlines.compute(start, int(PUBLISH_DAYS.value()), PUBLISH_DAYS.unit).due
    result = Result.objects.create(drawn=drawn, outcome=outcome, summary=summary[:4000], checked_on=checked_on,
                                   entered_by=_name(actor), entered_at=now, publish_due_at=due)
    ledger.append(actor, "inspections.result_entered", result, data={"draw": drawn.draw.number, "target": drawn.target.key,
                                                                    "outcome": outcome, "publish_due_at": due.isoformat()})
    return result


@transaction.atomic
def publish_result(actor, result: Result, *, at: datetime | None = None) -> Result:
    now = _now(actor, at)
    result = Result.objects.select_for_update().select_related("drawn__draw", "drawn__target").get(pk=result.pk)
    if not (policies.organises(actor, result.drawn.draw.department_id) or policies.inspects(actor, result.drawn)):
        raise PermissionDenied("无权公示")
    if result.published_at is not None:
        raise ValidationError("已公示")
    result.published_at = now
    result.save(update_fields=["published_at"])
    ledger.append(actor, "inspections.published", result, data={"draw": result.drawn.draw.number,
                                                               "target": result.drawn.target.key,
                                                               "late": now > result.publish_due_at})
    return result


@transaction.atomic
def add_item(actor, *, code: str, name: str, department: Department, basis: str, key_item: bool = False) -> Item:
    if not policies.organises(actor, department.pk):
        raise PermissionDenied("无权维护抽查事项清单")
    item = Item.objects.create(code=code, name=name, department=department, basis=basis, key_item=key_item)
    ledger.append(actor, "inspections.item_added", item, data={"code": code, "department": department.code})
    return item


@transaction.atomic
def add_targets(actor, rows) -> int:
    """Adds or updates entries of the target pool: rows of (credit code, name, risk class, company or None)."""
    if not policies.is_system(actor) and not _any_organiser(actor):
        raise PermissionDenied("无权维护检查对象名录库")
    n = 0
    for key, name, risk_class, company in rows:
        Target.objects.update_or_create(key=key, defaults={"name": name, "risk_class": risk_class, "company": company,
                                                            "active": True})
        n += 1
    ledger.append(actor, "inspections.targets_updated", object_type="inspections.target", object_id="pool", data={"rows": n})
    return n


@transaction.atomic
def add_inspectors(actor, people) -> int:
    if not policies.is_system(actor) and not _any_organiser(actor):
        raise PermissionDenied("无权维护执法检查人员名录库")
    n = 0
    for person in people:
        Inspector.objects.update_or_create(person=person, defaults={"active": True})
        n += 1
    ledger.append(actor, "inspections.inspectors_updated", object_type="inspections.inspector", object_id="pool",
                  data={"staff": sorted(p.staff_no for p in people)})
    return n


def _any_organiser(actor) -> bool:
    from qingfeng.core.policies import grants

    return any(g.role in policies.ORGANISING_ROLES for g in grants(actor))
