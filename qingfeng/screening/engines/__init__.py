"""Screening engines. Each opens a session over one run's data and runs rule SQL in it."""


def open_session(engine: str = "duckdb", **kwargs):
    if engine == "duckdb":
        from .duckdb import DuckDBSession

        return DuckDBSession(**kwargs)
    raise ValueError(f"未知的筛查引擎 {engine!r}；可用：duckdb")
