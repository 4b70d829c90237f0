"""The data contract: one declaration per dataset — columns, types, keys, PII flags, zh/en descriptions.

Importers validate against it, the warehouse stores it as Parquet, and rules may read only the views it
declares. Workflow apps add their case tables with ``register`` (as Django's admin does), so records and
screening never import a workflow app.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | decimal | date | timestamp | integer | enum
    zh: str
    en: str
    required: bool = True
    values: tuple[str, ...] = ()  # allowed values of an enum (stored form)
    labels: dict = field(default_factory=dict)  # accepted input spellings → stored value (enum)
    aliases: tuple[str, ...] = ()  # other header spellings accepted on import
    pii: bool = False


@dataclass(frozen=True)
class Dataset:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # a row's identity inside one batch (duplicates are rejected)
    kind: str = "record"  # record (warehouse, Parquet) | registry (snapshot of a DB table) | file (see register_file)
    # For a registry: dotted path of ``builder(span: tuple[date, date]) -> pyarrow.Table`` that takes the
    # snapshot. A workflow app registers its case tables this way (a string, so records never imports it).
    builder: str = ""
    # For a file kind: dotted path of ``loader(actor, rows: [(line, row)]) -> (rejections, changes)`` that writes
    # the validated rows into the app's own tables inside the importer's transaction.
    loader: str = ""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    DATASETS[dataset.name] = dataset
    return dataset


# Files an app loads into its own tables (the staff roster, the business registry …): read, matched and
# validated like a record file, then handed to the dataset's loader. Not views: rules never read them.
FILES: dict[str, Dataset] = {}


def register_file(dataset: Dataset) -> Dataset:
    FILES[dataset.name] = dataset
    return dataset


def importable(name: str) -> Dataset:
    """A record dataset or a file kind, by name (what ``qingfeng import`` and the import page accept)."""
    dataset = DATASETS.get(name) or FILES.get(name)
    if dataset is None or dataset.kind == "registry":
        raise KeyError(f"未知的导入数据集 {name!r}；可用：{', '.join(importable_names())}")
    return dataset


def importable_names() -> list[str]:
    return [n for n, d in DATASETS.items() if d.kind == "record"] + list(FILES)


def get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"未知数据集 {name!r}；可用：{', '.join(sorted(DATASETS))}") from None


SETTLEMENT = {"transfer": "转账", "cash": "现金", "official_card": "公务卡"}
PAYEE_TYPE = {"unit": "单位", "personal": "个人"}
ACCOUNT_KIND = {"zero_balance": "零余额账户", "basic": "基本账户", "own_funds": "实有资金账户", "special": "专用账户"}


def _enum(name, zh, en, mapping, **kw) -> Column:
    labels = {v: k for k, v in mapping.items()} | {k: k for k in mapping}
    return Column(name, "enum", zh, en, values=tuple(mapping), labels=labels, **kw)


BUDGETS = register(Dataset(
    name="budgets", zh="部门预算指标", en="Budget lines",
    key=("department_code", "year", "budget_line", "economic_class"),
    columns=(
        Column("department_code", "string", "部门编码", "Department code", aliases=("单位编码", "预算单位编码")),
        Column("year", "integer", "预算年度", "Budget year", aliases=("年度",)),
        Column("budget_line", "string", "预算项目编码", "Budget line", aliases=("预算项目", "指标编码")),
        Column("budget_line_name", "string", "预算项目名称", "Budget line name", required=False, aliases=("项目名称",)),
        Column("economic_class", "string", "部门经济分类", "Economic class", aliases=("经济分类", "经济分类编码")),
        Column("amount", "decimal", "年初预算金额", "Approved amount", aliases=("预算金额", "金额")),
        Column("supplementary", "decimal", "追加金额", "Supplementary appropriation", required=False, aliases=("追加预算",)),
    ),
))

PAYMENTS = register(Dataset(
    name="payments", zh="国库集中支付", en="Treasury payments",
    key=("payment_id",),
    columns=(
        Column("payment_id", "string", "支付凭证号", "Payment id", aliases=("凭证号", "支付令号")),
        Column("payer_department_code", "string", "付款单位编码", "Payer department", aliases=("单位编码", "付款单位")),
        Column("payer_account", "string", "付款账号", "Payer account", aliases=("付款人账号",)),
        Column("payee_name", "string", "收款人名称", "Payee name", aliases=("收款人", "收款单位")),
        Column("payee_account", "string", "收款账号", "Payee account", aliases=("收款人账号",), pii=True),
        _enum("payee_type", "收款人类型", "Payee type", PAYEE_TYPE, aliases=("收款类型",)),
        Column("amount", "decimal", "支付金额", "Amount", aliases=("金额",)),
        Column("paid_at", "timestamp", "支付时间", "Paid at", aliases=("支付日期", "时间")),
        _enum("settlement_method", "结算方式", "Settlement method", SETTLEMENT),
        Column("purpose", "string", "用途", "Purpose", required=False, aliases=("支付用途", "摘要")),
        Column("budget_line", "string", "预算项目编码", "Budget line", required=False, aliases=("预算项目",)),
        Column("economic_class", "string", "部门经济分类", "Economic class", aliases=("经济分类",)),
    ),
))

ACCOUNTS = register(Dataset(
    name="accounts", zh="单位银行账户", en="Department accounts",
    key=("account_no",),
    columns=(
        Column("department_code", "string", "单位编码", "Department code", aliases=("部门编码",)),
        Column("account_no", "string", "账号", "Account number", aliases=("银行账号",)),
        Column("account_name", "string", "账户名称", "Account name", required=False, aliases=("户名",)),
        Column("bank", "string", "开户银行", "Bank", required=False, aliases=("开户行",)),
        _enum("kind", "账户类型", "Account kind", ACCOUNT_KIND, aliases=("账户性质",)),
    ),
))

# Registry snapshots that rules may read, built from the relational database at each run.
register(Dataset(
    name="departments", zh="部门", en="Departments", kind="registry", key=("code",),
    columns=(
        Column("code", "string", "部门编码", "Code"),
        Column("name", "string", "部门名称", "Name"),
        Column("parent_code", "string", "上级部门编码", "Parent code", required=False),
        Column("path", "string", "层级路径", "Path"),
    ),
))
register(Dataset(
    name="calendar", zh="工作日历", en="Working-day calendar", kind="registry", key=("day",),
    columns=(
        Column("day", "date", "日期", "Date"),
        Column("is_workday", "integer", "是否工作日", "Is working day"),
        Column("provisional", "integer", "是否暂定", "Provisional"),
    ),
))
register(Dataset(
    name="sensitive_words", zh="敏感词", en="Sensitive words", kind="registry", key=("word",),
    columns=(
        Column("word", "string", "敏感词", "Word"),
        Column("category", "string", "类别", "Category", required=False),
    ),
))
