"""The disclosure snapshots rules read: requests with their clocks, and budget publications with theirs.
No applicant data: the number, the department and the times are all a rule needs."""

from qingfeng.records.contract import Column, Dataset, register


def _ts(name, zh, en, required=False):
    return Column(name, "timestamp", zh, en, required=required)


REQUESTS = register(Dataset(
    name="disclosure_requests", zh="政府信息公开申请", en="Disclosure requests", kind="registry",
    key=("request_no",), builder="qingfeng.disclosure.snapshots.requests",
    columns=(
        Column("request_no", "string", "申请编号", "Request number"),
        Column("department_code", "string", "受理机关编码", "Department code"),
        Column("status", "string", "状态", "Status"),
        _ts("received_at", "收到申请时间", "Received at", True),
        _ts("correction_due_at", "补正告知期限", "Correction notice due", True),
        _ts("correction_asked_at", "告知补正时间", "Correction asked at"),
        _ts("third_party_due_at", "第三方答复期限", "Third-party reply due"),
        _ts("due_at", "答复期限", "Answer due"),
        _ts("answered_at", "答复时间", "Answered at"),
        Column("decision", "string", "答复类型", "Decision", required=False),
        _ts("as_of", "快照时间", "Snapshot time", True),
    ),
))

BUDGETS = register(Dataset(
    name="budget_disclosures", zh="预决算公开", en="Budget and final-accounts publications", kind="registry",
    key=("disclosure_key",), builder="qingfeng.disclosure.snapshots.budget_disclosures",
    columns=(
        Column("disclosure_key", "string", "编号（部门编码|年度|类别）", "Key (department|year|kind)"),
        Column("department_code", "string", "部门编码", "Department code"),
        Column("year", "integer", "年度", "Year"),
        Column("kind", "string", "类别（budget 预算 / final 决算）", "Kind"),
        Column("approved_on", "date", "批复日期", "Approved on"),
        _ts("publish_due_at", "公开期限", "Publication due", True),
        _ts("published_at", "公开时间", "Published at"),
        _ts("as_of", "快照时间", "Snapshot time", True),
    ),
))
