"""The approval datasets in the data contract.

- ``approval_events_external`` (record): case events from other approval systems, imported into the
  warehouse by the records importer (file upload, ``qingfeng import``, or ``POST /approvals/api/events``).
- ``approval_events`` (registry): THE view of case events the rules read — the events of cases handled
  here and the imported ones, in one table with one set of columns; ``approval_event_materials`` lists
  the materials each event names, one row per material.
- ``approval_clocks`` and ``approval_steps`` (registry): every case's clock rebuilt from those events by
  ``clocks.ClockMaker`` (the deadline service) as of the snapshot time, so a case from another system is
  timed exactly like one handled here.
- ``power_items`` and ``power_list_entries`` (registry): the published power list with validity dates.
"""

from qingfeng.core.deadlines import SuspensionReason
from qingfeng.records.contract import Column, Dataset, register

from .models import CaseStatus, CaseType, Decision, EventType, PowerType

BUILDERS = "qingfeng.approvals.snapshots"


def _enum(name, zh, en, choices, **kw) -> Column:
    labels = {str(label): value for value, label in choices.choices} | {v: v for v in choices.values}
    return Column(name, "enum", zh, en, values=tuple(choices.values), labels=labels, **kw)


EVENT_COLUMNS = (
    Column("event_id", "string", "事件编号", "Event id", aliases=("事件ID", "流水号")),
    Column("source", "string", "来源系统", "Source system", aliases=("系统", "来源")),
    Column("case_id", "string", "办件编号", "Case id", aliases=("办件号", "申办流水号")),
    Column("item_code", "string", "事项编码", "Item code", aliases=("权力编码", "事项代码")),
    Column("department_code", "string", "办理部门编码", "Department code", aliases=("部门编码", "单位编码")),
    _enum("event_type", "事件类型", "Event type", EventType, aliases=("环节类型", "动作")),
    Column("step", "string", "环节", "Step", required=False, aliases=("环节编码",)),
    Column("occurred_at", "timestamp", "发生时间", "Occurred at", aliases=("办理时间", "时间")),
    Column("recorded_at", "timestamp", "录入时间", "Recorded at", aliases=("入库时间", "采集时间")),
    Column("staff_no", "string", "经办人工号", "Staff number", required=False, aliases=("工号", "经办人")),
    _enum("decision", "决定", "Decision", Decision, required=False, aliases=("审批结果",)),
    Column("reason", "string", "理由或告知内容", "Reason or notice", required=False, aliases=("理由", "说明")),
    Column("remedy", "string", "救济途径", "Remedies", required=False, aliases=("复议诉讼告知",)),
    _enum("reason_code", "特别程序类型", "Suspension kind", SuspensionReason, required=False, aliases=("特别程序",)),
    Column("days", "integer", "延长天数", "Extension days", required=False, aliases=("延期天数",)),
    Column("materials", "string", "材料编码", "Material codes", required=False, aliases=("材料", "补正材料")),
    Column("fee_code", "string", "收费项目编码", "Fee code", required=False, aliases=("收费编码",)),
    Column("amount", "decimal", "收费金额", "Fee amount", required=False, aliases=("金额",)),
    Column("intermediary_code", "string", "中介服务编码", "Intermediary service code", required=False, aliases=("中介服务",)),
    Column("intermediary_org", "string", "中介机构", "Intermediary firm", required=False, aliases=("中介机构名称",)),
)

EXTERNAL = register(Dataset(
    name="approval_events_external", zh="外部审批系统办件事件", en="Approval case events from other systems",
    key=("event_id",), columns=EVENT_COLUMNS,
))

EVENTS = register(Dataset(
    name="approval_events", zh="审批办件事件", en="Approval case events", kind="registry", key=("event_id",),
    columns=EVENT_COLUMNS, builder=f"{BUILDERS}.events",
))

EVENT_MATERIALS = register(Dataset(
    name="approval_event_materials", zh="办件事件所列材料", en="Materials named by case events", kind="registry",
    key=("event_id", "code"), builder=f"{BUILDERS}.event_materials",
    columns=(
        Column("event_id", "string", "事件编号", "Event id"),
        Column("case_id", "string", "办件编号", "Case id"),
        Column("item_code", "string", "事项编码", "Item code"),
        Column("department_code", "string", "办理部门编码", "Department code"),
        _enum("event_type", "事件类型", "Event type", EventType),
        Column("occurred_at", "timestamp", "发生时间", "Occurred at"),
        Column("code", "string", "材料编码", "Material code"),
    ),
))


def _t(name, zh, en, required=False):
    return Column(name, "timestamp", zh, en, required=required)


CLOCKS = register(Dataset(
    name="approval_clocks", zh="审批办件时钟", en="Approval case clocks", kind="registry", key=("case_id",),
    builder=f"{BUILDERS}.clocks",
    columns=(
        Column("case_id", "string", "办件编号", "Case id"),
        Column("source", "string", "来源系统", "Source system"),
        Column("item_code", "string", "事项编码", "Item code"),
        Column("item_known", "integer", "事项在清单中", "Item on the power list"),
        Column("department_code", "string", "办理部门编码", "Department code"),
        _enum("case_type", "办件类型", "Case type", CaseType, required=False),
        _enum("status", "办件状态", "Case status", CaseStatus),
        _t("applied_at", "收件时间", "Received at"),
        _t("notice_at", "一次性告知时间", "Notice of missing materials at"),
        Column("notices", "integer", "补正告知次数", "Notices of missing materials"),
        _t("notice_due_at", "告知期限", "Notice due at"),
        _t("accepted_at", "受理时间", "Accepted at"),
        Column("deemed_accepted", "integer", "视为受理", "Deemed accepted"),
        _t("not_accepted_at", "不予受理时间", "Not accepted at"),
        _t("start_at", "计时起点", "Clock started at"),
        _t("due_at", "承诺期限", "Committed deadline"),
        _t("statutory_due_at", "法定期限", "Statutory deadline"),
        Column("provisional", "integer", "期限暂定", "Provisional deadline"),
        Column("suspended", "integer", "特别程序中", "Suspended"),
        Column("suspensions", "integer", "特别程序次数", "Suspensions"),
        Column("extension_days", "integer", "延长天数", "Days of extension granted"),
        Column("late_extensions", "integer", "逾期后申请延期次数", "Extensions asked after expiry"),
        _t("prompt_at", "提示起点", "Prompt from"),
        _t("yellow_at", "黄牌起点", "Yellow card from"),
        _t("forwarded_at", "报送上级时间", "Forwarded at"),
        _t("forward_due_at", "初审报送期限", "Preliminary review due at"),
        _t("decided_at", "决定时间", "Decided at"),
        _enum("decision", "决定", "Decision", Decision, required=False),
        _t("delivered_at", "送达时间", "Delivered at"),
        _t("delivery_due_at", "送达期限", "Delivery due at"),
        _t("withdrawn_at", "撤回时间", "Withdrawn at"),
        Column("committed_days", "integer", "承诺时限（工作日）", "Committed limit (working days)", required=False),
        Column("statutory_days", "integer", "法定时限（工作日）", "Statutory limit (working days)", required=False),
        Column("used_workdays", "integer", "实际用时（工作日）", "Working days used", required=False),
        Column("handler_staff_no", "string", "承办人工号", "Handler staff number", required=False),
        Column("approver_staff_no", "string", "审批人工号", "Approver staff number", required=False),
        _t("as_of", "时钟时点", "Clock as of", required=True),
    ),
))

STEPS = register(Dataset(
    name="approval_steps", zh="审批环节时钟", en="Approval step clocks", kind="registry", key=("step_key",),
    builder=f"{BUILDERS}.steps",
    columns=(
        Column("step_key", "string", "环节键", "Step key"),
        Column("case_id", "string", "办件编号", "Case id"),
        Column("source", "string", "来源系统", "Source system"),
        Column("item_code", "string", "事项编码", "Item code"),
        Column("department_code", "string", "办理部门编码", "Department code"),
        Column("step", "string", "环节", "Step"),
        Column("step_name", "string", "环节名称", "Step name"),
        Column("budget_days", "integer", "环节时限（工作日）", "Step limit (working days)"),
        _t("started_at", "环节开始", "Step started", required=True),
        _t("finished_at", "环节办结", "Step finished"),
        _t("due_at", "环节期限", "Step deadline"),
        Column("handler_staff_no", "string", "承办人工号", "Handler staff number", required=False),
        _t("as_of", "时钟时点", "Clock as of", required=True),
    ),
))

POWER_ITEMS = register(Dataset(
    name="power_items", zh="权力清单事项", en="Power list items", kind="registry", key=("version_key",),
    builder=f"{BUILDERS}.power_items",
    columns=(
        Column("version_key", "string", "版本键", "Version key"),
        Column("item_code", "string", "事项编码", "Item code"),
        Column("version", "integer", "版本", "Version"),
        Column("name", "string", "事项名称", "Name"),
        Column("department_code", "string", "实施部门编码", "Department code"),
        _enum("power_type", "权力类型", "Power type", PowerType),
        _enum("case_type", "办件类型", "Case type", CaseType),
        Column("statutory_days", "integer", "法定时限", "Statutory limit"),
        Column("committed_days", "integer", "承诺时限", "Committed limit"),
        Column("flags", "string", "提示", "Flags", required=False),
        Column("effective_from", "timestamp", "生效时间", "Effective from"),
        Column("effective_to", "timestamp", "失效时间", "Effective to", required=False),
    ),
))

POWER_ENTRIES = register(Dataset(
    name="power_list_entries", zh="权力清单所列材料、收费与中介服务", en="Materials, fees and intermediary services of the power list",
    kind="registry", key=("entry_key",), builder=f"{BUILDERS}.power_list_entries",
    columns=(
        Column("entry_key", "string", "条目键", "Entry key"),
        Column("item_code", "string", "事项编码", "Item code"),
        Column("version", "integer", "版本", "Version"),
        Column("kind", "string", "类别", "Kind"),  # material | fee | intermediary | step
        Column("code", "string", "编码", "Code"),
        Column("name", "string", "名称", "Name"),
        Column("amount", "decimal", "收费标准", "Fee standard", required=False),
        Column("effective_from", "timestamp", "生效时间", "Effective from"),
        Column("effective_to", "timestamp", "失效时间", "Effective to", required=False),
    ),
))

DATASETS = (EXTERNAL, EVENTS, EVENT_MATERIALS, CLOCKS, STEPS, POWER_ITEMS, POWER_ENTRIES)
