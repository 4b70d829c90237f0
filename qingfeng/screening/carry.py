"""Carrying a rule from DuckDB SQL (the dialect rules are written in) to Spark SQL.

SQLGlot does most of the work (``read="duckdb"``, ``write="spark"``, unsupported constructs raise). What it
would carry with another meaning is either rewritten here, with the per-engine shim, or refused with the
construct named — a rule never runs on Spark with a meaning different from DuckDB's:

- rewritten: the shim macros (``is_workday`` …) become their Spark bodies; ``date_diff('day', a, b)``
  becomes ``datediff(CAST(b AS DATE), CAST(a AS DATE))`` (Spark's ``DATEDIFF(DAY, …)`` counts whole
  24-hour periods between timestamps, DuckDB counts midnights) and ``date_diff('minute', a, b)`` (hour,
  second …) counts whole units between the values truncated to the unit, which is DuckDB's boundary count; ``a / b`` divides as DOUBLE and ``avg``
  averages as DOUBLE (DuckDB's types; Spark would keep DECIMAL with its own scale); ``x + INTERVAL …`` is a
  TIMESTAMP as in DuckDB (Spark keeps a DATE); ``len`` of a list is ``size``; the top-N aggregates
  ``min_by``/``max_by(x, struct_pack(…, x), n)`` order NULL key fields as DuckDB does (largest) and skip
  NULL values of ``x`` as DuckDB does;
- refused: ``regexp_replace`` without ``'g'`` (DuckDB replaces the first match, Spark every match),
  regular-expression option flags, ``LIKE`` patterns with a backslash (Spark's default escape),
  ``DISTINCT ON``, ASOF/POSITIONAL joins, ordered ``list``/``array_agg``, ``median`` of decimals (DuckDB
  truncates to the column's scale), list subscripts, ``min_by``/``max_by`` whose ties the engines would break
  differently (no count, or a key that does not end with the value itself), and whatever SQLGlot itself
  cannot generate.

The Spark text is then checked on its own (``guard``): one SELECT, only contract views and the rule's
CTEs, only functions that the allow-list carries to — so ``reflect``/``java_method`` cannot reach Spark
even through SQL that never passed the validator.
"""

from dataclasses import dataclass
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError, TokenError

from .shim import MACROS

DAY_UNITS = {"day", "days", "d", "dd"}
CLOCK_UNITS = {"hour": "HOUR", "hours": "HOUR", "h": "HOUR", "minute": "MINUTE", "minutes": "MINUTE", "m": "MINUTE",
               "second": "SECOND", "seconds": "SECOND", "s": "SECOND", "millisecond": "MILLISECOND",
               "milliseconds": "MILLISECOND", "ms": "MILLISECOND", "microsecond": "MICROSECOND",
               "microseconds": "MICROSECOND", "us": "MICROSECOND"}


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class CarryError(Exception):
    """The rule cannot be carried to Spark with the same meaning; ``refusals`` name the constructs."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        super().__init__("规则无法在 Spark 上以相同含义运行：" + "；".join(str(r) for r in refusals))


def _literal(node) -> str | None:
    return node.this if isinstance(node, exp.Literal) and node.is_string else None


def _unit(node) -> str:
    if node is None:
        return ""
    if isinstance(node, str):   # a join's kind ("CROSS") is kept as plain text
        return node.lower()
    if isinstance(node, exp.Literal):
        return str(node.this).lower()
    return node.name.lower()


def refusals(tree: exp.Expression, params: dict | None = None) -> list[Refusal]:
    """Constructs of a DuckDB rule that cannot be carried to Spark with the same meaning."""
    from .validator import _decimal_columns, _is_decimalish

    decimal_names = _decimal_columns() | {
        a.alias.lower() for a in tree.find_all(exp.Alias) if _is_decimalish(a.this, _decimal_columns())}
    out: list[Refusal] = []
    for node in tree.walk():
        if isinstance(node, exp.RegexpReplace) and _literal(node.args.get("modifiers")) != "g":
            out.append(Refusal("carry.regexp_replace",
                               f"{node.sql(dialect='duckdb')}：DuckDB 的 regexp_replace 不带 'g' 时只替换第一处，Spark 替换全部；"
                               "请写 regexp_replace(s, 模式, 替换, 'g')（替换全部）。只替换第一处在 Spark 上无法同义表达。"))
        elif isinstance(node, exp.RegexpLike) and node.args.get("flag") is not None:
            out.append(Refusal("carry.regexp_options",
                               f"{node.sql(dialect='duckdb')}：正则选项参数在 Spark 上会被丢弃；请把选项写进模式（如 (?i)），或先 lower()。"))
        elif isinstance(node, (exp.Like, exp.ILike)) and not isinstance(node.parent, exp.Escape) \
                and "\\" in (_literal(node.expression) or ""):
            out.append(Refusal("carry.like_escape",
                               f"{node.sql(dialect='duckdb')}：LIKE 模式中的反斜杠在 Spark 是转义符、在 DuckDB 是普通字符；"
                               "请加 ESCAPE 子句写明转义字符，或改用 contains()/starts_with()。"))
        elif isinstance(node, exp.Distinct) and node.args.get("on") is not None:
            out.append(Refusal("carry.distinct_on",
                               "SELECT DISTINCT ON (…) 是 DuckDB 独有写法，Spark 没有；请用 row_number() OVER (PARTITION BY … ORDER BY …) "
                               "再 QUALIFY … = 1。"))
        elif isinstance(node, exp.Join) and (_unit(node.args.get("kind")) in ("asof", "positional")
                                             or str(node.args.get("method") or "").lower() in ("asof", "positional")):
            out.append(Refusal("carry.join", f"{node.sql(dialect='duckdb')[:60]}…：ASOF / POSITIONAL JOIN 是 DuckDB 独有写法，Spark 没有；"
                               "请用普通 JOIN 加窗口函数（lag/lead 或 row_number）。"))
        elif isinstance(node, exp.GroupConcat) and not isinstance(node.this, exp.Order):
            out.append(Refusal("carry.unordered_string_agg",
                               f"{node.sql(dialect='duckdb')}：string_agg 未写 ORDER BY，两种引擎拼接的顺序不同，证据值便不一致；"
                               "请写 string_agg(x, ',' ORDER BY x)。"))
        elif isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order):
            out.append(Refusal("carry.ordered_list",
                               f"{node.sql(dialect='duckdb')}：带 ORDER BY 的 list/array_agg 在 Spark 上不保证顺序；"
                               "需要有序的证据键请用 string_agg(x, ',' ORDER BY …)。"))
        elif isinstance(node, exp.Median) and _is_decimalish(node.this, decimal_names):
            out.append(Refusal("carry.median_decimal",
                               f"{node.sql(dialect='duckdb')}：DuckDB 对小数的中位数按列的小数位截断，Spark 返回插值的浮点数；"
                               "请写 median(CAST(x AS DOUBLE))。"))
        elif isinstance(node, (exp.ArgMin, exp.ArgMax)) and (why := _top_n_problem(node)):
            out.append(Refusal("carry.top_n", f"{node.sql(dialect='duckdb')}：{why}"))
        elif isinstance(node, exp.Bracket):
            out.append(Refusal("carry.subscript",
                               f"{node.sql(dialect='duckdb')}：列表下标越界时 DuckDB 返回 NULL、Spark（ANSI 模式）报错；"
                               "请用 list_contains、unnest 或 split_part。"))
    return out


TOP_N_MAX = 100_000  # Spark's limit on min_by/max_by's count


def _struct_fields(node: exp.Expression) -> list[exp.Expression]:
    """The field values of ``struct_pack(a := x, …)`` (or the one value of a plain key)."""
    if not isinstance(node, exp.Struct):
        return [node]
    return [f.expression if isinstance(f, (exp.PropertyEQ, exp.Slice)) else f for f in node.expressions]


def _top_n_problem(node: exp.Expression) -> str:
    """Why ``min_by``/``max_by`` would give different rows on the two engines ('' when it would not).

    Both engines keep a heap of the ``n`` smallest (largest) keys, but break ties between equal keys in
    whatever order the rows arrive; a key that ends with the returned value itself leaves no tie that could
    change the result (equal keys then return equal values)."""
    count = node.args.get("count")
    if count is None:
        return ("不带个数的 min_by/max_by 在键相同的行之间任取一行，两种引擎取得不同；"
                "请写 min_by(x, struct_pack(k := 排序值, id := x), 1)。")
    if not (isinstance(count, exp.Literal) and not count.is_string and count.this.isdigit()
            and 1 <= int(count.this) <= TOP_N_MAX):
        return f"个数须是 1 到 {TOP_N_MAX:,} 之间的整数常量（Spark 的限制）。"
    key = node.expression
    if not isinstance(key, exp.Struct) or _struct_fields(key)[-1] != node.this:
        return ("排序键须写成 struct_pack(…, id := x)，以返回值本身结尾：否则键相同的行之间，两种引擎取的顺序不同，"
                "证据便不一致。")
    return ""


# --------------------------------------------------------------------------------------- rewriting


def _top_n(node: exp.Expression) -> exp.Expression:
    """``min_by``/``max_by(x, key, n)`` for Spark with DuckDB's meaning: DuckDB orders a NULL struct field
    after every value (the largest), Spark before (the smallest), so each field is preceded by its
    ``IS NULL`` flag; DuckDB skips rows whose ``x`` is NULL, Spark keeps them unless their key is NULL."""
    fields = []
    for i, value in enumerate(_struct_fields(node.expression)):
        fields.append(exp.PropertyEQ(this=exp.to_identifier(f"n{i}"), expression=exp.Is(this=value.copy(), expression=exp.Null())))
        fields.append(exp.PropertyEQ(this=exp.to_identifier(f"v{i}"), expression=value.copy()))
    key = exp.If(this=exp.Is(this=node.this.copy(), expression=exp.Null()), true=exp.Null(), false=exp.Struct(expressions=fields))
    name = "MIN_BY" if isinstance(node, exp.ArgMin) else "MAX_BY"
    return exp.Anonymous(this=name, expressions=[node.this.copy(), key, node.args["count"].copy()])


def _expand_macro(node: exp.Anonymous) -> exp.Expression:
    macro = MACROS[node.name.lower()]
    body = sqlglot.parse_one(macro.spark, read="spark")
    args = dict(zip(macro.args, node.expressions, strict=False))

    def put(n):
        if isinstance(n, exp.Column) and not n.table and n.name in args:
            return exp.Paren(this=args[n.name].copy())
        return n

    return exp.Paren(this=body.transform(put))


def _is_list_param(node, params: dict | None) -> bool:
    if isinstance(node, exp.Array):
        return True
    if isinstance(node, exp.Placeholder) and params:
        value = params.get(node.name)
        value = getattr(value, "default", value)
        return isinstance(value, (list, tuple))
    return False


def _double(node: exp.Expression) -> exp.Expression:
    return exp.Cast(this=node, to=exp.DataType.build("DOUBLE"))


def _distinct_string_agg(node: exp.GroupConcat) -> exp.Expression | None:
    """``string_agg(DISTINCT x, sep ORDER BY x)`` as ``array_join(array_sort(collect_set(x)), sep)``: the same
    text, and it sidesteps Spark's failure on an ordered DISTINCT LISTAGG beside another DISTINCT aggregate."""
    order = node.this
    if not isinstance(order, exp.Order) or not isinstance(order.this, exp.Distinct) or len(order.expressions) != 1:
        return None
    values = order.this.expressions
    key = order.expressions[0]
    if len(values) != 1 or key.this != values[0]:
        return None
    collected = exp.Anonymous(this="ARRAY_SORT", expressions=[exp.Anonymous(this="COLLECT_SET", expressions=[values[0].copy()])])
    if key.args.get("desc"):
        collected = exp.Anonymous(this="REVERSE", expressions=[collected])
    separator = node.args.get("separator") or exp.Literal.string(",")
    return exp.Anonymous(this="ARRAY_JOIN", expressions=[collected, separator.copy()])


def _rewrite(params: dict | None):
    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and node.name.lower() in MACROS:
            return _expand_macro(node)
        if isinstance(node, exp.DateDiff) and _unit(node.args.get("unit")) in DAY_UNITS | {""}:
            end, start = node.this, node.expression
            return exp.Anonymous(this="DATEDIFF", expressions=[
                exp.Cast(this=end, to=exp.DataType.build("DATE")), exp.Cast(this=start, to=exp.DataType.build("DATE"))])
        if isinstance(node, exp.DateDiff) and _unit(node.args.get("unit")) in CLOCK_UNITS:
            unit = CLOCK_UNITS[_unit(node.args.get("unit"))]

            def cut(value):
                return exp.TimestampTrunc(this=exp.Cast(this=value, to=exp.DataType.build("TIMESTAMP")), unit=exp.Literal.string(unit))

            return exp.Anonymous(this="TIMESTAMPDIFF", expressions=[exp.Var(this=unit), cut(node.expression), cut(node.this)])
        if isinstance(node, exp.Div):
            return exp.Div(this=_double(node.this), expression=_double(node.expression))
        if isinstance(node, exp.Avg) and not isinstance(node.this, exp.Distinct):
            return exp.Avg(this=_double(node.this))
        if isinstance(node, (exp.Add, exp.Sub)) and (isinstance(node.expression, exp.Interval) or isinstance(node.this, exp.Interval)):
            return exp.Cast(this=exp.Paren(this=node), to=exp.DataType.build("TIMESTAMP"))
        if isinstance(node, (exp.DateAdd, exp.DateSub)) and isinstance(node.expression, exp.Interval):
            op = exp.Add if isinstance(node, exp.DateAdd) else exp.Sub
            return exp.Cast(this=exp.Paren(this=op(this=node.this, expression=node.expression)), to=exp.DataType.build("TIMESTAMP"))
        if isinstance(node, exp.Length) and _is_list_param(node.this, params):
            return exp.ArraySize(this=node.this)
        if isinstance(node, exp.GroupConcat):
            return _distinct_string_agg(node) or node
        if isinstance(node, (exp.ArgMin, exp.ArgMax)) and node.args.get("count") is not None:
            return _top_n(node)
        return node

    return fix


def _bottom_up(tree: exp.Expression, fix) -> exp.Expression:
    """Apply ``fix`` to every node, children before their parent, so a rewrite sees its operands already
    rewritten: ``a / (b / c)`` divides as DOUBLE twice. (``Expression.transform`` goes top-down and does not
    enter a node it replaced, which left the inner division as Spark's DECIMAL division.)"""
    root = tree
    for node in reversed(list(tree.walk())):  # breadth-first reversed: every node after its descendants
        parent, arg_key, index = node.parent, node.arg_key, node.index  # before fix, which may re-parent node
        new = fix(node)
        if new is not node:
            if node is root:
                root = new
            else:
                parent.set(arg_key, new, index)
    return root


def _generate(tree: exp.Expression, params: dict | None) -> str:
    carried = _bottom_up(tree.copy(), _rewrite(params))
    return carried.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)


# ------------------------------------------------------------------------------------ the Spark guard


def _func_keys(spark_sql: str) -> set[str]:
    from .validator import SYNTAX_NODES, _func_key

    tree = sqlglot.parse_one(spark_sql, read="spark")
    return {_func_key(n) for n in tree.walk() if isinstance(n, exp.Func) and not isinstance(n, SYNTAX_NODES)}


# Spellings beyond the allow-list's samples that carry to other Spark nodes (ordered or distinct string_agg,
# one-argument round, day differences, sizes of list parameters).
EXTRA_SAMPLES = ("string_agg(x, ',' ORDER BY y DESC, x)", "string_agg(DISTINCT x, ',' ORDER BY x)", "round(x)",
                 "date_diff('day', CAST(a AS DATE), CAST(b AS DATE))", "len([1, 2])", "avg(x) / count(x)",
                 "CAST(d AS DATE) + INTERVAL 1 DAY",
                 "date_diff('minute', a, b)", "coalesce(sum(x) FILTER (WHERE y > 1), 0)", "a IS NOT DISTINCT FROM b")


@lru_cache(maxsize=1)
def spark_allowed_keys() -> frozenset[str]:
    """Function nodes the allow-list (and the shim's Spark bodies) carry to, read back from Spark SQL."""
    from .validator import ALLOWED_CALLS

    keys: set[str] = set()
    for call in (*ALLOWED_CALLS, *EXTRA_SAMPLES):
        keys |= _func_keys(_generate(sqlglot.parse_one(f"SELECT {call}", read="duckdb"), None))
    for macro in MACROS.values():
        keys |= _func_keys(f"SELECT {macro.spark}")
    return frozenset(keys)


def guard(spark_sql: str, views: set[str]) -> list[Refusal]:
    """Check Spark SQL on its own: one SELECT over ``views`` (and its own CTEs), allow-listed functions only."""
    from .validator import FORBIDDEN_STATEMENTS, SYNTAX_NODES, _fn_label, _func_key

    try:
        statements = [s for s in sqlglot.parse(spark_sql, read="spark") if s is not None]
    except (ParseError, TokenError) as exc:
        return [Refusal("carry.guard", f"生成的 Spark SQL 无法解析：{exc}")]
    if len(statements) != 1 or not isinstance(statements[0], (exp.Select, exp.SetOperation)):
        return [Refusal("carry.guard", "只允许一条 SELECT 语句。")]
    tree = statements[0]
    out: list[Refusal] = []
    if any(isinstance(n, FORBIDDEN_STATEMENTS) for n in tree.walk()):
        out.append(Refusal("carry.guard", "语句中含有 SELECT 以外的操作。"))
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier) or table.args.get("db") or table.args.get("catalog") \
                or table.name.lower() not in views | ctes:
            out.append(Refusal("carry.guard", f"不允许读取 {table.sql(dialect='spark')}：只能读取契约视图。"))
    allowed = spark_allowed_keys()
    for node in tree.walk():
        if isinstance(node, exp.Func) and not isinstance(node, SYNTAX_NODES) and _func_key(node) not in allowed:
            out.append(Refusal("carry.function", f"函数 {_fn_label(node)}() 不能在 Spark 上运行（不在白名单能转写到的函数之中）。"))
    return out


# ------------------------------------------------------------------------------------------ public


def check(sql: str, params: dict | None = None, views: set[str] | None = None) -> list[Refusal]:
    """Every reason ``sql`` (one DuckDB SELECT) cannot be carried to Spark; empty when it can."""
    from qingfeng.records.contract import DATASETS

    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except (ParseError, TokenError) as exc:
        return [Refusal("carry.unsupported", f"SQL 无法解析：{exc}")]
    found = refusals(tree, params)
    if found:
        return found
    try:
        spark_sql = _generate(tree, params)
    except SqlglotError as exc:
        return [Refusal("carry.unsupported", f"SQLGlot 无法把它写成 Spark SQL：{exc}")]
    return guard(spark_sql, views if views is not None else set(DATASETS))


def to_spark(sql: str, params: dict | None = None, *, views: set[str] | None = None) -> str:
    """The Spark SQL that means what ``sql`` means in DuckDB; raises CarryError naming what cannot be carried."""

    problems = check(sql, params, views)
    if problems:
        raise CarryError(problems)
    return _generate(sqlglot.parse_one(sql, read="duckdb"), params)


def internal_to_spark(sql: str) -> str:
    """Engine-internal SQL (restricting a view for an incremental run): carried, not guarded."""
    return _generate(sqlglot.parse_one(sql, read="duckdb"), None)
