"""What stands between a project and its next stage: missing documents, open objections and, at the
construction gate, general contracts without a wage account or without a deposit, guarantee or exemption."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Project
from .stages import REQUIRED, DocKind, Stage, next_stage


@dataclass(frozen=True)
class Blocker:
    kind: str  # document | objection | wage_account | wage_security | contract
    text: str


def blockers(project: Project) -> list[Blocker]:
    target = next_stage(project.stage)
    if target is None:
        return [Blocker("end", _("已是最后阶段"))]
    out = []
    have = set(project.documents.values_list("kind", flat=True))
    for kind in REQUIRED.get(target, ()):
        if kind not in have:
            out.append(Blocker("document", _("缺少材料：%(doc)s") % {"doc": DocKind(kind).label}))
    for o in project.objections.filter(resolved_at__isnull=True).select_related("department"):
        out.append(Blocker("objection", _("%(dept)s 的异议未处理") % {"dept": o.department.name}))
    if target == Stage.CONSTRUCTION:
        generals = list(project.contracts.filter(general=True).select_related("wage_account", "wage_security"))
        if not generals:
            out.append(Blocker("contract", _("没有施工总承包合同")))
        for c in generals:
            if not hasattr(c, "wage_account"):
                out.append(Blocker("wage_account", _("合同 %(code)s 未开设农民工工资专用账户") % {"code": c.code}))
            if not hasattr(c, "wage_security"):
                out.append(Blocker("wage_security", _("合同 %(code)s 未存储工资保证金、未提交银行保函或免缴认定")
                                   % {"code": c.code}))
    return out
