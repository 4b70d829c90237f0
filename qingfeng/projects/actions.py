"""Every change to an investment project. Each action checks permission (projects.policies), runs in one
transaction and appends one ledger event. Only trusted code (a string actor) may pass ``at``."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from qingfeng.core import ledger
from qingfeng.core.models import Department

from . import gates, policies
from .models import Contract, Document, Exemption, Objection, Passage, Project, RateBasis, SecurityKind, WageAccount, WageSecurity
from .parameters import DEPOSIT_EXEMPT_BELOW, DEPOSIT_MAX_RATE, DEPOSIT_MIN_RATE, DEPOSIT_REDUCED_FLOOR
from .stages import DocKind, Stage, next_stage


def _name(actor) -> str:
    return "system" if actor is None else actor if isinstance(actor, str) else actor.get_username()


def _now(actor, at):
    if at is not None and not policies.is_system(actor):
        raise PermissionDenied("只有系统程序可以指定操作时间")
    return at or timezone.now()


def _text(text, limit, label):
    text = strip_tags(text or "").strip()
    if not text:
        raise ValidationError(f"{label}不能为空")
    return text[:limit]


def _locked(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _manage(actor, project):
    if not policies.manages(actor, project):
        raise PermissionDenied("只有项目单位可以办理")


@transaction.atomic
def register_project(actor, *, code: str, name: str, owner: Department, departments=(), budget_line: str = "",
                     at: datetime | None = None) -> Project:
    now = _now(actor, at)
    if not policies.registers(actor, owner):
        raise PermissionDenied("只能以本部门为项目单位登记项目")
    code = _text(code, 32, "项目编号")
    if Project.objects.filter(code=code).exists():
        raise ValidationError(f"项目编号 {code} 已存在")
    p = Project.objects.create(code=code, name=_text(name, 200, "项目名称"), owner=owner, budget_line=budget_line[:64],
                               registered_by=_name(actor), registered_at=now)
    p.departments.set([d for d in departments if d.pk != owner.pk])
    Passage.objects.create(project=p, stage=Stage.SITE, passed_on=timezone.localtime(now).date(), by=_name(actor))
    ledger.append(actor, "project.registered", p, data={"code": p.code, "owner": owner.code,
                                                        "departments": sorted(d.code for d in p.departments.all())})
    return p


@transaction.atomic
def record_document(actor, project: Project, *, kind: str, reference: str, issued_on: date,
                    at: datetime | None = None) -> Document:
    now = _now(actor, at)
    project = _locked(project)
    _manage(actor, project)
    if kind not in DocKind.values:
        raise ValidationError(f"未知材料 {kind!r}")
    doc = Document.objects.create(project=project, kind=kind, reference=_text(reference, 128, "文号"), issued_on=issued_on,
                                  recorded_by=_name(actor), recorded_at=now)
    ledger.append(actor, "project.document", project, data={"code": project.code, "kind": kind,
                                                            "reference": doc.reference, "issued_on": issued_on})
    return doc


@transaction.atomic
def set_estimate(actor, project: Project, *, estimate: Decimal | None = None, adjusted: Decimal | None = None,
                 adjusted_ref: str = "", investment: Decimal | None = None) -> Project:
    """The approved estimate, a re-approved (adjusted) estimate with its approval reference, and the
    investment completed so far (政府投资条例 §23)."""
    project = _locked(project)
    _manage(actor, project)
    old = {"estimate": project.estimate, "adjusted": project.adjusted_estimate, "investment": project.investment}
    if adjusted is not None and not adjusted_ref.strip():
        raise ValidationError("调整概算须填写核定部门的批复文号")
    if estimate is not None:
        project.estimate = estimate
    if adjusted is not None:
        project.adjusted_estimate, project.adjusted_ref = adjusted, adjusted_ref.strip()[:128]
    if investment is not None:
        project.investment = investment
    project.save()
    ledger.append(actor, "project.estimate", project, data={"code": project.code, "old": old, "new": {
        "estimate": project.estimate, "adjusted": project.adjusted_estimate, "investment": project.investment,
        "adjusted_ref": project.adjusted_ref}})
    return project


@transaction.atomic
def add_contract(actor, project: Project, *, code: str, contractor: str, value: Decimal, signed_on: date,
                 general: bool = True, advance_funding: bool = False) -> Contract:
    project = _locked(project)
    _manage(actor, project)
    if value <= 0:
        raise ValidationError("合同金额须大于零")
    c = Contract.objects.create(project=project, code=_text(code, 64, "合同编号"), contractor=_text(contractor, 200, "承包单位"),
                                value=value, signed_on=signed_on, general=general, advance_funding=advance_funding)
    ledger.append(actor, "project.contract", project, data={"code": project.code, "contract": c.code, "value": value,
                                                            "contractor": c.contractor, "advance_funding": advance_funding})
    return c


@transaction.atomic
def open_wage_account(actor, contract: Contract, *, bank: str, account_no: str, opened_on: date) -> WageAccount:
    project = _locked(contract.project)
    _manage(actor, project)
    if hasattr(contract, "wage_account"):
        raise ValidationError("该合同已登记农民工工资专用账户")
    acc = WageAccount.objects.create(contract=contract, bank=_text(bank, 128, "开户银行"),
                                     account_no=_text(account_no, 64, "账号"), opened_on=opened_on)
    ledger.append(actor, "project.wage_account", project, data={"code": project.code, "contract": contract.code,
                                                                "bank": acc.bank, "opened_on": opened_on})
    return acc


def _check_rate(rate, basis):
    """Standard and raised rates lie within 1%–3%; a reduced rate (two clean years, several projects) may go to 0.5%."""
    low = DEPOSIT_REDUCED_FLOOR.value() if basis == RateBasis.REDUCED else DEPOSIT_MIN_RATE.value()
    if basis not in RateBasis.values:
        raise ValidationError(f"未知比例依据 {basis!r}")
    if rate is None or not (low <= rate <= DEPOSIT_MAX_RATE.value()):
        raise ValidationError(f"{RateBasis(basis).label}：存储比例须在 {low} 与 {DEPOSIT_MAX_RATE.value()} 之间")


@transaction.atomic
def lodge_wage_security(actor, contract: Contract, *, kind: str, lodged_on: date, rate: Decimal | None = None,
                        amount: Decimal | None = None, exemption: str = "", reference: str = "",
                        rate_basis: str = RateBasis.STANDARD) -> WageSecurity:
    """A deposit or bank guarantee of ``rate`` × contract value, or an exemption on a stated ground."""
    project = _locked(contract.project)
    _manage(actor, project)
    if hasattr(contract, "wage_security"):
        raise ValidationError("该合同已登记工资保证金")
    if kind not in SecurityKind.values:
        raise ValidationError(f"未知方式 {kind!r}")
    if kind == SecurityKind.EXEMPT:
        if exemption not in Exemption.values:
            raise ValidationError("免缴须注明情形")
        if exemption == Exemption.SMALL and contract.value >= DEPOSIT_EXEMPT_BELOW.value():
            raise ValidationError(f"合同额不低于 {DEPOSIT_EXEMPT_BELOW.value()} 元，不适用小额免缴")
        rate, amount = None, Decimal(0)
    else:
        _check_rate(rate, rate_basis)
        amount = amount if amount is not None else (contract.value * rate).quantize(Decimal("0.01"))
        exemption = ""
    sec = WageSecurity.objects.create(contract=contract, kind=kind, rate=rate, amount=amount, lodged_on=lodged_on,
                                      exemption=exemption, reference=(reference or "").strip()[:128],
                                      rate_basis=rate_basis if kind != SecurityKind.EXEMPT else RateBasis.STANDARD)
    ledger.append(actor, "project.wage_security", project, data={
        "code": project.code, "contract": contract.code, "kind": kind, "rate": rate, "amount": amount,
        "lodged_on": lodged_on, "exemption": exemption, "rate_basis": sec.rate_basis})
    return sec


@transaction.atomic
def adjust_wage_security(actor, contract: Contract, *, rate: Decimal, rate_basis: str, lodged_on: date,
                         amount: Decimal | None = None) -> WageSecurity:
    """A rate change (lowered after clean years, raised after arrears): the deposit or guarantee becomes ``amount``
    (by default rate × contract value). A raised rate recorded without the top-up stays short, and WAG-001 says so."""
    project = _locked(contract.project)
    _manage(actor, project)
    sec = WageSecurity.objects.select_for_update().filter(contract=contract).first()
    if sec is None or sec.kind == SecurityKind.EXEMPT:
        raise ValidationError("只有已存储的保证金或保函可以调整比例")
    _check_rate(rate, rate_basis)
    old = {"rate": sec.rate, "amount": sec.amount, "rate_basis": sec.rate_basis, "lodged_on": sec.lodged_on}
    sec.rate, sec.rate_basis, sec.lodged_on = rate, rate_basis, lodged_on
    sec.amount = amount if amount is not None else (contract.value * rate).quantize(Decimal("0.01"))
    sec.save()
    ledger.append(actor, "project.wage_security_adjusted", project, data={
        "code": project.code, "contract": contract.code, "old": old,
        "new": {"rate": sec.rate, "amount": sec.amount, "rate_basis": sec.rate_basis, "lodged_on": sec.lodged_on}})
    return sec


@transaction.atomic
def lodge_objection(actor, project: Project, *, department: Department, text: str,
                    at: datetime | None = None) -> Objection:
    """Any involved department objects to the project's next gate; the gate stays shut until it is resolved."""
    now = _now(actor, at)
    project = _locked(project)
    if department not in policies.objecting_departments(actor, project):
        raise PermissionDenied("只有参与该项目的部门可以提出异议")
    target = next_stage(project.stage)
    if target is None:
        raise ValidationError("项目已在最后阶段")
    o = Objection.objects.create(project=project, stage=target, department=department, text=_text(text, 4000, "异议"),
                                 lodged_by=_name(actor), lodged_at=now)
    ledger.append(actor, "project.objection_lodged", project, data={"code": project.code, "objection": o.pk,
                                                                    "stage": target, "department": department.code})
    return o


@transaction.atomic
def resolve_objection(actor, objection: Objection, *, resolution: str, at: datetime | None = None) -> Objection:
    now = _now(actor, at)
    project = _locked(objection.project)
    o = Objection.objects.select_for_update().get(pk=objection.pk)
    if not policies.resolves(actor, project):
        raise PermissionDenied("只有项目单位或监督机构可以处理异议")
    if o.resolved_at is not None:
        raise ValidationError("该异议已处理")
    o.resolution, o.resolved_by, o.resolved_at = _text(resolution, 4000, "处理结果"), _name(actor), now
    o.save()
    ledger.append(actor, "project.objection_resolved", project, data={"code": project.code, "objection": o.pk,
                                                                      "stage": o.stage, "department": o.department.code})
    return o


@transaction.atomic
def pass_gate(actor, project: Project, *, at: datetime | None = None) -> Project:
    """Move the project into its next stage, if nothing blocks the gate."""
    now = _now(actor, at)
    project = _locked(project)
    _manage(actor, project)
    blocking = gates.blockers(project)
    if blocking:
        raise ValidationError([b.text for b in blocking])
    old, project.stage = project.stage, next_stage(project.stage)
    project.save(update_fields=["stage"])
    Passage.objects.create(project=project, stage=project.stage, passed_on=timezone.localtime(now).date(), by=_name(actor))
    ledger.append(actor, "project.gate_passed", project, data={"code": project.code, "old_stage": old,
                                                               "new_stage": project.stage})
    return project
