"""Macros a rule may call whose spelling differs between engines (the per-engine shim).

A rule writes ``is_workday(d)`` once; each engine defines it in its own SQL. DuckDB gets SQL macros here;
on Spark the carrier (``screening.carry``) expands each call into the Spark body, the arguments put in
place of the parameter names. The validator allows exactly these names beside its function allow-list.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Macro:
    name: str
    args: tuple[str, ...]
    duckdb: str  # the body as a DuckDB expression over the args and the registry views
    zh: str  # what it means, for docs/rule-authoring.md and validator messages
    spark: str = ""  # the same meaning as a Spark SQL expression (DAYOFWEEK is 1 = Sunday … 7 = Saturday there)
    reads: tuple[str, ...] = ()  # registry views the body reads (an incremental run re-runs a rule when they change)


MACROS: dict[str, Macro] = {m.name: m for m in (
    Macro(
        "is_workday", ("d",),
        # Days outside the calendar view fall back to Monday–Friday, as the deadline service does.
        "coalesce((SELECT c.is_workday = 1 FROM calendar AS c WHERE c.day = CAST(d AS DATE)), isodow(CAST(d AS DATE)) < 6)",
        "d 所在日期是否为工作日（按工作日历，含调休；日历未覆盖的日期按周一至周五暂算）",
        # Spark wants a correlated scalar subquery aggregated; max over the one matching day is that day.
        "coalesce((SELECT max(c.is_workday) = 1 FROM calendar AS c WHERE c.day = CAST(d AS DATE)), "
        "dayofweek(CAST(d AS DATE)) BETWEEN 2 AND 6)",
        ("calendar",),
    ),
    Macro(
        "workdays_between", ("a", "b"),
        "(SELECT count(*) FROM calendar AS c WHERE c.day > CAST(a AS DATE) AND c.day <= CAST(b AS DATE) AND c.is_workday = 1)",
        "a 之后（不含 a）到 b（含 b）之间的工作日数；b 不晚于 a 时为 0",
        "(SELECT count(*) FROM calendar AS c WHERE c.day > CAST(a AS DATE) AND c.day <= CAST(b AS DATE) AND c.is_workday = 1)",
        ("calendar",),
    ),
    Macro(
        "is_weekend", ("d",),
        "isodow(CAST(d AS DATE)) >= 6",
        "d 是否为周六或周日（仅按星期，不看调休；判断是否上班请用 is_workday）",
        "dayofweek(CAST(d AS DATE)) IN (1, 7)",
    ),
    Macro(
        "month_boundaries_between", ("a", "b"),
        "(year(CAST(b AS DATE)) - year(CAST(a AS DATE))) * 12 + month(CAST(b AS DATE)) - month(CAST(a AS DATE))",
        "a 到 b 跨过的月份边界数（1 月 31 日到 2 月 1 日为 1）",
        "(year(CAST(b AS DATE)) - year(CAST(a AS DATE))) * 12 + month(CAST(b AS DATE)) - month(CAST(a AS DATE))",
    ),
    Macro(
        "to_int_rounded", ("x",),
        "CAST(round(x) AS BIGINT)",
        "把小数四舍五入为整数（各引擎一致）",
        # Spark's round is HALF_UP like DuckDB's on decimals; the cast then has nothing left to truncate.
        "CAST(round(x) AS BIGINT)",
    ),
)}


def install_duckdb(connection) -> None:
    """Define every macro on a DuckDB connection (after the registry views exist)."""
    for macro in MACROS.values():
        connection.execute(f"CREATE OR REPLACE MACRO {macro.name}({', '.join(macro.args)}) AS ({macro.duckdb})")
