"""The people datasets of the data contract.

Records (files from source systems, stored in the warehouse): payroll, attendance (check-ins and later
presence checks), leave, life-event notices (death, retirement, leaving) and receptions. Registries
(snapshots of this app's tables, taken at the start of every screening run): the staff roster, oversight
(分管), company roles linked to officials or declared relatives, the counterparties of each department
(a union over every source that names one, see ``counterparties.py``) and the reception standards.

ID-card numbers never enter the warehouse: a file is imported through ``people.imports``, which validates
the number (GB 11643), keeps only the keyed hash and the mask, and hands the rest to the records importer.
"""

from qingfeng.records.contract import Column, Dataset, _enum, register

ATTENDANCE_KIND = {"check_in": "签到", "presence": "在岗核验"}
LIFE_EVENT_KIND = {"death": "死亡", "retirement": "退休", "departure": "离职"}
STAFF_STATUS = ("active", "retired", "deceased", "left")

PAYROLL = register(Dataset(
    name="payroll", zh="工资发放", en="Payroll", key=("payroll_id",),
    columns=(
        Column("payroll_id", "string", "工资明细编号", "Payroll line id", aliases=("明细编号", "流水号")),
        Column("department_code", "string", "发放单位编码", "Paying department", aliases=("单位编码", "部门编码")),
        Column("pay_month", "date", "工资所属月份", "Pay month (any day of it)", aliases=("所属期", "月份")),
        Column("staff_no", "string", "工资系统人员编号", "Payroll staff number", aliases=("人员编号", "工号")),
        Column("name", "string", "姓名", "Name", pii=True),
        Column("id_hash", "string", "身份证号（密钥散列）", "ID number (keyed hash)", required=False, pii=True),
        Column("id_masked", "string", "身份证号（脱敏）", "ID number (masked)", required=False, pii=True),
        Column("amount", "decimal", "实发金额", "Net pay", aliases=("实发工资", "金额")),
        Column("paid_on", "date", "发放日期", "Paid on", required=False, aliases=("发放时间",)),
    ),
))

ATTENDANCE = register(Dataset(
    name="attendance", zh="考勤与在岗核验", en="Attendance and presence checks", key=("event_id",),
    columns=(
        Column("event_id", "string", "记录编号", "Event id"),
        Column("department_code", "string", "单位编码", "Department code", aliases=("部门编码",)),
        Column("staff_no", "string", "人员编号", "Staff number", aliases=("工号",)),
        Column("occurred_at", "timestamp", "时间", "At", aliases=("打卡时间", "核验时间")),
        _enum("kind", "类型", "Kind", ATTENDANCE_KIND, aliases=("记录类型",)),
        Column("source", "string", "来源", "Source", required=False, aliases=("设备", "方式")),
    ),
))

LEAVE = register(Dataset(
    name="leave_records", zh="请假与公出", en="Leave and official absence", key=("leave_id",),
    columns=(
        Column("leave_id", "string", "假单编号", "Leave id", aliases=("编号",)),
        Column("department_code", "string", "单位编码", "Department code", aliases=("部门编码",)),
        Column("staff_no", "string", "人员编号", "Staff number", aliases=("工号",)),
        Column("start_on", "date", "开始日期", "Start", aliases=("起始日期",)),
        Column("end_on", "date", "结束日期", "End (inclusive)", aliases=("截止日期",)),
        Column("kind", "string", "假别", "Kind", aliases=("类型",)),
    ),
))

LIFE_EVENTS = register(Dataset(
    name="life_events", zh="死亡、退休与离职通报", en="Death, retirement and leaving notices", key=("notice_id",),
    columns=(
        Column("notice_id", "string", "通报编号", "Notice id", aliases=("编号",)),
        Column("id_hash", "string", "身份证号（密钥散列）", "ID number (keyed hash)", pii=True),
        Column("id_masked", "string", "身份证号（脱敏）", "ID number (masked)", required=False, pii=True),
        Column("name", "string", "姓名", "Name", pii=True),
        _enum("kind", "事项", "Kind", LIFE_EVENT_KIND, aliases=("类型",)),
        Column("event_on", "date", "发生日期", "Date of the event", aliases=("日期",)),
        Column("source", "string", "通报单位", "Notifying body", required=False, aliases=("来源",)),
    ),
))

RECEPTIONS = register(Dataset(
    name="receptions", zh="公务接待清单", en="Official receptions", key=("reception_id",),
    columns=(
        Column("reception_id", "string", "接待编号", "Reception id", aliases=("编号",)),
        Column("department_code", "string", "接待单位编码", "Receiving department", aliases=("单位编码",)),
        Column("held_on", "date", "接待日期", "Date", aliases=("日期",)),
        Column("guest_unit", "string", "接待对象单位", "Guest unit", aliases=("来访单位", "派出单位")),
        Column("letter_no", "string", "公函文号", "Official letter number", required=False, aliases=("公函", "函号")),
        Column("guests", "integer", "接待对象人数", "Guests", aliases=("来访人数",)),
        Column("companions", "integer", "陪餐人数", "Companions", aliases=("陪同人数",)),
        Column("locality", "string", "接待地区", "Locality", aliases=("地区",)),
        Column("venue", "string", "场所", "Venue", required=False, aliases=("接待场所",)),
        Column("meals", "integer", "餐次", "Meals", required=False),
        Column("cost", "decimal", "餐费金额", "Meal cost", aliases=("费用", "金额")),
        Column("purpose", "string", "公务活动项目", "Purpose", required=False, aliases=("事由",)),
    ),
))

register(Dataset(
    name="staff_roster", zh="编制名册", en="Staff roster", kind="registry", key=("staff_no",),
    builder="qingfeng.people.snapshots.staff_roster",
    columns=(
        Column("staff_no", "string", "工号", "Staff number"),
        Column("name", "string", "姓名", "Name", pii=True),
        Column("department_code", "string", "部门编码", "Department code"),
        Column("post", "string", "岗位", "Post", required=False),
        Column("is_leader", "integer", "领导岗位", "Leading post"),
        Column("establishment", "string", "编制类型", "Establishment", required=False),
        Column("status", "string", "状态", "Status"),
        Column("joined_on", "date", "入职日期", "Joined on", required=False),
        Column("left_on", "date", "退休、死亡或离职日期", "Left on", required=False),
        Column("id_hash", "string", "身份证号（密钥散列）", "ID number (keyed hash)", required=False, pii=True),
    ),
))
register(Dataset(
    name="oversight", zh="分管关系", en="Oversight", kind="registry", key=("staff_no", "department_code"),
    builder="qingfeng.people.snapshots.oversight",
    columns=(
        Column("staff_no", "string", "分管领导工号", "Official"),
        Column("department_code", "string", "分管部门编码", "Overseen department"),
    ),
))
register(Dataset(
    name="company_role_links", zh="企业任职与持股（已关联到公职人员）", en="Company roles linked to officials",
    kind="registry", key=("link_id",), builder="qingfeng.people.snapshots.company_role_links",
    columns=(
        Column("link_id", "string", "关联编号", "Link id"),
        Column("credit_code", "string", "统一社会信用代码", "Credit code"),
        Column("company_name", "string", "企业名称", "Company"),
        Column("role", "string", "角色", "Role"),
        Column("share", "decimal", "持股比例（%）", "Share (%)", required=False),
        Column("start_on", "date", "起", "From", required=False),
        Column("end_on", "date", "止", "Until", required=False),
        Column("staff_no", "string", "公职人员工号", "Official"),
        Column("holder_kind", "string", "持有人（本人/亲属）", "Holder: self or relative"),
        Column("relation", "string", "亲属关系", "Relation", required=False, pii=True),
        Column("link_status", "string", "关联状态", "Link status"),
        Column("score", "decimal", "匹配概率", "Match probability"),
    ),
))
register(Dataset(
    name="counterparties", zh="部门交易对象（支付、合同、投标、审批申请）", en="Department counterparties",
    kind="registry", key=("department_code", "credit_code", "source"), builder="qingfeng.people.snapshots.counterparties",
    columns=(
        Column("department_code", "string", "部门编码", "Department code"),
        Column("credit_code", "string", "统一社会信用代码", "Credit code"),
        Column("company_name", "string", "企业名称", "Company"),
        Column("source", "string", "来源（payment/contract/bid/approval）", "Source"),
        Column("records", "integer", "笔数", "Count"),
        Column("amount", "decimal", "金额", "Amount", required=False),
        Column("first_on", "date", "最早", "First"),
        Column("last_on", "date", "最近", "Last"),
        Column("reference_ids", "string", "记录编号", "Record ids", required=False),
    ),
))
register(Dataset(
    name="reception_standards", zh="公务接待标准", en="Reception standards", kind="registry",
    key=("locality", "effective_from"), builder="qingfeng.people.snapshots.reception_standards",
    columns=(
        Column("locality", "string", "地区", "Locality"),
        Column("per_head_limit", "decimal", "人均标准（元/人·餐）", "Per-head limit"),
        Column("effective_from", "date", "生效日期", "Effective from"),
        Column("effective_to", "date", "失效日期", "Effective until", required=False),
    ),
))
