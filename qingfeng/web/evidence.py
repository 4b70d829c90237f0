"""How a finding's evidence and a rule's basis and parameters read on the alert page."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from qingfeng.records.contract import DATASETS

# Evidence columns that rules add beyond the contract's own columns.
EXTRA_LABELS = {
    "subject_key": _("预警对象"),
    "department_code": _("部门编码"),
    "department_name": _("部门名称"),
    "year": _("年度"),
    "month": _("月份"),
    "total": _("合计金额"),
    "total_amount": _("合计金额"),
    "budget_total": _("预算合计"),
    "paid_total": _("支付合计"),
    "count": _("笔数"),
    "payment_count": _("笔数"),
    "share": _("占比"),
    "december_total": _("12月支出"),
    "annual_total": _("全年支出"),
    "category": _("类别"),
    "matched_word": _("命中敏感词"),
    "earlier_payment_id": _("前一笔支付编号"),
    "days_apart": _("间隔天数"),
}


def column_label(name: str, dataset: str | None = None) -> str:
    """The contract's Chinese name of a column; ``dataset`` decides when two datasets share a name."""
    candidates = [DATASETS[dataset]] if dataset in DATASETS else []
    for ds in candidates + list(DATASETS.values()):
        for column in ds.columns:
            if column.name == name:
                return column.zh
    return str(EXTRA_LABELS.get(name, name))


def display_value(name: str, value, dataset: str | None = None):
    """An enum's stored value ("cash") as its Chinese label ("现金"); anything else unchanged."""
    candidates = [DATASETS[dataset]] if dataset in DATASETS else list(DATASETS.values())
    for ds in candidates:
        for column in ds.columns:
            if column.name == name and column.type == "enum":
                for spelling, stored in column.labels.items():
                    if stored == value and spelling != value:
                        return spelling
    return value


def likely_dataset(keys) -> str | None:
    """The dataset whose columns cover most of ``keys`` (evidence rows do not say where they came from)."""
    keys = set(keys)
    best = max(DATASETS.values(), key=lambda ds: len(keys & set(ds.column_names)), default=None)
    return best.name if best is not None and keys & set(best.column_names) else None


@dataclass(frozen=True)
class EvidenceTable:
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[list]
    total: int  # rows in the finding; ``rows`` may show fewer
    dataset: str | None = None  # where the rows most likely came from (names the columns)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def evidence_table(rows: list[dict], limit: int, extra_keys=(), dataset: str | None = None) -> EvidenceTable:
    keys: list[str] = []
    for row in rows[:limit]:
        for key in row:
            if key not in keys:
                keys.append(key)
    dataset = dataset if dataset in DATASETS else likely_dataset([*keys, *extra_keys])
    if dataset in DATASETS:  # the contract's column order, whatever order the stored JSON kept (jsonb sorts keys)
        order = {name: i for i, name in enumerate(DATASETS[dataset].column_names)}
        keys.sort(key=lambda k: order.get(k, len(order)))
    shown = [[display_value(k, row.get(k, ""), dataset) for k in keys] for row in rows[:limit]]
    return EvidenceTable([(k, column_label(k, dataset)) for k in keys], shown, len(rows), dataset)


def shown(value) -> str:
    """A parameter value as people read it: lists joined with 、, numbers without trailing zeros."""
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "—" if value is None else str(value)


@dataclass(frozen=True)
class ParamRow:
    name: str
    label: str
    value: object
    default: object
    unit: str


def param_rows(used: dict, declared: dict) -> list[ParamRow]:
    """The values the finding used, beside the rule's declared defaults and units."""
    rows = []
    for name in list(used) + [n for n in declared if n not in used]:
        spec = declared.get(name)
        if hasattr(spec, "default"):  # the screening catalogue's Param
            spec = {"default": spec.default, "unit": spec.unit, "zh": spec.zh}
        spec = spec if isinstance(spec, dict) else {"default": spec}
        label = spec.get("zh") or spec.get("label") or spec.get("title") or spec.get("description") or ""
        if isinstance(label, dict):
            label = label.get("zh") or label.get("en") or ""
        rows.append(ParamRow(name, str(label), shown(used.get(name, spec.get("default"))), shown(spec.get("default")),
                             str(spec.get("unit") or "")))
    return rows


@dataclass(frozen=True)
class BasisItem:
    source: str  # the law and article ("现金管理暂行条例 第五条")
    text: str  # what it says, in brief


def basis_lines(basis) -> list[BasisItem]:
    """A rule's legal basis as items, whatever shape the yaml gave it (text, list, or law/article/text)."""
    if not basis:
        return []
    if isinstance(basis, str):
        return [BasisItem("", line.strip()) for line in basis.splitlines() if line.strip()]
    if isinstance(basis, dict):
        if "zh" in basis:
            return basis_lines(basis["zh"])
        if {"law", "article", "text"} & set(basis):
            source = " ".join(str(basis[k]) for k in ("law", "article") if basis.get(k))
            return [BasisItem(source, str(basis.get("text") or ""))]
        return [BasisItem(str(k), str(v)) for k, v in basis.items()]
    if isinstance(basis, (list, tuple)):
        return [item for part in basis for item in basis_lines(part)]
    return [BasisItem("", str(basis))]
