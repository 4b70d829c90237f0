"""The inspection results rules read: when each was checked, its publication deadline and when it was published."""

from qingfeng.records.contract import Column, Dataset, register

RESULTS = register(Dataset(
    name="inspection_results", zh="双随机抽查结果", en="Random inspection results", kind="registry",
    key=("result_key",), builder="qingfeng.inspections.snapshots.results",
    columns=(
        Column("result_key", "string", "结果键（批次|对象）", "Result key (draw|target)"),
        Column("draw_no", "string", "抽取批次", "Draw number"),
        Column("department_code", "string", "实施部门编码", "Department code"),
        Column("target_key", "string", "检查对象统一社会信用代码", "Target credit code"),
        Column("checked_on", "date", "检查日期", "Checked on"),
        Column("publish_due_at", "timestamp", "公示期限", "Publication due"),
        Column("published_at", "timestamp", "公示时间", "Published at", required=False),
        Column("as_of", "timestamp", "快照时间", "Snapshot time"),
    ),
))
