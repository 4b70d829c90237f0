"""What rules read about accountability: the HR system's appointment notices (a record dataset, imported like
any other) and snapshots of the case tables kept here (registries, taken at each screening run)."""

from qingfeng.records.contract import Column, Dataset, register


def _c(name, type_, zh, en, required=True, **kw):
    return Column(name, type_, zh, en, required=required, **kw)


APPOINTMENTS = register(Dataset(
    name="hr_appointments", zh="任职通知（组织人事系统）", en="Appointment notices (HR system)", key=("appointment_id",),
    columns=(
        _c("appointment_id", "string", "任免记录编号", "Appointment record id", aliases=("编号", "记录编号")),
        _c("department_code", "string", "任职单位编码", "Department code", aliases=("单位编码", "部门编码")),
        _c("staff_no", "string", "人员编号", "Staff number", aliases=("工号",)),
        _c("post", "string", "任职职务", "Post", aliases=("职务",)),
        _c("notice_no", "string", "任职通知文号", "Notice number", required=False, aliases=("文号",)),
        _c("notice_on", "date", "任职通知日期", "Notice date", aliases=("通知日期", "任职日期")),
    ),
))

OFFICIALS = register(Dataset(
    name="accountability_officials", zh="领导干部（廉政档案对象）", en="Leading officials", kind="registry",
    key=("staff_no",), builder="qingfeng.accountability.snapshots.officials",
    columns=(
        _c("staff_no", "string", "人员编号", "Staff number"),
        _c("department_code", "string", "单位编码", "Department code"),
        _c("is_principal", "integer", "单位主要负责人", "Principal head of the department"),
        _c("as_of", "timestamp", "快照时间", "Snapshot time"),
    ),
))

CAMPAIGNS = register(Dataset(
    name="accountability_campaigns", zh="年度签订与谈话安排", en="Yearly signing campaigns", kind="registry",
    key=("year",), builder="qingfeng.accountability.snapshots.campaigns",
    columns=(
        _c("year", "integer", "年度", "Year"),
        _c("sign_due_on", "date", "签订期限", "Letters and pledges due"),
        _c("closes_on", "date", "年度谈话与学法截止日", "Talks and study reviewed on"),
        _c("as_of", "timestamp", "快照时间", "Snapshot time"),
    ),
))

PLEDGES = register(Dataset(
    name="accountability_pledges", zh="责任书与承诺书", en="Responsibility letters and integrity pledges",
    kind="registry", key=("pledge_id",), builder="qingfeng.accountability.snapshots.pledges",
    columns=(
        _c("pledge_id", "integer", "编号", "Id"),
        _c("staff_no", "string", "签订人编号", "Staff number"),
        _c("department_code", "string", "单位编码", "Department code"),
        _c("kind", "string", "类型（letter 责任书 / pledge 承诺书）", "Kind"),
        _c("year", "integer", "年度", "Year"),
        _c("signed_on", "date", "签订日期", "Signed on"),
    ),
))

TALKS = register(Dataset(
    name="accountability_talks", zh="廉政谈话", en="Integrity talks", kind="registry", key=("talk_no",),
    builder="qingfeng.accountability.snapshots.talks",
    columns=(
        _c("talk_no", "string", "谈话编号", "Talk number"),
        _c("kind", "string", "类型（appointment/annual/reminder/admonishment）", "Kind"),
        _c("leader_staff_no", "string", "谈话人编号", "Leader's staff number"),
        _c("department_code", "string", "组织单位编码", "Department code"),
        _c("held_on", "date", "谈话日期", "Held on"),
        _c("follow_up_due", "date", "回访期限", "Follow-up due", required=False),
        _c("followed_up_on", "date", "回访日期", "Followed up on", required=False),
        _c("as_of", "timestamp", "快照时间", "Snapshot time"),
    ),
))

TALK_PARTICIPANTS = register(Dataset(
    name="accountability_talk_participants", zh="谈话对象", en="Talk participants", kind="registry",
    key=("talk_no", "staff_no"), builder="qingfeng.accountability.snapshots.talk_participants",
    columns=(
        _c("talk_no", "string", "谈话编号", "Talk number"),
        _c("staff_no", "string", "谈话对象编号", "Participant's staff number"),
        _c("department_code", "string", "谈话对象单位编码", "Participant's department"),
    ),
))

STUDY = register(Dataset(
    name="accountability_study", zh="学法记录", en="Legal study attendance and exams", kind="registry",
    key=("session_no", "staff_no"), builder="qingfeng.accountability.snapshots.study",
    columns=(
        _c("session_no", "string", "活动编号", "Session number"),
        _c("staff_no", "string", "人员编号", "Staff number"),
        _c("kind", "string", "类型（lecture/pre_meeting/exam）", "Kind"),
        _c("held_on", "date", "日期", "Held on"),
        _c("score", "decimal", "考试成绩", "Exam score", required=False),
    ),
))
