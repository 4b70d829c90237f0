"""Demo domain "procurement": a year of 云川市's government procurement — about 130 processes with bids,
awards, items and contracts, and the debarment list — imported through the records importer, with one planted
case of every procurement rule (qingfeng/procurement/synthetic.py builds the market and its truth).

The city sets one local parameter as a smaller city would: R048 compares suppliers of five or more awards.
"""

import sys
from datetime import date


def populate(city, *, actor, progress: bool = False) -> dict[str, list[str]]:
    from qingfeng.core.models import Department
    from qingfeng.procurement.synthetic import DEMO_PARAMETERS, build
    from qingfeng.records.imports import import_rows
    from qingfeng.screening.actions import set_rule_parameter

    bureaus = list(Department.objects.filter(depth=1).exclude(name="市政府办公室").order_by("code"))
    if len(bureaus) < 8:
        return {}
    for (rule_id, name), value in DEMO_PARAMETERS.items():
        set_rule_parameter(actor, rule_id, name, value, date(city.year, 1, 1), reason="演示城市：本市供应商较少，按 5 个项目比较")
    rows, truth = build(city.year, [d.code for d in bureaus])
    for dataset in ("debarments", "tenders", "bids", "awards", "award_items", "contracts"):
        report = import_rows(rows[dataset], dataset, source_name=f"demo-{dataset}-{city.seed}", actor=actor)
        if report.rejected:
            raise RuntimeError(f"演示采购数据 {dataset} 有拒收行：{report.rejection_lines(3)}")
        if progress:
            print(f"  采购 {dataset}：{report.loaded} 行", file=sys.stderr, flush=True)
    return truth
