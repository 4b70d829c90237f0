"""The treasury datasets of the data contract.

Records (extracts from the non-tax revenue system, the budget-execution system and the reserve-fund
approvals, stored in the warehouse): each non-tax and appropriation extract is a status picture "as of" a
day, so its key carries ``as_of`` and rules read the latest picture of each notice or allocation. The town
land lease register lives in this app's table (imported as the ``lease_register`` file kind, see
``lease_files.py``) and reaches rules as the registry snapshot ``town_land_leases``.
"""

from qingfeng.records.contract import Column, Dataset, _enum, register

NON_TAX_CATEGORY = {"fine": "罚没收入", "fee": "行政事业性收费", "asset": "国有资源（资产）有偿使用收入",
                    "fund": "政府性基金", "other": "其他非税收入"}
ALLOCATION_KIND = {"transfer": "转移支付（转拨）", "subsidy": "惠民惠农补贴", "project": "项目资金", "other": "其他"}
RESERVE_CATEGORY = {"emergency": "突发应急事件", "petition": "信访事件", "disaster": "自然灾害", "routine": "日常运转",
                    "project": "项目建设", "other": "其他"}

NON_TAX_REVENUE = register(Dataset(
    name="non_tax_revenue", zh="非税收入征缴", en="Non-tax revenue assessed, collected and deposited",
    key=("notice_id", "as_of"),
    columns=(
        Column("notice_id", "string", "缴款通知书号", "Payment notice number", aliases=("执收单号", "缴款书号", "票据号")),
        Column("department_code", "string", "执收单位编码", "Collecting department", aliases=("单位编码", "执收单位")),
        _enum("category", "收入类别", "Category", NON_TAX_CATEGORY, aliases=("项目类别", "收入种类")),
        Column("payer_name", "string", "缴款人", "Payer", required=False, pii=True, aliases=("缴款人名称", "缴款单位")),
        Column("assessed_amount", "decimal", "应缴金额", "Amount assessed", aliases=("应收金额",)),
        Column("assessed_on", "date", "开具日期", "Assessed on", aliases=("决定日期", "开票日期")),
        Column("due_on", "date", "缴款期限", "Due on", required=False, aliases=("限缴日期",)),
        Column("collected_amount", "decimal", "已收缴金额", "Amount collected", required=False, aliases=("实收金额",)),
        Column("collected_on", "date", "收缴日期", "Collected on", required=False, aliases=("实收日期",)),
        Column("deposited_amount", "decimal", "已缴库金额", "Amount deposited", required=False, aliases=("入库金额",)),
        Column("deposited_on", "date", "缴库日期", "Deposited in the treasury on", required=False, aliases=("入库日期",)),
        Column("as_of", "date", "数据截止日期", "Status as of", aliases=("截止日期", "统计日期")),
    ),
))

APPROPRIATIONS = register(Dataset(
    name="appropriations", zh="资金下达与支付进度", en="Funds appropriated and disbursed", key=("allocation_id", "as_of"),
    columns=(
        Column("allocation_id", "string", "指标文号", "Allocation number", aliases=("指标编号", "拨款单号")),
        Column("department_code", "string", "用款单位编码", "Holding department", aliases=("单位编码", "收款单位编码")),
        Column("source_department_code", "string", "下达单位编码", "Allocating department", required=False,
               aliases=("拨付单位编码",)),
        Column("program", "string", "项目名称", "Programme", aliases=("资金名称", "项目")),
        _enum("kind", "资金类型", "Kind", ALLOCATION_KIND, aliases=("类型",)),
        Column("amount", "decimal", "下达金额", "Amount allocated", aliases=("金额", "指标金额")),
        Column("allocated_on", "date", "下达日期", "Allocated on", aliases=("拨付日期", "到账日期")),
        Column("disbursed_amount", "decimal", "已支付金额", "Amount disbursed", required=False, aliases=("已拨付金额",)),
        Column("last_disbursed_on", "date", "最近支付日期", "Last disbursed on", required=False, aliases=("支付日期",)),
        Column("as_of", "date", "数据截止日期", "Status as of", aliases=("截止日期", "统计日期")),
    ),
))

RESERVE_FUND_USES = register(Dataset(
    name="reserve_fund_uses", zh="备用金（预备费）动用", en="Reserve fund uses", key=("use_id",),
    columns=(
        Column("use_id", "string", "动用编号", "Use number", aliases=("编号",)),
        Column("department_code", "string", "用款单位编码", "Department", aliases=("单位编码",)),
        Column("amount", "decimal", "动用金额", "Amount", aliases=("金额",)),
        Column("approved_on", "date", "批准日期", "Approved on", aliases=("日期",)),
        Column("decision_no", "string", "政府批准文号", "Government decision number", required=False, aliases=("批准文号", "文号")),
        _enum("category", "用途类别", "Category", RESERVE_CATEGORY, aliases=("类别",)),
        Column("purpose", "string", "用途", "Purpose", required=False, aliases=("事由",)),
        Column("event_ref", "string", "突发事件或信访件编号", "Emergency or petition reference", required=False,
               aliases=("事件编号", "信访件编号")),
    ),
))

register(Dataset(
    name="town_land_leases", zh="镇属土地租赁台账", en="Town land lease register", kind="registry", key=("lease_no",),
    builder="qingfeng.treasury.snapshots.town_land_leases",
    columns=(
        Column("lease_no", "string", "合同编号", "Lease number"),
        Column("department_code", "string", "出租镇编码", "Leasing town"),
        Column("village", "string", "村（社区）", "Village", required=False),
        Column("parcel", "string", "地块", "Parcel"),
        Column("lessee_name", "string", "承租人", "Lessee", pii=True),
        Column("area_mu", "decimal", "面积（亩）", "Area (mu)"),
        Column("land_use", "string", "用途", "Use", required=False),
        Column("signed_on", "date", "签订日期", "Signed on"),
        Column("start_on", "date", "租期起", "Term from"),
        Column("end_on", "date", "租期止", "Term until (inclusive)"),
        Column("renewal_of", "string", "续签的原合同编号", "Renews lease", required=False),
        Column("recovered_on", "date", "收回日期", "Recovered on", required=False),
        Column("as_of", "date", "快照日期", "Snapshot date"),
    ),
))
