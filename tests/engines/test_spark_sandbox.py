"""The Spark engine's walls. A hostile rule cannot call Java or read files: the carrier refuses it before
Spark sees it, and the Spark session itself has no reflect/java_method and no SQL on files even for SQL that
never passed the carrier. A rule the shim cannot carry is refused, naming the construct."""

import pyarrow.parquet as pq
import pytest

from qingfeng.screening.carry import CarryError
from qingfeng.screening.cases import table
from qingfeng.screening.engines.spark import SparkSession

pytestmark = [pytest.mark.spark]

HOSTILE = [
    "SELECT reflect('java.lang.System', 'getProperty', 'user.name') AS subject_key",
    "SELECT java_method('java.lang.Runtime', 'getRuntime') AS subject_key",
    "SELECT try_reflect('java.lang.System', 'exit', 0) AS subject_key",
    "SELECT * FROM csv.`/etc/passwd`",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SET spark.sql.runSQLOnFiles = true",
    "CREATE TEMPORARY VIEW leak USING csv OPTIONS (path '/etc/passwd')",
]


@pytest.fixture
def session(spark, tmp_path):
    path = tmp_path / "payments.parquet"
    pq.write_table(table("payments", [{"payment_id": "P1", "payer_department_code": "101", "payer_account": "A",
                                       "payee_name": "某公司", "payee_account": "B", "payee_type": "unit",
                                       "amount": "1.00", "paid_at": "2026-03-04 10:00:00", "settlement_method": "transfer",
                                       "economic_class": "30201"}]), path)
    with SparkSession({"payments": [path]}, {}, spark=spark, load_registries=False) as s:
        yield s


@pytest.mark.parametrize("sql", HOSTILE)
def test_a_hostile_rule_is_refused_before_spark_sees_it(session, sql):
    with pytest.raises((CarryError, Exception)) as caught:
        session.execute(sql)
    assert "root" not in str(caught.value)


@pytest.mark.parametrize("sql", [
    "SELECT reflect('java.lang.System', 'getProperty', 'user.name')",
    "SELECT java_method('java.lang.System', 'getProperty', 'user.name')",
    "SELECT try_reflect('java.lang.System', 'getProperty', 'user.name')",
    "SELECT * FROM csv.`/etc/passwd`",
    "SELECT * FROM text.`/etc/hostname`",
])
def test_even_raw_spark_sql_cannot_reach_java_or_files(session, sql):
    with pytest.raises(Exception) as caught:
        session._run(sql)  # past the carrier and its guard, straight to the Spark session
    assert "UNRESOLVED_ROUTINE" in str(caught.value) or "TABLE_OR_VIEW_NOT_FOUND" in str(caught.value)


def test_the_run_reads_its_view_and_a_parquet_file_of_the_warehouse_is_not_readable_by_path(session, tmp_path):
    assert session.execute("SELECT count(*) AS n FROM payments").rows == [(1,)]
    with pytest.raises(Exception, match="TABLE_OR_VIEW_NOT_FOUND"):
        session._run(f"SELECT * FROM parquet.`{tmp_path / 'payments.parquet'}`")


def test_a_construct_the_shim_cannot_carry_is_refused_naming_it(session):
    with pytest.raises(CarryError) as caught:
        session.execute("SELECT regexp_replace(purpose, '[0-9]', '') AS subject_key FROM payments")
    assert [r.code for r in caught.value.refusals] == ["carry.regexp_replace"]
    assert "regexp_replace" in str(caught.value)
