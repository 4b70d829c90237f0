"""What the carrier does without a JVM: the validator rejects at validation what cannot be carried to Spark
with the same meaning (naming the construct), and rewrites what SQLGlot alone would carry wrongly."""

import pytest

from qingfeng.screening import carry
from qingfeng.screening.validator import check_sql


@pytest.mark.parametrize(("sql", "code"), [
    ("SELECT regexp_replace(purpose, 'a', 'b') AS subject_key FROM payments", "carry.regexp_replace"),
    ("SELECT payment_id AS subject_key FROM payments WHERE regexp_matches(purpose, 'a', 'i')", "carry.regexp_options"),
    ("SELECT payment_id AS subject_key FROM payments WHERE purpose LIKE 'a\\_b'", "carry.like_escape"),
    ("SELECT DISTINCT ON (payee_account) payment_id AS subject_key FROM payments", "carry.distinct_on"),
    ("SELECT list(payment_id ORDER BY paid_at) AS subject_key FROM payments", "carry.ordered_list"),
    ("SELECT median(amount) AS subject_key FROM payments", "carry.median_decimal"),
    ("SELECT string_agg(DISTINCT payee_name, ',') AS subject_key FROM payments", "carry.unordered_string_agg"),
])
def test_the_validator_rejects_what_cannot_be_carried_and_names_it(sql, code):
    problems = check_sql(sql)
    assert [p.code for p in problems] == [code]
    assert problems[0].message.split("：")[0]  # the construct, quoted, before the explanation


def test_reflection_is_a_forbidden_function_before_it_is_a_carry_problem():
    assert [p.code for p in check_sql("SELECT reflect('java.lang.System', 'exit', 0) AS subject_key")] == ["function.forbidden"]


@pytest.mark.parametrize(("duckdb", "spark"), [
    ("date_diff('day', a, b)", "DATEDIFF(CAST(b AS DATE), CAST(a AS DATE))"),
    ("date_diff('minute', a, b)", "TIMESTAMPDIFF(MINUTE, DATE_TRUNC('MINUTE', CAST(a AS TIMESTAMP)), DATE_TRUNC('MINUTE', CAST(b AS TIMESTAMP)))"),
    ("amount / 3", "CAST(amount AS DOUBLE) / CAST(3 AS DOUBLE)"),
    ("avg(amount)", "AVG(CAST(amount AS DOUBLE))"),
    ("paid_at + INTERVAL 1 DAY", "CAST((paid_at + INTERVAL '1' DAY) AS TIMESTAMP)"),
    ("is_weekend(paid_at)", "(DAYOFWEEK(CAST((paid_at) AS DATE)) IN (1, 7))"),
    ("string_agg(DISTINCT purpose, ',' ORDER BY purpose)", "ARRAY_JOIN(ARRAY_SORT(COLLECT_SET(purpose)), ',')"),
    # nested: each operand is rewritten before the expression around it
    ("amount / (amount / 3)", "CAST(amount AS DOUBLE) / CAST((CAST(amount AS DOUBLE) / CAST(3 AS DOUBLE)) AS DOUBLE)"),
    ("date_diff('day', paid_at, paid_at + INTERVAL 1 DAY)",
     "DATEDIFF(CAST(CAST((paid_at + INTERVAL '1' DAY) AS TIMESTAMP) AS DATE), CAST(paid_at AS DATE))"),
])
def test_what_sqlglot_alone_would_carry_wrongly_is_rewritten(duckdb, spark):
    assert carry.to_spark(f"SELECT {duckdb} AS x FROM payments") == f"SELECT {spark} AS x FROM payments"


def test_a_cross_join_is_carried_not_crashed_on():
    sql = "SELECT p.payment_id AS subject_key FROM payments p CROSS JOIN (SELECT max(amount) AS m FROM payments) x WHERE p.amount = x.m"
    assert check_sql(sql) == []


@pytest.mark.parametrize(("call", "why"), [
    ("min_by(payment_id, amount)", "不带个数"),
    ("min_by(payment_id, amount, 3)", "以返回值本身结尾"),
    ("max_by(payment_id, struct_pack(a := amount, b := payee_name), 3)", "以返回值本身结尾"),
    ("max_by(payment_id, struct_pack(a := amount, id := payment_id), 200000)", "整数常量"),
])
def test_a_top_n_whose_ties_the_engines_would_break_differently_is_refused(call, why):
    problems = check_sql(f"SELECT payer_department_code AS subject_key, {call} AS ids FROM payments GROUP BY payer_department_code")
    assert [p.code for p in problems] == ["carry.top_n"]
    assert why in problems[0].message


def test_a_top_n_is_carried_with_duckdbs_null_order():
    sql = ("SELECT payer_department_code AS subject_key, min_by(payment_id, struct_pack(a := -amount, id := payment_id), 5) AS ids "
           "FROM payments GROUP BY payer_department_code")
    assert check_sql(sql) == []
    assert ("MIN_BY(payment_id, IF(payment_id IS NULL, NULL, STRUCT(-amount IS NULL AS n0, -amount AS v0, "
            "payment_id IS NULL AS n1, payment_id AS v1)), 5)") in carry.to_spark(sql)
