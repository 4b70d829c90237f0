"""The top-N aggregates (``min_by``/``max_by`` with a count) give the same lists on DuckDB and on Spark,
whatever order the rows arrive in: ties on the amount, a NULL amount and a NULL id are where the two
engines differ unless the carrier makes them agree (FIN-009 and FIN-013 take their evidence this way)."""

import random
from decimal import Decimal

import duckdb
import pytest

from qingfeng.screening import carry

pytestmark = pytest.mark.spark

ROWS = [("D1", "P01", "500.00"), ("D1", "P02", "500.00"), ("D1", "P03", None), ("D1", "P04", "700.00"),
        ("D1", "P00", "500.00"), ("D1", "P05", "20.00"), ("D2", None, "900.00"), ("D2", "Q1", "900.00"),
        ("D2", "Q2", None), ("D2", "Q3", "1.00"), ("D3", "R1", "3.00")]

SQL = """
SELECT payer_department_code AS subject_key,
       array_to_string(min_by(payment_id, struct_pack(amount_desc := -amount, id := payment_id), 3), ',') AS largest_three,
       array_to_string(max_by(payment_id, struct_pack(a := amount, id := payment_id), 10), ',') AS all_descending,
       array_to_string(min_by(payment_id, struct_pack(a := amount, id := payment_id), 2) FILTER (WHERE amount > 2), ',')
           AS smallest_over_two
FROM payments
GROUP BY payer_department_code
"""


def _rows(order: list) -> list[tuple]:
    return [(d, p, Decimal(a) if a is not None else None) for d, p, a in order]


def test_top_n_lists_are_equal_on_both_engines_whatever_the_row_order(spark):
    connection = duckdb.connect()
    connection.execute("CREATE TABLE payments (payer_department_code VARCHAR, payment_id VARCHAR, amount DECIMAL(18, 2))")
    connection.executemany("INSERT INTO payments VALUES (?, ?, ?)", _rows(ROWS))
    duck = sorted(connection.execute(SQL).fetchall())
    # DuckDB's own meaning, spelt out: amount descending then id; a NULL amount sorts after every amount
    # (last when ascending, first when descending); a NULL id is skipped.
    assert duck == [("D1", "P04,P00,P01", "P03,P04,P02,P01,P00,P05", "P05,P00"),
                    ("D2", "Q1,Q3,Q2", "Q2,Q1,Q3", "Q1"),
                    ("D3", "R1", "R1", "R1")]
    spark_sql = carry.to_spark(SQL)
    session = spark.newSession()
    for seed in range(3):
        shuffled = ROWS[:]
        random.Random(seed).shuffle(shuffled)
        frame = session.createDataFrame(_rows(shuffled), "payer_department_code string, payment_id string, amount decimal(18,2)")
        frame.repartition(3).createOrReplaceTempView("payments")
        assert sorted(tuple(r) for r in session.sql(spark_sql).collect()) == duck, seed
