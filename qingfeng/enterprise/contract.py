"""The enterprise-service snapshots rules read (registries taken from the database at each screening run).
No personal data: leaders appear by staff number only, enterprises by credit code."""

from qingfeng.records.contract import Column, Dataset, register

MILESTONES = register(Dataset(
    name="enterprise_milestones", zh="项目服务节点", en="Project service milestones", kind="registry",
    key=("milestone_key",), builder="qingfeng.enterprise.snapshots.milestones",
    columns=(
        Column("milestone_key", "string", "节点键（项目编号|阶段|序号）", "Milestone key"),
        Column("project_no", "string", "项目编号", "Project number"),
        Column("stage", "string", "阶段", "Stage"),
        Column("department_code", "string", "责任部门编码", "Holding department code"),
        Column("approval_case_no", "string", "审批办件编号", "Approval case number", required=False),
        Column("started_on", "date", "开始日期", "Started on"),
        Column("reached_on", "date", "完成日期", "Reached on", required=False),
        Column("as_of", "date", "快照日期", "Snapshot date"),
    ),
))

REQUESTS = register(Dataset(
    name="enterprise_requests", zh="企业诉求", en="Enterprise requests", kind="registry",
    key=("ticket_no",), builder="qingfeng.enterprise.snapshots.requests",
    columns=(
        Column("ticket_no", "string", "工单编号", "Ticket number"),
        Column("credit_code", "string", "企业信用代码", "Enterprise credit code"),
        Column("category", "string", "类别", "Category"),
        Column("department_code", "string", "承办部门编码", "Department code"),
        Column("received_at", "timestamp", "提出时间", "Raised at"),
    ),
))

PAIRINGS = register(Dataset(
    name="enterprise_pairings", zh="包联关系", en="Leader pairings", kind="registry",
    key=("pairing_id",), builder="qingfeng.enterprise.snapshots.pairings",
    columns=(
        Column("pairing_id", "integer", "包联编号", "Pairing id"),
        Column("leader_staff_no", "string", "包联领导工号", "Leader's staff number"),
        Column("department_code", "string", "包联部门编码", "Paired department code"),
        Column("credit_code", "string", "企业信用代码", "Enterprise credit code"),
        Column("since", "date", "包联起始", "Paired since"),
        Column("last_visit_on", "date", "最近走访", "Last visit", required=False),
        Column("as_of", "date", "快照日期", "Snapshot date"),
    ),
))
