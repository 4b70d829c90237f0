"""Entry point for ``spark-submit``: ``spark-submit [--master …] [--conf …] qingfeng/screening/engines/spark_submit.py
[qingfeng screen options]`` runs ``qingfeng screen --engine spark`` inside the submitted application (the
cluster's master and settings hold; the session settings of the Spark engine are added)."""

import os
import sys

if __name__ == "__main__":
    # Python puts a script's own folder first on sys.path, and this folder holds duckdb.py (our engine):
    # ``import duckdb`` would find it instead of the DuckDB package. The package is imported as ``qingfeng``.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    from qingfeng.cli import main

    sys.exit(main(["screen", "--engine", "spark", *sys.argv[1:]]))
