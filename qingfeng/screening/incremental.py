"""Incremental screening: after an import, each rule is re-evaluated only for what the new batch can change,
and only new or changed findings are kept (``screening.actions.screen_incremental`` runs it).

A rule says in rule.yaml what re-evaluating it needs::

    incremental:
      keys: [payer_department_code, "year(paid_at)"]   # expressions over the dataset's columns
      lookback_days: $window_days                       # optional: a number of days or a parameter
      dataset: payments                                 # optional: default the rule's evidence dataset

    incremental: {scope: full}                          # the rule needs everything (the default)

Meaning: a subject's finding depends only on the rows that share its key values (and, with a look-back,
only on rows from ``lookback_days`` days before the earliest new row on). After a batch, the rule runs over
the rows whose keys equal those of a new row (or of a row that a correction removed); when the keys
include the dataset's own key (``payment_id``), it runs over the new rows alone. Findings outside those
keys cannot have changed. A rule runs in full instead when it has no declaration, when the batch is of
another dataset it reads, when its SQL, version or parameters changed, or when a registry it reads
(calendar, departments, sensitive words …) changed since its last run; a rule that reads nothing the
batch touched is skipped.

A declaration is tested on every rule's cases (tests/screening/test_incremental_cases.py): with any of the
case's rows arriving as the new batch, what the restricted run keeps must equal what a full run would add.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import pyarrow as pa
import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from qingfeng.records import contract

from .catalogue import Rule
from .engines.base import all_name, quote, sql_string
from .shim import MACROS

PARAM = re.compile(r"^\$([a-z][a-z0-9_]*)$")


@dataclass(frozen=True)
class Declaration:
    dataset: str
    keys: tuple[str, ...] = ()
    lookback: int | str | None = None  # days, or the name of a parameter that gives them
    full: bool = False


def declaration(rule: Rule) -> Declaration:
    spec = rule.incremental or {}
    dataset = str(spec.get("dataset") or rule.evidence_dataset or "payments")
    if not spec or spec.get("scope") == "full" or not spec.get("keys"):
        return Declaration(dataset, full=True)
    lookback = spec.get("lookback_days")
    if isinstance(lookback, str) and PARAM.match(lookback.strip()):
        lookback = PARAM.match(lookback.strip()).group(1)
    return Declaration(dataset, tuple(str(k) for k in spec["keys"]), lookback)


def time_column(dataset: str) -> str | None:
    """The column a look-back counts on: the dataset's first timestamp (or date) column."""
    ds = contract.get(dataset)
    for kind in ("timestamp", "date"):
        for c in ds.columns:
            if c.type == kind:
                return c.name
    return None


def declaration_problems(rule: Rule) -> list[str]:
    """What is wrong with a rule's ``incremental`` field, in Chinese (the validator's yaml.incremental)."""
    spec = rule.meta.get("incremental")
    if not isinstance(spec, dict):
        return ["incremental 应为映射：{keys: [...], lookback_days: N} 或 {scope: full}。"]
    unknown = set(spec) - {"keys", "lookback_days", "dataset", "scope"}
    if unknown:
        return [f"incremental 有未知字段：{', '.join(sorted(unknown))}。"]
    if spec.get("scope") not in (None, "full"):
        return ["incremental.scope 只能是 full。"]
    if spec.get("scope") == "full":
        return [] if set(spec) == {"scope"} else ["incremental 写了 scope: full 就不再写 keys 或 lookback_days。"]
    decl = declaration(rule)
    ds = contract.DATASETS.get(decl.dataset)
    if ds is None or ds.kind != "record":
        return [f"incremental.dataset {decl.dataset!r} 应为导入的记录数据集（{', '.join(n for n, d in contract.DATASETS.items() if d.kind == 'record')}）。"]
    keys = spec.get("keys")
    if not isinstance(keys, list) or not keys:
        return ["incremental.keys 应为非空列表：决定命中对象的列或表达式（如 payer_department_code、year(paid_at)）。"]
    out = []
    columns = set(ds.column_names)
    for key in keys:
        try:
            tree = sqlglot.parse_one(str(key), read="duckdb")
        except SqlglotError:
            out.append(f"incremental.keys 中的 {key!r} 无法解析。")
            continue
        used = {c.name for c in tree.find_all(exp.Column)}
        if not used or used - columns or tree.find(exp.Select, exp.Placeholder):
            out.append(f"incremental.keys 中的 {key!r} 只能用 {decl.dataset} 的列（{', '.join(sorted(used - columns)) or '没有列'}）。")
    lookback = decl.lookback
    if lookback is not None:
        if isinstance(lookback, str):
            param = rule.params.get(lookback)
            if param is None or not isinstance(param.default, int) or isinstance(param.default, bool):
                out.append(f"incremental.lookback_days 引用的参数 ${lookback} 应为已声明的整数参数（天数）。")
        elif not isinstance(lookback, int) or isinstance(lookback, bool) or lookback < 0:
            out.append("incremental.lookback_days 应为不小于 0 的整数天数，或 $参数名。")
        if time_column(decl.dataset) is None:
            out.append(f"incremental.lookback_days：数据集 {decl.dataset} 没有日期或时间列，无从回看。")
    return out


def tables_read(rule: Rule) -> set[str]:
    """Contract datasets the rule reads (its SQL, and the registries its shim macros read)."""
    return set(_tables_read(rule.sql))


@lru_cache(maxsize=512)
def _tables_read(sql: str) -> frozenset[str]:
    tree = sqlglot.parse_one(sql, read="duckdb")
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    names = {t.name.lower() for t in tree.find_all(exp.Table)} - ctes
    for call in tree.find_all(exp.Anonymous):
        macro = MACROS.get(call.name.lower())
        if macro:
            names |= set(macro.reads)
    return frozenset(names & set(contract.DATASETS))


def lookback_days(decl: Declaration, params: dict) -> int | None:
    if decl.lookback is None:
        return None
    value = params.get(decl.lookback) if isinstance(decl.lookback, str) else decl.lookback
    return int(value)


def table_digest(table: pa.Table) -> str:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


class RegistryCapture:
    """Passed as a session's ``load_registries``: loads the snapshots and keeps a digest of each, so a run
    can record which registry state each rule saw."""

    def __init__(self, loader=None):
        self.loader = loader
        self.digests: dict[str, str] = {}

    def __call__(self, span):
        from .snapshots import registry_tables

        tables = (self.loader or registry_tables)(span)
        self.digests = {name: table_digest(t) for name, t in tables.items()}
        return tables

    def for_rule(self, rule: Rule) -> dict[str, str]:
        return {name: self.digests[name] for name in sorted(tables_read(rule)) if name in self.digests}


# ------------------------------------------------------------------------------------------ planning


@dataclass
class RulePlan:
    rule: Rule
    mode: str  # skip | restricted | full
    reason: str
    new: frozenset[int] = frozenset()  # batches the rule has not seen
    gone: frozenset[int] = frozenset()  # batches it saw that a correction has since replaced


def plan(rule: Rule, params: dict, baseline: dict | None, baseline_batches: set[int], visible: dict[int, str],
         registries: dict[str, str]) -> RulePlan:
    """How to re-evaluate ``rule``: ``baseline`` is its entry in its last good run, ``visible`` the batches
    now readable ({id: dataset}), ``registries`` the digests of the registries it reads now."""
    if baseline is None:
        return RulePlan(rule, "full", "此前没有成功运行过")
    if baseline.get("content_hash") != rule.content_hash or baseline.get("version") != rule.version:
        return RulePlan(rule, "full", "规则已修改")
    from .evidence import json_safe

    if baseline.get("params") != json_safe(params):
        return RulePlan(rule, "full", "参数已变")
    if baseline.get("registries") != registries:
        return RulePlan(rule, "full", "所读登记表已变")
    new = frozenset(set(visible) - baseline_batches)
    gone = frozenset(baseline_batches - set(visible))
    from qingfeng.records.models import ImportBatch

    touched = {visible[b] for b in new} | set(ImportBatch.objects.filter(pk__in=gone).values_list("dataset", flat=True))
    touched &= tables_read(rule)
    if not touched:
        return RulePlan(rule, "skip", "新批次不涉及本规则读取的数据", new, gone)
    decl = declaration(rule)
    if decl.full:
        return RulePlan(rule, "full", "规则声明需全量重算", new, gone)
    if touched != {decl.dataset}:
        return RulePlan(rule, "full", f"新批次涉及 {', '.join(sorted(touched - {decl.dataset}))}", new, gone)
    return RulePlan(rule, "restricted", "按键重算", new, gone)


# --------------------------------------------------------------------------------- restricted views


def relation_names(label: str, dataset: str, index: int) -> str:
    return f"__{label}{index}_{dataset}"


def contract_columns(dataset: str) -> str:
    return ", ".join(quote(c) for c in contract.get(dataset).column_names)


# Not policy: a key with more distinct new values than this is matched by the join only, not listed in an IN.
MAX_LISTED_VALUES = 1000


def key_shape(key: str, types: dict[str, str]) -> tuple[str, str] | None:
    """("column", c) for a plain string or integer column, ("year" | "month", c) for year()/month() of a date or
    time column; None for any other expression (a pushed-down predicate cannot stand in for it)."""
    try:
        tree = sqlglot.parse_one(key, read="duckdb")
    except SqlglotError:
        return None
    if isinstance(tree, exp.Column) and types.get(tree.name) in ("string", "enum", "integer"):
        return "column", tree.name
    if isinstance(tree, (exp.Year, exp.Month)) and isinstance(tree.this, exp.Column) \
            and types.get(tree.this.name) in ("date", "timestamp"):
        return ("year" if isinstance(tree, exp.Year) else "month"), tree.this.name
    return None


def _literal(value, kind: str) -> str:
    if kind == "integer":
        return str(int(value))
    if kind == "timestamp":
        return f"TIMESTAMP '{value.isoformat()} 00:00:00'"
    if kind == "date":
        return f"DATE '{value.isoformat()}'"
    return sql_string(str(value))


def _period(first: date, last: date, unit: str) -> tuple[date, date]:
    """[start of first's year or month, start of the period after last's)."""
    if unit == "year":
        return date(first.year, 1, 1), date(last.year + 1, 1, 1)
    after = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return date(first.year, first.month, 1), after


class Restrictions:
    """Restricted relations of one session, made once per (batch set, dataset, keys, look-back).

    A restricted relation is the rows whose key values equal those of a new (or removed) row. Where it can,
    it is written as predicates a Parquet scan pushes down (``col IN (…)`` for plain columns, a date range
    for ``year()``/``month()`` keys): each depends on a row's key values alone, so it keeps whole key
    groups and the rule's findings for them are exact; groups it keeps that the batch did not touch give the
    findings they gave before, which the run then drops as unchanged. Keys it cannot write so, and every
    rule with a look-back (whose window must stay exact to its keys), are matched by a join on the keys of
    the new rows. ``pushdown=False`` uses the join alone (the benchmark's reference path).
    """

    def __init__(self, session, batch_sets: dict[tuple, int], *, pushdown: bool = True):
        self.session = session
        self.batch_sets = batch_sets  # (new, gone) → index of its extra relations
        self.pushdown = pushdown
        self.made: dict[tuple, str] = {}

    def relation(self, plan_: RulePlan, params: dict) -> str:
        decl = declaration(plan_.rule)
        index = self.batch_sets[(plan_.new, plan_.gone)]
        ds = contract.get(decl.dataset)
        new_rel = relation_names("new", decl.dataset, index)
        if set(ds.key) <= set(decl.keys):
            return new_rel  # the subject is a row of the batch: its new rows are all there is to look at
        days = lookback_days(decl, params)
        signature = (index, decl.dataset, decl.keys, days)
        if signature in self.made:
            return self.made[signature]
        n = len(self.made)
        sources = [new_rel] + ([relation_names("gone", decl.dataset, index)] if plan_.gone else [])
        union = " UNION ALL ".join(f"SELECT * FROM {quote(r)}" for r in sources)
        keys_rel = f"__keys{n}_{decl.dataset}"
        key_list = ", ".join(f"{k} AS __k{i}" for i, k in enumerate(decl.keys))
        self.session.define(keys_rel, f"SELECT DISTINCT {key_list} FROM ({union}) AS __src", table=True)
        types = {c.name: c.type for c in ds.columns}
        where, covered = self._box(decl, types, union, keys_rel) if self.pushdown else ([], False)
        column = time_column(decl.dataset)
        if days is not None and column:
            (first,) = self.session.query(f"SELECT min(CAST({quote(column)} AS DATE)) FROM ({union}) AS __src")[0]
            if first is not None:
                since = first - timedelta(days=days) if isinstance(first, date) else first
                where.append(f"{quote(column)} >= {_literal(since, types[column])}")
        rel = f"__restricted{n}_{decl.dataset}"
        condition = (" WHERE " + " AND ".join(where)) if where else ""
        if covered and days is None:
            self.session.define(rel, f"SELECT {contract_columns(decl.dataset)} FROM {quote(all_name(decl.dataset))}{condition}")
        else:
            match = " AND ".join(f"k.__k{i} IS NOT DISTINCT FROM d.__k{i}" for i in range(len(decl.keys)))
            self.session.define(rel, (
                f"SELECT {contract_columns(decl.dataset)} FROM (SELECT *, {key_list} FROM {quote(all_name(decl.dataset))}{condition}) AS d "
                f"WHERE EXISTS (SELECT 1 FROM {quote(keys_rel)} AS k WHERE {match})"))
        self.made[signature] = rel
        return rel

    def _box(self, decl: Declaration, types: dict[str, str], union: str, keys_rel: str) -> tuple[list[str], bool]:
        """Pushed-down predicates over the key values of the new rows, and whether they stand for every key."""
        predicates, covered, periods = [], True, {}
        for i, key in enumerate(decl.keys):
            shape = key_shape(key, types)
            if shape is None:
                covered = False
            elif shape[0] == "column":
                name = shape[1]
                values = [v for (v,) in self.session.query(
                    f"SELECT DISTINCT __k{i} FROM {quote(keys_rel)} LIMIT {MAX_LISTED_VALUES + 1}")]
                if len(values) > MAX_LISTED_VALUES:
                    covered = False
                    continue
                listed = sorted(v for v in values if v is not None)
                parts = [f"{quote(name)} IN ({', '.join(_literal(v, types[name]) for v in listed)})"] if listed else []
                parts += [f"{quote(name)} IS NULL"] if len(listed) < len(values) else []
                predicates.append("(" + " OR ".join(parts) + ")" if parts else "FALSE")
            else:
                periods.setdefault(shape[1], set()).add(shape[0])
        for name, units in periods.items():
            if "year" not in units:
                covered = False  # month() alone recurs every year: no range stands for it
                continue
            first, last, nulls = self.session.query(
                f"SELECT min(CAST({quote(name)} AS DATE)), max(CAST({quote(name)} AS DATE)), count(*) - count({quote(name)}) "
                f"FROM ({union}) AS __src")[0]
            parts = []
            if first is not None:
                lo, hi = _period(first, last, "month" if "month" in units else "year")
                parts.append(f"({quote(name)} >= {_literal(lo, types[name])} AND {quote(name)} < {_literal(hi, types[name])})")
            parts += [f"{quote(name)} IS NULL"] if nulls else []
            predicates.append("(" + " OR ".join(parts) + ")" if parts else "FALSE")
        return predicates, covered
