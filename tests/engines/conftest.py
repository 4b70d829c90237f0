"""One Spark application for the whole test session (the JVM takes seconds to start), local[2] as in CI."""

import pytest


@pytest.fixture(scope="session")
def spark_app():
    from qingfeng.screening.engines.spark import application

    app = application("local[2]")
    yield app
    app.stop()


@pytest.fixture(scope="session")
def spark(spark_app):
    """A hardened Spark session the tests share. Tiny data: one shuffle partition, and interpreted
    expressions, since compiling generated code costs more than running it on a handful of rows."""
    from qingfeng.screening.engines.spark import harden

    session = spark_app.newSession()
    harden(session)
    for key, value in {"spark.sql.shuffle.partitions": "1", "spark.sql.codegen.wholeStage": "false",
                       "spark.sql.codegen.factoryMode": "NO_CODEGEN", "spark.sql.adaptive.enabled": "false"}.items():
        session.conf.set(key, value)
    return session
