"""The stages of a government investment project (政府投资条例, 国务院令第712号) and what each gate asks for.

A gate is the passage into a stage. It opens when the documents listed here are recorded, every open
objection is resolved, and — for 建设实施 — every general contract has its wage account and its deposit,
bank guarantee or exemption (保障农民工工资支付条例 §23, §26; 人社部发〔2021〕65号).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    SITE = "site", _("规划选址")
    DECISION = "decision", _("投资决策")
    PLAN = "plan", _("计划审批")
    FUNDING = "funding", _("资金使用")
    CONSTRUCTION = "construction", _("建设实施")
    COMPLETION = "completion", _("竣工验收")
    HANDOVER = "handover", _("资产移交")
    AUDIT = "audit", _("稽查监督")


ORDER = list(Stage.values)


class DocKind(models.TextChoices):
    PROPOSAL = "proposal", _("项目建议书批复")
    SITE_OPINION = "site_opinion", _("建设项目用地预审与选址意见书")
    FEASIBILITY = "feasibility", _("可行性研究报告批复")
    COLLECTIVE = "collective", _("“三重一大”集体决策纪要")
    ESTIMATE = "estimate", _("初步设计及概算批复")
    PLAN = "plan", _("年度投资计划下达文件")
    FUNDS = "funds", _("建设资金落实证明")
    CONTRACT = "contract", _("施工合同备案")
    PERMIT = "permit", _("施工许可证")
    QUALITY = "quality", _("工程质量监督报告")
    ACCEPTANCE = "acceptance", _("竣工验收备案")
    FINAL_ACCOUNTS = "final_accounts", _("竣工财务决算批复")
    HANDOVER = "handover", _("资产移交清单")


# Documents the gate into each stage needs (the first stage is entered when the project is registered).
REQUIRED = {
    Stage.DECISION: (DocKind.PROPOSAL, DocKind.SITE_OPINION),
    Stage.PLAN: (DocKind.FEASIBILITY, DocKind.COLLECTIVE),
    Stage.FUNDING: (DocKind.ESTIMATE, DocKind.PLAN),
    Stage.CONSTRUCTION: (DocKind.FUNDS, DocKind.CONTRACT, DocKind.PERMIT),
    Stage.COMPLETION: (DocKind.QUALITY,),
    Stage.HANDOVER: (DocKind.ACCEPTANCE,),
    Stage.AUDIT: (DocKind.FINAL_ACCOUNTS, DocKind.HANDOVER),
}


def next_stage(stage: str) -> str | None:
    i = ORDER.index(stage)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None
