"""The project and wage datasets of the data contract.

Registries (snapshots of this app's tables at each screening run): projects with their estimate,
investment and key dates, and contracts with their wage account and deposit. Records (files from the
wage-monitoring platform and the banks, imported through the ordinary importers): labour-cost transfers
into the wage accounts, site attendance per worker and month (实名制考勤), payroll lines paid from the wage
accounts, and leavers with their settlement. Workers are identified by their real-name registration
number (实名制编号), never by ID-card number.
"""

from qingfeng.records.contract import Column, Dataset, register


def _date(name, zh, en, required=False, **kw):
    return Column(name, "date", zh, en, required=required, **kw)


def _money(name, zh, en, required=True, **kw):
    return Column(name, "decimal", zh, en, required=required, **kw)


PROJECTS = register(Dataset(
    name="projects", zh="政府投资项目", en="Government investment projects", kind="registry",
    key=("project_code",), builder="qingfeng.projects.snapshots.projects",
    columns=(
        Column("project_code", "string", "项目编号", "Project code"),
        Column("name", "string", "项目名称", "Name"),
        Column("department_code", "string", "项目单位编码", "Owner department"),
        Column("stage", "string", "当前阶段", "Stage"),
        Column("budget_line", "string", "预算项目编码", "Budget line", required=False),
        _money("estimate", "核定概算", "Approved estimate", required=False),
        _money("adjusted_estimate", "调整后概算", "Re-approved estimate", required=False),
        _money("investment", "累计完成投资", "Investment so far"),
        _date("funds_on", "建设资金落实日期", "Funds secured on"),
        _date("started_on", "进入建设实施日期", "Construction gate passed on"),
        _date("accepted_on", "竣工验收日期", "Completion accepted on"),
        _date("final_accounts_on", "竣工财务决算批复日期", "Final accounts approved on"),
        _date("as_of", "快照日期", "Snapshot date", required=True),
    ),
))

CONTRACTS = register(Dataset(
    name="project_contracts", zh="项目合同与工资保障", en="Project contracts and wage safeguards", kind="registry",
    key=("contract_code",), builder="qingfeng.projects.snapshots.contracts",
    columns=(
        Column("contract_code", "string", "合同编号", "Contract code"),
        Column("project_code", "string", "项目编号", "Project code"),
        Column("department_code", "string", "项目单位编码", "Owner department"),
        Column("contractor", "string", "承包单位", "Contractor"),
        _money("value", "合同金额", "Contract value"),
        _date("signed_on", "签订日期", "Signed on", required=True),
        Column("general", "integer", "施工总承包", "General contract"),
        Column("advance_funding", "integer", "约定垫资", "Contractor advances funds"),
        Column("wage_account_no", "string", "工资专户账号", "Wage account", required=False),
        _date("wage_account_opened_on", "专户开户日期", "Wage account opened on"),
        Column("security_kind", "string", "保证金方式", "Deposit kind (deposit/guarantee/exempt)", required=False),
        Column("security_rate_bp", "integer", "存储比例（万分之）", "Deposit rate (basis points)", required=False),
        _money("security_amount", "保证金或保函金额", "Deposit or guarantee amount", required=False),
        _date("security_lodged_on", "存储或开具日期", "Deposit lodged on"),
        Column("exemption", "string", "免缴情形", "Exemption ground", required=False),
    ),
))

WAGE_TRANSFERS = register(Dataset(
    name="wage_transfers", zh="人工费用拨付", en="Labour-cost transfers into wage accounts", key=("transfer_id",),
    columns=(
        Column("transfer_id", "string", "流水号", "Transfer id", aliases=("拨付编号", "交易流水号")),
        Column("project_code", "string", "项目编号", "Project code"),
        Column("department_code", "string", "建设单位编码", "Owner department", aliases=("部门编码",)),
        Column("contract_code", "string", "合同编号", "Contract code"),
        Column("account_no", "string", "工资专户账号", "Wage account", aliases=("专户账号",)),
        _date("paid_on", "拨付日期", "Paid on", required=True, aliases=("到账日期",)),
        _money("amount", "拨付金额", "Amount", aliases=("金额",)),
    ),
))

SITE_ATTENDANCE = register(Dataset(
    name="site_attendance", zh="实名制考勤（按月）", en="Site attendance per worker and month", key=("attendance_id",),
    columns=(
        Column("attendance_id", "string", "记录编号", "Record id", aliases=("编号",)),
        Column("project_code", "string", "项目编号", "Project code"),
        Column("department_code", "string", "建设单位编码", "Owner department", aliases=("部门编码",)),
        Column("contract_code", "string", "合同编号", "Contract code"),
        Column("worker_no", "string", "实名制编号", "Worker registration number", aliases=("工人编号",)),
        _date("work_month", "考勤月份", "Month (any day of it)", required=True, aliases=("月份",)),
        Column("days", "integer", "出勤天数", "Days attended", aliases=("出勤天数",)),
    ),
))

WAGE_PAYROLL = register(Dataset(
    name="wage_payroll", zh="农民工工资发放", en="Migrant-worker payroll", key=("line_id",),
    columns=(
        Column("line_id", "string", "明细编号", "Line id", aliases=("流水号",)),
        Column("project_code", "string", "项目编号", "Project code"),
        Column("department_code", "string", "建设单位编码", "Owner department", aliases=("部门编码",)),
        Column("contract_code", "string", "合同编号", "Contract code"),
        Column("worker_no", "string", "实名制编号", "Worker registration number", aliases=("工人编号",)),
        _date("pay_month", "工资所属月份", "Pay month (any day of it)", required=True, aliases=("所属期",)),
        _money("amount", "实发金额", "Net pay", aliases=("金额",)),
        _date("paid_on", "发放日期", "Paid on", required=True),
    ),
))

WORKER_EXITS = register(Dataset(
    name="worker_exits", zh="农民工退场结算", en="Workers leaving a site and their settlement", key=("exit_id",),
    columns=(
        Column("exit_id", "string", "记录编号", "Record id", aliases=("编号",)),
        Column("project_code", "string", "项目编号", "Project code"),
        Column("department_code", "string", "建设单位编码", "Owner department", aliases=("部门编码",)),
        Column("worker_no", "string", "实名制编号", "Worker registration number", aliases=("工人编号",)),
        _date("left_on", "退场日期", "Left on", required=True),
        _date("settled_on", "结算日期", "Settled on"),
        Column("confirmed", "integer", "本人确认（1 是 0 否）", "Confirmed by the worker (1/0)", aliases=("本人确认",)),
    ),
))
