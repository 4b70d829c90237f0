"""Entry point for ``spark-submit``: ``spark-submit [--master …] [--conf …] qingfeng/screening/engines/spark_submit.py
[qingfeng screen options]`` runs ``qingfeng screen --engine spark`` inside the submitted application (the
cluster's master and settings hold; the session settings of the Spark engine are added)."""

import sys

if __name__ == "__main__":
    from qingfeng.cli import main

    sys.exit(main(["screen", "--engine", "spark", *sys.argv[1:]]))
