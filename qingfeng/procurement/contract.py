"""The procurement datasets of the data contract: the OCDS contracting process cut into flat records.

One ``tenders`` row per contracting process (ocid), with its ``bids``, ``awards``, the awarded ``items``
(their classification), ``contracts`` and ``parties``; plus the ``debarments`` list (失信/禁止参加政府采购
活动名单) imported from a file. A city with OCDS imports through ``qingfeng import-ocds`` (``ocds.py``
compiles and maps the releases); a city without imports the same datasets from Excel/CSV like any record.

Codes are kept as published (OCDS codelists: procurement method open/selective/limited/direct, bid status
pending/valid/disqualified/invited/withdrawn, award status pending/active/cancelled/unsuccessful), not as
enums: a value outside the codelist is still loaded and the rules treat it as unknown, never dropped.
"""

from qingfeng.records.contract import Column, Dataset, register

TENDERS = register(Dataset(
    name="tenders", zh="采购项目（招标）", en="Procurement processes (tenders)", key=("ocid",),
    columns=(
        Column("ocid", "string", "开放合同编号", "OCID", aliases=("项目编号", "采购项目编号")),
        Column("department_code", "string", "采购单位编码", "Buyer department code", aliases=("单位编码", "部门编码")),
        Column("buyer_id", "string", "采购人标识", "Buyer id", required=False),
        Column("buyer_name", "string", "采购人名称", "Buyer name", required=False, aliases=("采购人", "采购单位")),
        Column("procuring_entity_id", "string", "采购代理机构标识", "Procuring entity id", required=False, aliases=("代理机构",)),
        Column("title", "string", "项目名称", "Title", required=False, aliases=("采购项目名称",)),
        Column("status", "string", "项目状态", "Tender status", required=False),
        Column("procurement_method", "string", "采购方式（OCDS）", "Procurement method", required=False),
        Column("procurement_method_details", "string", "采购方式", "Procurement method details", required=False,
               aliases=("采购方式名称",)),
        Column("main_category", "string", "采购类别", "Main procurement category", required=False, aliases=("品目类别",)),
        Column("purchased_service", "integer", "政府购买服务（1是0否）", "Government-purchased service (1/0)", required=False),
        Column("catalogue_code", "string", "购买服务指导目录编码", "Purchased-service catalogue code", required=False),
        Column("value_amount", "decimal", "预算金额", "Estimated value", required=False, aliases=("采购预算",)),
        Column("currency", "string", "币种", "Currency", required=False),
        Column("tender_start", "timestamp", "招标文件发出时间", "Tender period start", required=False,
               aliases=("公告时间", "发售开始时间")),
        Column("tender_end", "timestamp", "投标截止时间", "Tender period end", required=False, aliases=("截止时间",)),
        Column("number_of_tenderers", "integer", "投标人数", "Number of tenderers", required=False, aliases=("投标人数量",)),
        Column("release_date", "timestamp", "最新发布时间", "Latest release date", required=False),
    ),
))

BIDS = register(Dataset(
    name="bids", zh="投标", en="Bids", key=("ocid", "bid_id"),
    columns=(
        Column("ocid", "string", "开放合同编号", "OCID", aliases=("项目编号",)),
        Column("bid_id", "string", "投标编号", "Bid id"),
        Column("tenderer_id", "string", "投标人标识", "Tenderer id", aliases=("投标人编码",)),
        Column("tenderer_name", "string", "投标人名称", "Tenderer name", required=False, aliases=("投标人",)),
        Column("tenderer_count", "integer", "联合体成员数", "Tenderers of the bid", required=False),
        Column("status", "string", "投标状态", "Bid status", required=False),
        Column("amount", "decimal", "投标报价", "Bid amount", required=False, aliases=("报价",)),
        Column("currency", "string", "币种", "Currency", required=False),
        Column("submitted_at", "timestamp", "投标时间", "Submitted at", required=False),
    ),
))

AWARDS = register(Dataset(
    name="awards", zh="中标（成交）结果", en="Awards", key=("ocid", "award_id"),
    columns=(
        Column("ocid", "string", "开放合同编号", "OCID", aliases=("项目编号",)),
        Column("award_id", "string", "结果编号", "Award id"),
        Column("status", "string", "结果状态", "Award status", required=False),
        Column("supplier_id", "string", "供应商标识", "Supplier id", required=False),
        Column("supplier_name", "string", "供应商名称", "Supplier name", required=False, aliases=("中标供应商", "成交供应商")),
        Column("supplier_name_key", "string", "供应商名称（规范化）", "Supplier name key", required=False),
        Column("supplier_credit_code", "string", "供应商统一社会信用代码", "Supplier credit code", required=False),
        Column("supplier_count", "integer", "供应商数", "Suppliers of the award", required=False),
        Column("amount", "decimal", "中标金额", "Award amount", required=False, aliases=("成交金额",)),
        Column("currency", "string", "币种", "Currency", required=False),
        Column("award_date", "timestamp", "中标日期", "Award date", required=False, aliases=("成交日期",)),
    ),
))

ITEMS = register(Dataset(
    name="award_items", zh="中标标的", en="Awarded items", key=("ocid", "award_id", "item_id"),
    columns=(
        Column("ocid", "string", "开放合同编号", "OCID"),
        Column("award_id", "string", "结果编号", "Award id"),
        Column("item_id", "string", "标的编号", "Item id"),
        Column("classification_scheme", "string", "分类体系", "Classification scheme", required=False),
        Column("classification_id", "string", "品目编码", "Classification id", required=False, aliases=("品目",)),
        Column("description", "string", "标的名称", "Description", required=False),
    ),
))

CONTRACTS = register(Dataset(
    name="contracts", zh="采购合同", en="Contracts", key=("ocid", "contract_id"),
    columns=(
        Column("ocid", "string", "开放合同编号", "OCID", aliases=("项目编号",)),
        Column("contract_id", "string", "合同编号", "Contract id"),
        Column("award_id", "string", "结果编号", "Award id", required=False),
        Column("status", "string", "合同状态", "Contract status", required=False),
        Column("amount", "decimal", "合同金额", "Contract amount", required=False),
        Column("currency", "string", "币种", "Currency", required=False),
        Column("signed_at", "timestamp", "签订时间", "Signed at", required=False),
    ),
))

PARTIES = register(Dataset(
    name="parties", zh="采购当事人", en="Parties", key=("ocid", "party_id"),
    columns=(
        Column("ocid", "string", "开放合同编号", "OCID"),
        Column("party_id", "string", "当事人标识", "Party id"),
        Column("name", "string", "名称", "Name", required=False),
        Column("identifier_scheme", "string", "标识体系", "Identifier scheme", required=False),
        Column("identifier_id", "string", "标识号", "Identifier", required=False),
        Column("credit_code", "string", "统一社会信用代码", "Credit code", required=False),
        Column("roles", "string", "角色", "Roles", required=False),
    ),
))

DEBARMENTS = register(Dataset(
    name="debarments", zh="禁止参加政府采购活动名单", en="Debarred suppliers", key=("debarment_id",),
    columns=(
        Column("debarment_id", "string", "名单编号", "Entry id", aliases=("编号",)),
        Column("name", "string", "企业名称", "Supplier name", aliases=("供应商名称", "名称")),
        Column("name_key", "string", "企业名称（规范化）", "Name key", required=False),
        Column("credit_code", "string", "统一社会信用代码", "Credit code", required=False, aliases=("信用代码",)),
        Column("authority", "string", "处罚机关", "Authority", required=False, aliases=("决定机关",)),
        Column("reason", "string", "处罚事由", "Reason", required=False, aliases=("事由",)),
        Column("start_on", "date", "禁止起始日期", "From", aliases=("起始日期",)),
        Column("end_on", "date", "禁止截止日期", "Until (inclusive)", required=False, aliases=("截止日期",)),
    ),
))
