"""The decision tables rules read: each body's major-matter catalogue, the decisions (with how they were
taken) and the contracts and payments linked to them."""

from qingfeng.records.contract import Column, Dataset, register

CATALOGUE = register(Dataset(
    name="decision_catalogue", zh="重大事项目录与金额标准", en="Major-matter catalogue", kind="registry",
    key=("department_code", "effective_from"), builder="qingfeng.decisions.snapshots.catalogue",
    columns=(
        Column("department_code", "string", "决策单位编码", "Department code"),
        Column("threshold", "decimal", "重大事项金额标准（元）", "Major-matter amount (yuan)"),
        Column("effective_from", "date", "生效日期", "Effective from"),
    ),
))

DECISIONS = register(Dataset(
    name="decisions", zh="集体决策", en="Decisions", kind="registry", key=("decision_no",),
    builder="qingfeng.decisions.snapshots.decisions",
    columns=(
        Column("decision_no", "string", "决策编号", "Decision number"),
        Column("department_code", "string", "决策单位编码", "Department code"),
        Column("topic_no", "string", "议题编号", "Topic number"),
        Column("meeting_no", "string", "会议编号", "Meeting number", required=False),
        Column("method", "string", "决策方式（meeting / circulation）", "How it was taken"),
        Column("outcome", "string", "决定", "Outcome"),
        Column("amount", "decimal", "涉及金额（元）", "Amount", required=False),
        Column("decided_at", "timestamp", "决定时间", "Decided at"),
    ),
))

LINKS = register(Dataset(
    name="decision_links", zh="决策执行关联（合同、支付）", en="Contracts and payments carrying out decisions",
    kind="registry", key=("kind", "reference"), builder="qingfeng.decisions.snapshots.links",
    columns=(
        Column("kind", "string", "类型（contract / payment）", "Kind"),
        Column("reference", "string", "合同编号或支付凭证号", "Contract or payment id"),
        Column("decision_no", "string", "决策编号", "Decision number"),
        Column("department_code", "string", "决策单位编码", "Department code"),
    ),
))
