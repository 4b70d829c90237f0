"""The lease register as a file a data steward imports (``qingfeng import lease_register leases.xlsx`` or the
import page): read, matched and typed by the records readers like any record file, then checked here (the
town exists, the term is not reversed) and handed to ``actions.load_leases`` in the importer's transaction.
Rows are keyed by the contract number: importing the register again updates the leases it lists."""

from qingfeng.core.models import Department
from qingfeng.records.contract import Column, Dataset, register_file
from qingfeng.records.validation import Rejection

from . import actions

LEASE_REGISTER = register_file(Dataset(
    name="lease_register", zh="镇属土地租赁台账", en="Town land lease register", kind="file", key=("lease_no",),
    loader="qingfeng.treasury.lease_files.load_lease_file",
    columns=(
        Column("lease_no", "string", "合同编号", "Lease number", aliases=("租赁合同编号", "编号")),
        Column("town_code", "string", "出租镇编码", "Leasing town code", aliases=("镇编码", "单位编码", "部门编码")),
        Column("village", "string", "村（社区）", "Village", required=False, aliases=("村",)),
        Column("parcel", "string", "地块", "Parcel", aliases=("地块名称", "坐落")),
        Column("lessee_name", "string", "承租人", "Lessee", pii=True, aliases=("承租方",)),
        Column("area_mu", "decimal", "面积（亩）", "Area (mu)", aliases=("面积", "亩数")),
        Column("land_use", "string", "用途", "Use", required=False, aliases=("土地用途",)),
        Column("signed_on", "date", "签订日期", "Signed on", aliases=("签约日期",)),
        Column("start_on", "date", "租期起", "Term from", aliases=("起租日期",)),
        Column("end_on", "date", "租期止", "Term until (inclusive)", aliases=("到期日期",)),
        Column("renewal_of", "string", "续签的原合同编号", "Renews lease", required=False, aliases=("原合同编号",)),
        Column("recovered_on", "date", "收回日期", "Recovered on", required=False),
    ),
))


def load_lease_file(actor, rows: list[tuple[int, dict]]) -> tuple[list[Rejection], dict]:
    refused: list[Rejection] = []
    towns = {d.code: d for d in Department.objects.filter(code__in={r["town_code"].strip() for _l, r in rows})}
    entries = []
    for line, row in rows:
        code = row["town_code"].strip()
        if code not in towns:
            refused.append(Rejection(line, "town_code", code, "没有该部门编码"))
        elif row["end_on"] < row["start_on"]:
            refused.append(Rejection(line, "end_on", str(row["end_on"]), "租期止早于租期起"))
        elif row.get("recovered_on") and row["recovered_on"] < row["start_on"]:
            refused.append(Rejection(line, "recovered_on", str(row["recovered_on"]), "收回日期早于租期起"))
        else:
            entries.append({**{k: v for k, v in row.items() if k != "town_code"}, "lease_no": row["lease_no"].strip(),
                            "town": towns[code]})
    changes = actions.load_leases(actor, entries) if entries else {"created": 0, "updated": 0}
    return refused, {"新增合同": changes["created"], "更新合同": changes["updated"]}
