"""`qingfeng bench intake` end to end, in its short form: loopback only, bounded by count, zero errors, and every
accepted ticket stored. (The figures themselves are the script's business, not a test's.)"""

import json
import os
import subprocess
import sys


def test_bench_intake_short_run_stores_every_accepted_ticket(tmp_path):
    env = {**os.environ, "QINGFENG_DATA_DIR": str(tmp_path / "var")}
    env.pop("QINGFENG_DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-m", "qingfeng", "bench", "intake", "--seconds", "20", "--count", "24",
                          "--clients", "4", "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout)
    intake = result["intake"]
    assert result["server"].startswith("http://127.0.0.1:")
    assert intake["requests"] == 24 and intake["errors"] == 0
    assert intake["accepted"] == intake["stored"] == intake["accepted_found_in_db"] == 24
    assert result["trivial_view"]["errors"] == 0 and result["trivial_view"]["requests"] > 0
    assert result["ok"] is True
