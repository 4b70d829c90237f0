"""Public per-item statistics of approval cases, from the supervision snapshot (cases handled here and cases
imported from other systems alike): cases received and decided, average working days used against the statutory
and committed limits, and the share of decided cases that were overdue. Aggregates only — no case, no person."""

from collections import defaultdict
from dataclasses import dataclass

from . import queries, snapshots


@dataclass
class ItemFigures:
    item_code: str
    name: str
    department: str
    statutory_days: int | None
    committed_days: int | None
    received: int = 0
    decided: int = 0
    open: int = 0
    overdue_decided: int = 0
    open_overdue: int = 0
    used_total: int = 0
    used_count: int = 0

    @property
    def average_days(self) -> float | None:
        return round(self.used_total / self.used_count, 1) if self.used_count else None

    @property
    def overdue_share(self) -> float | None:
        return round(self.overdue_decided / self.decided, 4) if self.decided else None

    @property
    def speedup(self) -> float | None:
        """How much faster than the statutory limit cases are decided on average (1 − average ÷ statutory)."""
        if self.average_days is None or not self.statutory_days:
            return None
        return round(1 - self.average_days / self.statutory_days, 4)


def item_statistics() -> list[ItemFigures]:
    clocks = snapshots.current("approval_clocks").to_pylist()
    current = {v.item.code: v for v in queries.current_list()}
    figures: dict[str, ItemFigures] = {}
    for code, v in current.items():
        figures[code] = ItemFigures(code, v.name, v.item.department.name, v.statutory_days, v.committed_days)
    by_item = defaultdict(list)
    for row in clocks:
        by_item[row["item_code"]].append(row)
    for code, rows in by_item.items():
        if code not in figures:
            continue  # cases of items not on the list are a supervision matter (APR-019), not a public figure
        f = figures[code]
        for row in rows:
            f.received += 1
            closed = row["decided_at"] or row["withdrawn_at"] or row["not_accepted_at"]
            late = row["due_at"] is not None and (row["decided_at"] or row["as_of"]) > row["due_at"]
            if row["decided_at"] is not None:
                f.decided += 1
                f.overdue_decided += late
                if row["used_workdays"] is not None:
                    f.used_total += row["used_workdays"]
                    f.used_count += 1
            elif closed is None:
                f.open += 1
                f.open_overdue += late
    return sorted(figures.values(), key=lambda f: f.item_code)

