"""The 督办 snapshots rules read (registries taken from the database at each screening run)."""

from qingfeng.records.contract import Column, Dataset, register


def _ts(name, zh, en, required=False):
    return Column(name, "timestamp", zh, en, required=required)


ASSIGNMENTS = register(Dataset(
    name="oversight_assignments", zh="督办承办任务", en="Oversight assignments", kind="registry",
    key=("assignment_key",), builder="qingfeng.oversight.snapshots.assignments",
    columns=(
        Column("assignment_key", "string", "任务键（事项编号|部门编码）", "Assignment key"),
        Column("task_no", "string", "事项编号", "Task number"),
        Column("department_code", "string", "承办部门编码", "Department code"),
        Column("home_code", "string", "督办机构编码", "Supervising office code"),
        Column("status", "string", "状态", "Status"),
        _ts("assigned_at", "交办时间", "Assigned at", True),
        _ts("sign_due_at", "签收期限", "Sign-for due", True),
        _ts("signed_at", "签收时间", "Signed at"),
        _ts("first_opened_at", "首次查看", "First opened at"),
        _ts("due_at", "完成时限", "Due at", True),
        _ts("done_at", "销号时间", "Signed off at"),
        _ts("last_update_at", "最近更新", "Last update", True),
        _ts("step_since", "进入当前环节", "In the current step since", True),
        Column("step_holder", "string", "当前环节经办", "Holder of the current step", required=False),
        _ts("as_of", "快照时间", "Snapshot time", True),
    ),
))

REPORTS = register(Dataset(
    name="oversight_reports", zh="督办进展报告", en="Oversight reports", kind="registry",
    key=("report_id",), builder="qingfeng.oversight.snapshots.reports",
    columns=(
        Column("report_id", "integer", "报告编号", "Report id"),
        Column("assignment_key", "string", "任务键", "Assignment key"),
        Column("department_code", "string", "承办部门编码", "Department code"),
        _ts("reported_at", "报告时间", "Reported at", True),
        Column("final", "integer", "是否报告完成（节点或办结）", "Claims a milestone or completion"),
        Column("evidence_count", "integer", "佐证材料数", "Evidence files"),
        Column("text_hash", "string", "正文哈希", "Text hash"),
    ),
))
