"""Land datasets of the data contract. Land has no workflow of its own here: parcels, transfers and the
later checks of what a grantee promised are records from the natural-resources bureau's systems,
imported through the ordinary importers (xlsx templates, csv); rules read them with a snapshot clock."""

from qingfeng.records.contract import Column, Dataset, _enum, register

# 出让方式: 招标 / 拍卖 / 挂牌 are the competitive methods (招拍挂); 协议 and 划拨 are not.
METHOD = {"tender": "招标", "auction": "拍卖", "listing": "挂牌", "agreement": "协议", "allocation": "划拨"}
# 土地用途 (GB/T 21010 first-level classes, the operating ones split out as 39号令 names them).
LAND_USE = {"commercial": "商业", "tourism": "旅游", "entertainment": "娱乐", "residential": "商品住宅",
            "industrial": "工业", "public": "公共管理与公共服务", "infrastructure": "交通与公用设施", "other": "其他"}

PARCELS = register(Dataset(
    name="land_parcels", zh="宗地", en="Land parcels", key=("parcel_id",),
    columns=(
        Column("parcel_id", "string", "宗地编号", "Parcel id", aliases=("宗地号", "地块编号")),
        Column("department_code", "string", "供地部门编码", "Supplying department", aliases=("部门编码", "单位编码")),
        Column("location", "string", "坐落", "Location", required=False, aliases=("位置",)),
        _enum("land_use", "土地用途", "Land use", LAND_USE, aliases=("用途",)),
        Column("area_m2", "decimal", "面积（平方米）", "Area (m²)", aliases=("面积",)),
        Column("benchmark_price_m2", "decimal", "基准地价（元/平方米）", "Benchmark price (yuan/m²)", aliases=("基准地价",)),
    ),
))

TRANSFERS = register(Dataset(
    name="land_transfers", zh="国有建设用地使用权出让", en="Land-use right transfers", key=("transfer_id",),
    columns=(
        Column("transfer_id", "string", "出让编号", "Transfer id", aliases=("合同编号", "出让合同编号")),
        Column("parcel_id", "string", "宗地编号", "Parcel id", aliases=("宗地号",)),
        Column("department_code", "string", "出让部门编码", "Transferring department", aliases=("部门编码",)),
        _enum("method", "出让方式", "Method", METHOD, aliases=("供地方式",)),
        Column("intending_users", "integer", "意向用地者数", "Intending users", aliases=("意向用地者",)),
        Column("announced_on", "date", "公告日期", "Announced on", required=False, aliases=("出让公告日期",)),
        Column("start_on", "date", "招标投标/拍卖/挂牌开始日期", "Tender, auction or listing opens", required=False),
        Column("listing_end_on", "date", "挂牌截止日期", "Listing closes", required=False),
        Column("deal_on", "date", "成交日期", "Concluded on", aliases=("签约日期", "成交时间")),
        Column("price", "decimal", "成交价款（元）", "Price (yuan)", aliases=("成交价", "出让价款")),
        Column("result_published_on", "date", "结果公示日期", "Result published on", required=False, aliases=("结果公布日期",)),
        Column("grantee", "string", "受让人", "Grantee", aliases=("竞得人", "受让单位")),
        Column("project_code", "string", "建设项目编号", "Project code", required=False),
        Column("agreed_start_on", "date", "约定动工日期", "Agreed construction start", required=False, aliases=("约定开工日期",)),
        Column("actual_start_on", "date", "实际动工日期", "Actual construction start", required=False, aliases=("实际开工日期",)),
        Column("promised_investment_m2", "decimal", "承诺投资强度（元/平方米）", "Promised investment (yuan/m²)",
               required=False, aliases=("投资强度",)),
        Column("promised_output_m2", "decimal", "承诺产出强度（元/平方米·年）", "Promised output (yuan/m² a year)",
               required=False, aliases=("产出强度",)),
    ),
))

CHECKS = register(Dataset(
    name="land_checks", zh="供地项目履约核查", en="Checks of land-supply promises", key=("check_id",),
    columns=(
        Column("check_id", "string", "核查编号", "Check id", aliases=("编号",)),
        Column("transfer_id", "string", "出让编号", "Transfer id", aliases=("合同编号",)),
        Column("department_code", "string", "核查部门编码", "Checking department", aliases=("部门编码",)),
        Column("checked_on", "date", "核查日期", "Checked on", aliases=("日期",)),
        Column("invested", "decimal", "累计完成投资（元）", "Invested so far (yuan)", aliases=("完成投资",)),
        Column("annual_output", "decimal", "年产出（元）", "Annual output (yuan)", required=False, aliases=("年产值",)),
    ),
))

CLOCK = register(Dataset(
    name="land_clock", zh="筛查时点", en="Screening clock", kind="registry", key=("as_of",),
    builder="qingfeng.land.snapshots.clock",
    columns=(Column("as_of", "date", "筛查日期", "Screening date"),),
))
