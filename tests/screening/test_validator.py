"""The validator rejects what a rule must not do and names the portable idiom for what differs by engine."""

import pytest

from qingfeng.screening.catalogue import load_catalogue
from qingfeng.screening.validator import allowed_function_names, check_rule, check_sql

OK = "SELECT payment_id AS subject_key, payer_department_code AS department_code FROM payments"


def codes(sql, **kw):
    return [p.code for p in check_sql(sql, **kw)]


def messages(sql, **kw):
    return " ".join(p.message for p in check_sql(sql, **kw))


def test_a_plain_select_over_contract_views_passes():
    assert check_sql(OK) == []


def test_ctes_unions_windows_and_shim_macros_pass():
    sql = """
        WITH cash AS (SELECT payment_id, payer_department_code, paid_at FROM payments WHERE settlement_method = 'cash')
        SELECT payment_id AS subject_key, lag(paid_at) OVER (PARTITION BY payer_department_code ORDER BY paid_at) AS prev
        FROM cash WHERE NOT is_workday(paid_at)
        UNION ALL
        SELECT code, NULL FROM departments WHERE workdays_between(DATE '2026-01-01', DATE '2026-02-01') > 3
    """
    assert check_sql(sql) == []


@pytest.mark.parametrize("sql", [
    "COPY (SELECT 1) TO '/tmp/out.csv'",
    "ATTACH '/tmp/other.duckdb'",
    "PRAGMA version",
    "SET threads = 64",
    "CREATE TABLE x AS SELECT 1",
    "DROP TABLE payments",
    "INSERT INTO payments SELECT * FROM payments",
    "DELETE FROM payments",
    "UPDATE payments SET amount = 0",
])
def test_anything_but_a_select_is_rejected(sql):
    assert codes(sql) == ["statement.kind"]


def test_two_statements_are_rejected():
    assert codes(OK + "; " + OK) == ["statement.count"]


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_parquet('/var/warehouse/payments/batch-1.parquet')",
    "SELECT * FROM glob('/*')",
    "SELECT * FROM range(10)",
])
def test_table_functions_are_rejected(sql):
    assert "table.function" in codes(sql)


@pytest.mark.parametrize(("sql", "code"), [
    ("SELECT * FROM main.payments", "table.qualified"),
    ("SELECT * FROM information_schema.tables", "table.qualified"),
    ("SELECT * FROM duckdb_settings", "table.unknown"),
    ("SELECT * FROM auth_user", "table.unknown"),
])
def test_only_contract_views_and_own_ctes_may_be_read(sql, code):
    assert code in codes(sql)


@pytest.mark.parametrize("fn", ["reflect('java.lang.System', 'getenv')", "java_method('a', 'b')", "getenv('HOME')",
                                "current_setting('threads')", "read_text('/etc/passwd')", "hash(payment_id)",
                                "current_date()"])
def test_functions_off_the_allow_list_are_rejected(fn):
    assert codes(f"SELECT {fn} AS subject_key FROM payments") == ["function.forbidden"]


@pytest.mark.parametrize(("expr", "idiom"), [
    ("dayofweek(paid_at)", "is_workday"),
    ("isodow(paid_at)", "is_weekend"),
    ("EXTRACT(dow FROM paid_at)", "is_workday"),
    ("EXTRACT(isodow FROM paid_at)", "is_workday"),
    ("date_part('dow', paid_at)", "is_workday"),
])
def test_weekday_numbers_are_rejected_with_the_calendar_idiom(expr, idiom):
    assert codes(f"SELECT {expr} AS subject_key FROM payments") == ["portability.weekday"]
    assert idiom in messages(f"SELECT {expr} AS subject_key FROM payments")


@pytest.mark.parametrize("unit", ["month", "year", "quarter"])
def test_calendar_date_diff_is_rejected_with_the_arithmetic_idiom(unit):
    sql = f"SELECT date_diff('{unit}', paid_at, paid_at) AS subject_key FROM payments"
    assert codes(sql) == ["portability.date_diff"]
    assert "(year(b) - year(a)) * 12 + month(b) - month(a)" in messages(sql)


def test_day_date_diff_is_allowed():
    assert check_sql("SELECT date_diff('day', paid_at, paid_at) AS subject_key FROM payments") == []


@pytest.mark.parametrize("sql", [
    "SELECT CAST(amount AS INTEGER) AS subject_key FROM payments",
    "SELECT amount::BIGINT AS subject_key FROM payments",
    "SELECT CAST(amount / 3 AS BIGINT) AS subject_key FROM payments",
    "WITH t AS (SELECT sum(amount) AS total FROM payments) SELECT CAST(total AS BIGINT) AS subject_key FROM t",
])
def test_decimal_to_integer_casts_without_rounding_are_rejected(sql):
    assert codes(sql) == ["portability.int_cast"]
    assert "CAST(round(x) AS BIGINT)" in messages(sql)


@pytest.mark.parametrize("sql", [
    "SELECT CAST(round(amount) AS BIGINT) AS subject_key FROM payments",
    "SELECT CAST(trunc(amount) AS BIGINT) AS subject_key FROM payments",
    "SELECT to_int_rounded(amount) AS subject_key FROM payments",
    "SELECT CAST(year(paid_at) AS BIGINT) AS subject_key FROM payments",
    "SELECT CAST(budget_line AS BIGINT) AS subject_key FROM payments",
])
def test_explicit_rounding_and_integral_casts_pass(sql):
    assert check_sql(sql) == []


@pytest.mark.parametrize(("sql", "code"), [
    ("SELECT payer_department_code AS subject_key, count(*) FROM payments GROUP BY ALL", "portability.group_by_all"),
    ("SELECT * EXCLUDE (purpose), payment_id AS subject_key FROM payments", "portability.star_exclude"),
    ("SELECT quantile_cont(amount, 0.9) AS subject_key FROM payments", "portability.quantile"),
    ("SELECT count(DISTINCT payee_account) OVER (PARTITION BY payer_department_code) AS subject_key FROM payments",
     "portability.distinct_window"),
])
def test_other_unportable_idioms_are_rejected(sql, code):
    assert codes(sql) == [code]


def test_parameters_must_be_named_and_declared_and_used():
    sql = "SELECT payment_id AS subject_key FROM payments WHERE amount > $limit"
    assert check_sql(sql, params={"limit": 1}) == []
    assert codes(sql, params={}) == ["param.undeclared"]
    assert codes(sql, params={"limit": 1, "other": 2}) == ["param.unused"]
    assert "param.positional" in codes("SELECT payment_id AS subject_key FROM payments WHERE amount > $1")


def test_the_result_must_name_its_subject_and_routing_columns():
    assert codes("SELECT payment_id FROM payments") == ["output.column"]
    assert codes(OK, required_columns=("subject_key", "owner_code")) == ["output.column"]


def test_the_allow_list_is_published_in_duckdb_spelling():
    names = allowed_function_names()
    assert {"string_agg", "date_diff", "list_contains", "is_workday", "workdays_between"} <= set(names)
    assert "read_csv" not in names


def test_rule_yaml_fields_and_cases_are_checked(tmp_path):
    folder = tmp_path / "finance" / "FIN-900"
    folder.mkdir(parents=True)
    (folder / "rule.yaml").write_text("id: FIN-900\ntitle: 只有中文\nseverity: purple\nparams:\n  limit: {default: 5}\n", encoding="utf-8")
    (folder / "rule.sql").write_text("SELECT payment_id AS subject_key FROM payments WHERE amount > $limit", encoding="utf-8")
    (folder / "cases.yaml").write_text("cases:\n  - {name: a, label: clean, given: {payments: [{nope: 1}]}, expect: []}\n",
                                       encoding="utf-8")
    rule = load_catalogue(tmp_path).get("FIN-900")
    found = {p.code for p in check_rule(rule)}
    assert {"yaml.title", "yaml.severity", "yaml.status", "yaml.version", "yaml.basis", "yaml.params",
            "yaml.answer_deadline", "output.column", "cases.label", "cases.column"} <= found
