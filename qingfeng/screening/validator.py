"""The rule validator: reads a rule's SQL with SQLGlot (DuckDB dialect) and its rule.yaml and cases.yaml,
and says in Chinese what is wrong and what to write instead.

Checks on the SQL: exactly one SELECT (WITH and UNION allowed); no DDL, DML, COPY, ATTACH, PRAGMA or SET;
tables only from the data contract or the rule's own CTEs; functions only from the allow-list below and
the shim macros; a portability lint for idioms whose meaning differs between DuckDB, Spark and
PostgreSQL (each message names the portable idiom); every ``$param`` declared in rule.yaml and every
declared parameter used; and that the rule can be carried to Spark with the same meaning (``carry.*``
codes name the construct that cannot). The engine's lock-down is the second wall: the validator is not the only one.
"""

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from qingfeng.records.contract import DATASETS

from . import carry
from .catalogue import Rule
from .shim import MACROS

STATUSES = ("experimental", "stable", "deprecated")
SEVERITIES = ("blue", "yellow", "red")
DOMAINS = ("finance", "approvals", "procurement", "land", "projects", "wages", "people", "tickets", "oversight",
           "decisions", "inspections", "accountability", "disclosure", "enterprise", "conduct")
SUBJECTS = ("payment", "department", "budget_line", "payee", "account", "person", "company", "contract", "project",
            "case", "ticket", "task", "meeting")
DEADLINE_UNITS = ("working_day", "calendar_day", "natural_hour")
CASE_LABELS = ("true_positive", "clean", "edge")
RULE_ID = re.compile(r"^[A-Z]{2,8}-\d{3}$")
VERSION = re.compile(r"^\d+\.\d+\.\d+$")

# Functions a rule may call, in DuckDB spelling; the validator compares SQLGlot's reading of each.
ALLOWED_CALLS = (
    # aggregates
    "count(x)", "sum(x)", "min(x)", "max(x)", "avg(x)", "any_value(x)", "string_agg(x, ',')", "list(x)",
    "array_agg(x)", "median(x)", "stddev_samp(x)", "stddev_pop(x)", "var_samp(x)", "var_pop(x)", "bool_or(x)",
    "bool_and(x)", "count_if(x)",
    # the n smallest / largest per group, ties broken by the value itself (carry.top_n)
    "min_by(x, struct_pack(k := y, id := x), 10)", "max_by(x, struct_pack(k := y, id := x), 10)", "struct_pack(k := y, id := x)",
    # window functions
    "row_number()", "rank()", "dense_rank()", "lag(x)", "lead(x)", "first_value(x)", "last_value(x)",
    "percent_rank()", "cume_dist()", "ntile(4)",
    # numbers
    "abs(x)", "round(x, 2)", "trunc(x)", "floor(x)", "ceil(x)", "sign(x)", "sqrt(x)", "ln(x)", "log10(x)", "exp(x)",
    "power(x, 2)", "least(a, b)", "greatest(a, b)", "coalesce(a, b)", "nullif(a, b)", "if(a, b, c)",
    # dates
    "year(d)", "month(d)", "day(d)", "date_trunc('month', d)", "last_day(d)", "date_diff('day', a, b)",
    "make_date(2024, 1, 1)", "date_add(d, INTERVAL 1 DAY)",
    # text
    "lower(s)", "upper(s)", "trim(s)", "length(s)", "substr(s, 1, 3)", "concat(a, b)", "concat_ws('|', a, b)",
    "contains(s, 'x')", "starts_with(s, 'x')", "ends_with(s, 'x')", "replace(s, 'a', 'b')", "lpad(s, 2, '0')",
    "rpad(s, 2, '0')", "split_part(s, ',', 1)", "regexp_matches(s, 'x')", "regexp_extract(s, 'x')",
    "regexp_replace(s, 'a', 'b')", "strpos(s, 'x')", "left(s, 2)", "right(s, 2)",
    # lists (list parameters)
    "list_contains(l, x)", "len(l)", "unnest(l)", "array_to_string(l, ',')",
)
# Syntax that SQLGlot models as a function node but authors write as an operator or keyword.
SYNTAX_NODES = (exp.Connector, exp.Case, exp.If, exp.Cast, exp.Exists, exp.Array, exp.Unnest, exp.Extract,
                exp.IgnoreNulls, exp.Distinct)
INT_TYPES = exp.DataType.INTEGER_TYPES - {exp.DataType.Type.BIT}
ROUNDING = (exp.Round, exp.Trunc, exp.Floor, exp.Ceil)
INTEGRAL = (exp.Count, exp.CountIf, exp.Year, exp.Month, exp.Day, exp.Length, exp.RowNumber, exp.Rank,
            exp.DenseRank, exp.Ntile, exp.DateDiff, exp.StrPosition, exp.ArraySize)
FORBIDDEN_STATEMENTS = tuple(getattr(exp, n) for n in (
    "Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "Copy", "Attach", "Detach", "Pragma", "Set",
    "Command", "Into", "Use", "Transaction", "Commit", "Rollback", "LoadData", "Describe", "Show", "Install",
    "Summarize", "Export", "Refresh", "Cache", "Uncache", "Analyze", "Grant", "Revoke", "TruncateTable",
) if hasattr(exp, n))
WEEKDAY_UNITS = {"dow", "isodow", "dayofweek", "dayofweekiso", "weekday", "day_of_week", "day_of_week_iso"}
CALENDAR_UNITS = {"month", "months", "mon", "year", "years", "yr", "y", "quarter", "quarters", "week", "weeks"}

WEEKDAY_FIX = ("星期几的编号在各引擎不同（DuckDB dayofweek 周日=0，Spark DAYOFWEEK 周日=1，PostgreSQL 无此函数），"
               "换引擎会静默出错。判断是否上班用 is_workday(d)（按工作日历，含调休）；只看周六周日用 is_weekend(d)。")
MONTH_DIFF_FIX = ("按月/年的 date_diff 各引擎含义不同（DuckDB 数跨过的边界，Spark 数整月），会静默出错。"
                  "月份差写成 (year(b) - year(a)) * 12 + month(b) - month(a) 或 month_boundaries_between(a, b)；"
                  "年份差写成 year(b) - year(a)；天数差 date_diff('day', a, b) 可以用。")
INT_CAST_FIX = ("把小数 CAST 成整数时各引擎取整方式不同（DuckDB 与 PostgreSQL 四舍五入，Spark 截断），会静默出错。"
                "请显式取整：CAST(round(x) AS BIGINT)、CAST(trunc(x) AS BIGINT)，或 to_int_rounded(x)。")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class RuleInvalid(Exception):
    def __init__(self, rule_id: str, problems: list[Problem]):
        self.rule_id = rule_id
        self.problems = problems
        super().__init__(f"规则 {rule_id} 未通过校验：" + "；".join(str(p) for p in problems))


def _func_key(node: exp.Expression) -> str:
    return f"anon:{node.name.lower()}" if isinstance(node, exp.Anonymous) else type(node).__name__


def _allowed_keys() -> frozenset[str]:
    keys = set()
    for call in ALLOWED_CALLS:
        node = sqlglot.parse_one(f"SELECT {call}", read="duckdb").expressions[0]
        while isinstance(node, exp.IgnoreNulls):
            node = node.this
        keys.add(_func_key(node))
    keys.update(f"anon:{name}" for name in MACROS)
    return frozenset(keys)


ALLOWED_KEYS = _allowed_keys()


def allowed_function_names() -> list[str]:
    """The allow-list in DuckDB spelling, for docs and messages."""
    return sorted({c.split("(")[0] for c in ALLOWED_CALLS} | set(MACROS))


def _fn_label(node: exp.Expression) -> str:
    if isinstance(node, exp.Anonymous):
        return node.name
    return node.sql(dialect="duckdb").split("(")[0] or type(node).__name__


def _unit_name(node) -> str:
    if node is None:
        return ""
    if isinstance(node, exp.Literal):
        return node.this.lower()
    return node.name.lower() if hasattr(node, "name") else str(node).lower()


def _decimal_columns() -> set[str]:
    return {c.name for ds in DATASETS.values() for c in ds.columns if c.type == "decimal"}


def _is_decimalish(node: exp.Expression, decimal_names: set[str]) -> bool:
    """Could ``node`` carry a fraction? Conservative: arithmetic, averages, decimal columns, placeholders."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, ROUNDING) or isinstance(node, INTEGRAL):
        return False
    if isinstance(node, exp.Literal):
        return not node.is_string and not re.fullmatch(r"-?\d+", node.this)
    if isinstance(node, exp.Column):
        return node.name.lower() in decimal_names
    if isinstance(node, (exp.Div, exp.Mul, exp.Add, exp.Sub, exp.Avg, exp.Median, exp.Placeholder)):
        return True
    if isinstance(node, (exp.Sum, exp.Min, exp.Max, exp.AnyValue, exp.Coalesce, exp.Abs)):
        return any(_is_decimalish(a, decimal_names) for a in node.iter_expressions())
    if isinstance(node, exp.Cast):
        return node.to.this in (exp.DataType.Type.DECIMAL, exp.DataType.Type.DOUBLE, exp.DataType.Type.FLOAT)
    return False


def _lint(node: exp.Expression, decimal_names: set[str]) -> Problem | None:
    """A portability problem at ``node``, or None."""
    if isinstance(node, (exp.DayOfWeek, exp.DayOfWeekIso)) or (
            isinstance(node, exp.Anonymous) and node.name.lower() in WEEKDAY_UNITS):
        return Problem("portability.weekday", f"不可使用 {_fn_label(node)}()：{WEEKDAY_FIX}")
    if isinstance(node, exp.Extract) and _unit_name(node.this) in WEEKDAY_UNITS:
        return Problem("portability.weekday", f"不可使用 EXTRACT({_unit_name(node.this)} FROM …)：{WEEKDAY_FIX}")
    if isinstance(node, exp.Anonymous) and node.name.lower() in ("date_part", "datepart") and node.expressions:
        if _unit_name(node.expressions[0]) in WEEKDAY_UNITS:
            return Problem("portability.weekday", f"不可使用 date_part('{_unit_name(node.expressions[0])}', …)：{WEEKDAY_FIX}")
    if isinstance(node, exp.DateDiff) and _unit_name(node.args.get("unit")) in CALENDAR_UNITS:
        return Problem("portability.date_diff", f"不可使用 date_diff('{_unit_name(node.args.get('unit'))}', …)：{MONTH_DIFF_FIX}")
    if isinstance(node, exp.Anonymous) and node.name.lower() in ("date_sub", "datesub", "datediff", "date_diff"):
        if node.expressions and _unit_name(node.expressions[0]) in CALENDAR_UNITS:
            return Problem("portability.date_diff", f"不可使用 {node.name}('{_unit_name(node.expressions[0])}', …)：{MONTH_DIFF_FIX}")
    if isinstance(node, exp.Cast) and node.to.this in INT_TYPES and _is_decimalish(node.this, decimal_names):
        return Problem("portability.int_cast", f"不可直接 {node.sql(dialect='duckdb')}：{INT_CAST_FIX}")
    if isinstance(node, exp.Group) and node.args.get("all"):
        return Problem("portability.group_by_all", "不可使用 GROUP BY ALL（PostgreSQL 不支持）：请逐一列出分组表达式。")
    if isinstance(node, exp.Star) and (node.args.get("except_") or node.args.get("except") or node.args.get("replace") or node.args.get("rename")):
        return Problem("portability.star_exclude",
                       "不可使用 SELECT * EXCLUDE / REPLACE（Spark 与 PostgreSQL 写法不同或不支持）：请逐一列出需要的列。")
    if isinstance(node, (exp.PercentileCont, exp.PercentileDisc, exp.Quantile, exp.ApproxQuantile)) or (
            isinstance(node, exp.Anonymous) and node.name.lower() in ("quantile", "quantile_cont", "quantile_disc")):
        return Problem("portability.quantile",
                       f"不可使用 {_fn_label(node)}()（Spark 上参数个数不同，PostgreSQL 精度不同）：中位数用 median(x)；"
                       "其他分位数用 percent_rank() OVER (ORDER BY x) 算出排位后筛选。")
    if isinstance(node, exp.Window) and node.this is not None and node.this.find(exp.Distinct):
        return Problem("portability.distinct_window",
                       f"不可在窗口中使用 DISTINCT 聚合（{node.this.sql(dialect='duckdb')} OVER …，Spark 与 PostgreSQL 均不支持）："
                       "先在子查询或 CTE 中 GROUP BY 去重，再对结果开窗；计数也可用 dense_rank() 的最大值。")
    return None


def _output_columns(tree: exp.Expression) -> list[str]:
    select = tree
    while isinstance(select, exp.SetOperation):
        select = select.left
    if not isinstance(select, exp.Select):
        return []
    return [e.alias_or_name for e in select.expressions]


def check_sql(sql: str, *, params: dict | None = None, required_columns: tuple[str, ...] = ("subject_key",)) -> list[Problem]:
    """Problems with one rule's SQL; ``params`` are the declared parameter names (None: do not check)."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except (ParseError, TokenError) as exc:
        return [Problem("parse", f"SQL 无法解析（DuckDB 方言）：{exc}")]
    if len(statements) != 1:
        return [Problem("statement.count", f"rule.sql 只能有一条 SELECT 语句，现在有 {len(statements)} 条。")]
    tree = statements[0]
    problems: list[Problem] = []
    if not isinstance(tree, (exp.Select, exp.SetOperation)):
        kind = type(tree).__name__.upper()
        return [Problem("statement.kind", f"只允许 SELECT（可带 WITH 与 UNION），不允许 {kind} 语句。")]

    for node in tree.walk():
        if isinstance(node, FORBIDDEN_STATEMENTS):
            problems.append(Problem("statement.kind", f"不允许在规则中出现 {type(node).__name__.upper()}：规则只能是一条 SELECT。"))

    cte_names = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    linted: set[int] = set()
    for table in tree.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            linted.update(id(n) for n in table.walk())
            problems.append(Problem("table.function", f"不允许在 FROM 中调用表函数 {table.this.sql(dialect='duckdb')}："
                                    "规则只能读取数据契约中的视图（不得读取文件或生成表）。"))
            continue
        if table.args.get("db") or table.args.get("catalog"):
            problems.append(Problem("table.qualified", f"不允许带库名的表 {table.sql(dialect='duckdb')}：直接写视图名。"))
            continue
        name = table.name.lower()
        if name not in DATASETS and name not in cte_names:
            problems.append(Problem("table.unknown", f"未知的表 {table.name}：规则只能读取数据契约中的视图（"
                                    f"{', '.join(sorted(DATASETS))}）或本规则 WITH 中定义的名字。"))

    decimal_names = _decimal_columns() | {
        a.alias.lower() for a in tree.find_all(exp.Alias) if _is_decimalish(a.this, _decimal_columns())}
    for node in tree.walk():
        problem = _lint(node, decimal_names)
        if problem:
            problems.append(problem)
            linted.add(id(node))
    for node in tree.walk():
        if not isinstance(node, exp.Func) or isinstance(node, SYNTAX_NODES) or id(node) in linted:
            continue
        if _func_key(node) not in ALLOWED_KEYS:
            problems.append(Problem("function.forbidden", f"不允许调用函数 {_fn_label(node)}()：不在函数白名单中"
                                    "（白名单见 docs/rule-authoring.md；读取文件、反射、系统函数一律禁止）。"))

    used = set()
    for ph in tree.find_all(exp.Placeholder, exp.Parameter):
        name = ph.name
        if not name or name.isdigit():
            problems.append(Problem("param.positional", f"参数必须命名（$name），不能用 {ph.sql(dialect='duckdb')}。"))
            continue
        used.add(name)
    if params is not None:
        for name in sorted(used - set(params)):
            problems.append(Problem("param.undeclared", f"SQL 用到 ${name}，但 rule.yaml 的 params 中没有声明它。"))
        for name in sorted(set(params) - used):
            problems.append(Problem("param.unused", f"rule.yaml 声明了参数 {name}，但 SQL 没有用到 ${name}。"))

    if not problems:
        # Only a rule that is sound in DuckDB is worth carrying; each refusal names the construct.
        problems += [Problem(r.code, r.message) for r in carry.check(sql, params)]

    columns = _output_columns(tree)
    for col in required_columns:
        if col not in columns:
            problems.append(Problem("output.column", f"结果必须有列 {col}（用 AS {col} 命名），现有：{', '.join(columns) or '无'}。"))
    return problems


def _check_meta(rule: Rule) -> list[Problem]:
    problems = []

    def need(cond, code, message):
        if not cond:
            problems.append(Problem(code, message))

    meta = rule.meta
    need(RULE_ID.match(rule.id), "yaml.id", f"id {rule.id!r} 格式应为 领域前缀-三位数字（如 FIN-007）。")
    need(rule.path.name == rule.id, "yaml.id", f"id {rule.id} 与目录名 {rule.path.name} 不一致。")
    need(rule.domain in DOMAINS, "yaml.domain", f"domain {rule.domain!r} 不在 {', '.join(DOMAINS)} 之中。")
    need(rule.path.parent.name == rule.domain, "yaml.domain", f"domain {rule.domain} 与上级目录 {rule.path.parent.name} 不一致。")
    need(rule.title_zh and rule.title_en, "yaml.title", "title 需要 zh 与 en 两种写法。")
    need(rule.status in STATUSES, "yaml.status", f"status 应为 {' | '.join(STATUSES)}。")
    need(VERSION.match(rule.version), "yaml.version", f"version {rule.version!r} 应为 主.次.修订（如 1.0.0）。")
    need(rule.severity in SEVERITIES, "yaml.severity", f"severity 应为 {' | '.join(SEVERITIES)}。")
    need(rule.subject in SUBJECTS, "yaml.subject", f"subject {rule.subject!r} 应为 {', '.join(SUBJECTS)} 之一。")
    need(rule.description, "yaml.description", "缺少 description（规则查什么、为什么）。")
    need(rule.false_positive_notes, "yaml.false_positive_notes", "缺少 false_positive_notes（哪些情形会误报、如何答复）。")
    basis = rule.basis
    need(basis and all(isinstance(b, dict) and b.get("law") and b.get("text") for b in basis), "yaml.basis",
         "basis 应为非空列表，每项含 law（法规或文件名）与 text（条文或要点），可含 article。")
    for name, p in rule.params.items():
        need(re.fullmatch(r"[a-z][a-z0-9_]*", name), "yaml.params", f"参数名 {name} 只能用小写字母、数字与下划线。")
        need(p.default is not None, "yaml.params", f"参数 {name} 缺少 default。")
        need(p.unit, "yaml.params", f"参数 {name} 缺少 unit（元、比例、天、编码列表……）。")
        need(p.zh, "yaml.params", f"参数 {name} 缺少中文说明 zh。")
        need(p.basis, "yaml.params", f"参数 {name} 缺少 basis（取值依据）。")
    deadline = rule.answer_deadline
    amount = deadline.get("amount")
    need(isinstance(amount, int) and not isinstance(amount, bool) and amount > 0 and deadline.get("unit") in DEADLINE_UNITS,
         "yaml.answer_deadline", f"answer_deadline 应为 {{amount: 正整数, unit: {' | '.join(DEADLINE_UNITS)}}}。")
    key = DATASETS.get(rule.evidence_dataset)
    need(key is not None and len(key.key) == 1, "yaml.evidence_dataset",
         f"evidence_dataset {rule.evidence_dataset!r} 应为以单列为键的数据集（如 payments）。")
    if "incremental" in meta:
        from .incremental import declaration_problems

        problems += [Problem("yaml.incremental", why) for why in declaration_problems(rule)]
    unknown = set(meta) - {"id", "title", "status", "version", "severity", "domain", "subject", "basis", "params", "routing",
                           "answer_deadline", "false_positive_notes", "description", "evidence_dataset", "incremental"}
    need(not unknown, "yaml.unknown_field", f"rule.yaml 有未知字段：{', '.join(sorted(unknown))}。")
    return problems


def _check_cases(rule: Rule) -> list[Problem]:
    problems = []
    labels = {c.label for c in rule.cases}
    for label in CASE_LABELS:
        if label not in labels:
            problems.append(Problem("cases.label", f"cases.yaml 至少需要一个 {label} 用例。"))
    names = [c.name for c in rule.cases]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem("cases.name", f"用例名 {name} 重复。"))
    for case in rule.cases:
        if case.label not in CASE_LABELS:
            problems.append(Problem("cases.label", f"用例 {case.name} 的 label {case.label!r} 应为 {' | '.join(CASE_LABELS)}。"))
        for dataset, rows in case.given.items():
            if dataset not in DATASETS:
                problems.append(Problem("cases.dataset", f"用例 {case.name} 给出了未知数据集 {dataset}。"))
                continue
            known = set(DATASETS[dataset].column_names)
            for row in rows:
                extra = set(row) - known
                if extra:
                    problems.append(Problem("cases.column", f"用例 {case.name} 的 {dataset} 行有未知列：{', '.join(sorted(extra))}。"))
                    break
        for name in set(case.params) - set(rule.params):
            problems.append(Problem("cases.params", f"用例 {case.name} 覆盖了未声明的参数 {name}。"))
    return problems


def check_rule(rule: Rule) -> list[Problem]:
    """Every problem with a rule: its rule.yaml fields, its SQL, its parameters and its cases."""
    return (_check_meta(rule)
            + check_sql(rule.sql, params=rule.params, required_columns=("subject_key", rule.routing))
            + _check_cases(rule))


def validate_rule(rule: Rule) -> Rule:
    problems = check_rule(rule)
    if problems:
        raise RuleInvalid(rule.id, problems)
    return rule
