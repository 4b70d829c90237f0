"""The DuckDB engine: contract-typed views over Parquet or Arrow, registry snapshots, and a lock-down that
holds even for SQL the validator never saw."""

from datetime import date, datetime

import duckdb
import pyarrow.parquet as pq
import pytest

from qingfeng.screening.cases import table
from qingfeng.screening.engines.duckdb import DuckDBSession, RunTimeout, scan_floor_seconds

PAYMENT = {"payment_id": "P1", "payer_department_code": "D01", "payer_account": "ZB", "payee_name": "某公司",
           "payee_account": "A1", "payee_type": "unit", "amount": "1234.50", "paid_at": datetime(2026, 3, 4, 10),
           "settlement_method": "transfer", "purpose": "办公用品", "budget_line": "BL", "economic_class": "30201"}


@pytest.fixture
def parquet_payments(tmp_path):
    path = tmp_path / "payments.parquet"
    pq.write_table(table("payments", [PAYMENT, {**PAYMENT, "payment_id": "P2", "amount": "10"}]), path)
    return path


def offline_session(**kw):
    return DuckDBSession(kw.pop("sources", {}), kw.pop("registries", {}), load_registries=False, **kw)


def test_views_over_parquet_stay_readable_after_lock_down(parquet_payments):
    with offline_session(sources={"payments": [parquet_payments]}) as session:
        result = session.execute("SELECT count(*), sum(amount) FROM payments")
    assert result.rows == [(2, pytest.approx(1244.5))]


def test_a_missing_optional_column_reads_as_null(tmp_path):
    path = tmp_path / "p.parquet"
    pq.write_table(table("payments", [PAYMENT]).drop(["purpose"]), path)
    with offline_session(sources={"payments": [path]}) as session:
        assert session.execute("SELECT purpose FROM payments").rows == [(None,)]


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "ATTACH '/tmp/qingfeng-escape.duckdb'",
    "INSTALL httpfs",
])
def test_files_outside_the_run_are_unreachable_even_without_the_validator(sql, parquet_payments):
    with offline_session(sources={"payments": [parquet_payments]}) as session, pytest.raises(duckdb.Error):
        session.execute(sql)


def test_copy_to_a_file_fails_and_writes_nothing(tmp_path, parquet_payments):
    target = tmp_path / "leak.csv"
    with offline_session(sources={"payments": [parquet_payments]}) as session:
        with pytest.raises(duckdb.Error):
            session.execute(f"COPY (SELECT * FROM payments) TO '{target}'")
    assert not target.exists()


def test_other_parquet_files_are_unreachable(tmp_path, parquet_payments):
    other = tmp_path / "other.parquet"
    pq.write_table(table("payments", [PAYMENT]), other)
    with offline_session(sources={"payments": [parquet_payments]}) as session:
        with pytest.raises(duckdb.Error):
            session.execute(f"SELECT * FROM read_parquet('{other}')")


@pytest.mark.parametrize("setting", ["enable_external_access = true", "lock_configuration = false",
                                     "autoinstall_known_extensions = true", "memory_limit = '100GB'", "threads = 64"])
def test_the_configuration_is_locked(setting):
    with offline_session() as session, pytest.raises(duckdb.Error):
        session.execute(f"SET {setting}")


def test_memory_and_threads_come_from_settings(settings):
    settings.QINGFENG = {**settings.QINGFENG, "DUCKDB_MEMORY_LIMIT": "512MB", "DUCKDB_THREADS": 1}
    with offline_session() as session:
        (threads, memory), = session.execute("SELECT current_setting('threads'), current_setting('memory_limit')").rows
    assert threads == 1
    assert memory == "488.2 MiB"  # 512 MB as DuckDB reports it


def test_a_query_running_past_the_time_limit_is_interrupted():
    endless = "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t"
    with offline_session(timeout_seconds=0.3) as session:
        with pytest.raises(RunTimeout):
            session.execute(endless)
        with pytest.raises(RunTimeout):  # the run's time is spent: later queries do not start
            session.execute("SELECT 1")


def test_empty_datasets_are_typed_empty_tables():
    with offline_session() as session:
        assert session.execute("SELECT count(*) FROM payments").rows == [(0,)]
        assert session.execute("SELECT count(*) FROM sensitive_words").rows == [(0,)]


def test_evidence_rows_are_fetched_by_key(parquet_payments):
    with offline_session(sources={"payments": [parquet_payments]}) as session:
        rows = session.fetch_rows("payments", ["P2", "P9"])
    assert list(rows) == ["P2"]
    assert rows["P2"]["payee_name"] == "某公司"


def test_scan_floor_is_measured_over_the_same_views(parquet_payments):
    assert scan_floor_seconds({"payments": [parquet_payments]}, repeat=1) >= 0


@pytest.mark.django_db
def test_registry_snapshots_come_from_the_database(dept_tree, calendar_days):
    from qingfeng.screening.actions import set_sensitive_word_active

    set_sensitive_word_active("test", "旅游", False)
    payments = table("payments", [{**PAYMENT, "paid_at": datetime(2026, 2, 14, 9)}])
    with DuckDBSession({"payments": payments}) as session:
        depts = dict(session.execute("SELECT code, path FROM departments").rows)
        day = session.execute("SELECT is_workday, provisional FROM calendar WHERE day = DATE '2026-02-14'").rows
        span = session.execute("SELECT min(day), max(day) FROM calendar").rows
        words = {r[0] for r in session.execute("SELECT word FROM sensitive_words").rows}
        macro = session.execute("SELECT is_workday(DATE '2026-02-14'), is_workday(DATE '2026-02-15'), "
                                "workdays_between(DATE '2026-02-13', DATE '2026-02-16')").rows
    assert depts["201"] == "/000/200/201/"
    assert day == [(1, 0)]  # a 调休 Saturday is a working day
    assert span == [(date(2026, 1, 1), date(2026, 12, 31))]
    assert "茅台" in words and "旅游" not in words
    assert macro == [(True, False, 1)]


def test_the_data_span_covers_every_record_datasets_dates_not_only_payments(tmp_path):
    """A deployment with attendance and leave but no payments that year still gets that year's calendar."""
    from qingfeng.screening.engines.base import arrow_span

    sources = {
        "attendance": table("attendance", [{"event_id": "E1", "department_code": "D01", "staff_no": "S1", "kind": "check_in",
                                            "occurred_at": datetime(2024, 2, 5, 8, 30)}]),
        "leave_records": table("leave_records", [{"leave_id": "L1", "department_code": "D01", "staff_no": "S1", "kind": "年假",
                                                  "start_on": date(2024, 12, 30), "end_on": date(2025, 1, 3)}]),
        "budgets": table("budgets", [{"department_code": "D01", "year": 2023, "budget_line": "B", "economic_class": "30201",
                                      "amount": "1.00"}]),
    }
    path = tmp_path / "attendance.parquet"
    pq.write_table(sources["attendance"], path)
    asked = []
    with DuckDBSession({**sources, "attendance": [path]}, {}, load_registries=lambda span: asked.append(span) or {}) as session:
        assert session.data_span() == (date(2023, 1, 1), date(2025, 1, 3))
    assert asked == [(date(2023, 1, 1), date(2025, 1, 3))]  # the registries (the calendar among them) are taken for it
    assert arrow_span(sources) == (date(2023, 1, 1), date(2025, 1, 3))  # the Spark engine's answer for Arrow sources
    with offline_session() as empty:
        assert empty.data_span() == (date.today(), date.today())
