"""The conduct snapshots rules read (registries taken from the database at each screening run). Findings carry
no names: rules need the dates, the unit and the category only."""

from qingfeng.records.contract import Column, Dataset, register


def _ts(name, zh, en, required=False):
    return Column(name, "timestamp", zh, en, required=required)


FINDINGS = register(Dataset(
    name="conduct_findings", zh="作风检查发现问题", en="Conduct inspection findings", kind="registry",
    key=("finding_no",), builder="qingfeng.conduct.snapshots.findings",
    columns=(
        Column("finding_no", "string", "问题编号", "Finding number"),
        Column("department_code", "string", "责任单位编码", "Department code"),
        Column("category", "string", "问题类别", "Category"),
        Column("status", "string", "状态", "Status"),
        _ts("found_at", "发现时间", "Found at", True),
        _ts("rectify_due_at", "整改期限", "Rectification due", True),
        _ts("rectified_at", "整改报告时间", "Rectified at"),
        _ts("rechecked_at", "复查时间", "Re-checked at"),
        _ts("as_of", "快照时间", "Snapshot time", True),
    ),
))

SPOT_CHECKS = register(Dataset(
    name="conduct_spot_checks", zh="办件抽查", en="Approval case spot checks", kind="registry",
    key=("check_id",), builder="qingfeng.conduct.snapshots.spot_checks",
    columns=(
        Column("check_id", "integer", "抽查编号", "Spot check id"),
        Column("case_no", "string", "办件编号", "Case number"),
        Column("department_code", "string", "办理部门编码", "Department code"),
        Column("recorded_received_on", "date", "系统记录收件日", "Recorded received on"),
        Column("actual_received_on", "date", "实际递交日", "Actually handed in on"),
        Column("recorded_decided_on", "date", "系统记录办结日", "Recorded decided on", required=False),
        Column("actual_decided_on", "date", "实际取得结果日", "Actually decided on", required=False),
    ),
))
