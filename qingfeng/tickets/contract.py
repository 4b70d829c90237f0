"""The ticket snapshot rules read (a registry: taken from the database at each screening run).

Tip-offs are not in it: they are sealed, and an alert about one would reach the department it names."""

from qingfeng.records.contract import Column, Dataset, register


def _ts(name, zh, en, required=False):
    return Column(name, "timestamp", zh, en, required=required)


TICKETS = register(Dataset(
    name="tickets", zh="诉求工单", en="Citizen tickets", kind="registry", key=("ticket_no",),
    builder="qingfeng.tickets.snapshots.tickets",
    columns=(
        Column("ticket_no", "string", "工单编号", "Ticket number"),
        Column("department_code", "string", "承办部门编码", "Department code", required=False),
        Column("service_code", "string", "类别编码", "Service code"),
        Column("tier", "string", "时限档次", "Time-limit rung"),
        Column("status", "string", "状态", "Status"),
        _ts("received_at", "受理时间", "Received at", True),
        _ts("dispatched_at", "派单时间", "Dispatched at"),
        _ts("sign_due_at", "签收期限", "Sign-for due"),
        _ts("signed_at", "签收时间", "Signed at"),
        _ts("due_at", "办理期限", "Due at"),
        _ts("replied_at", "答复时间", "Replied at"),
        _ts("closed_at", "办结时间", "Closed at"),
        Column("bounce_count", "integer", "退单次数", "Bounces"),
        Column("satisfaction", "integer", "满意度", "Satisfaction (1–5)", required=False),
        Column("exempt", "integer", "不计满意度", "Exempt from satisfaction"),
        _ts("bad_follow_up_due_at", "差评回访期限", "Bad rating: follow-up due"),
        _ts("bad_followed_up_at", "差评回访时间", "Bad rating: followed up at"),
        _ts("bad_rectify_due_at", "差评整改期限", "Bad rating: rectification due"),
        _ts("bad_rectified_at", "差评整改时间", "Bad rating: rectified at"),
        Column("repeat_of_no", "string", "重复件原工单", "Repeat of (ticket number)", required=False),
        _ts("as_of", "快照时间", "Snapshot time", True),
    ),
))
