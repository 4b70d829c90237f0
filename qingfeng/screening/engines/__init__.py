"""Screening engines. Each opens a session over one run's data and runs rule SQL in it."""

ENGINES = ("duckdb", "spark")


def open_session(engine: str = "duckdb", *, master: str | None = None, **kwargs):
    """A session of ``engine`` (``master``: where Spark runs — local[N], spark://…, sc://…)."""
    if engine == "duckdb":
        from .duckdb import DuckDBSession

        return DuckDBSession(**kwargs)
    if engine == "spark":
        from .spark import SparkSession

        return SparkSession(master=master, **kwargs)
    raise ValueError(f"未知的筛查引擎 {engine!r}；可用：{', '.join(ENGINES)}")
