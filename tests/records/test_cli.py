"""`qingfeng import` on a fresh data directory: the command a data steward runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qingfeng.config.settings import REPO_DIR

QINGFENG = str(Path(sys.executable).parent / "qingfeng")
HEADER = "支付凭证号,付款单位编码,付款账号,收款人名称,收款账号,收款人类型,支付金额,支付时间,结算方式,用途,预算项目编码,经济分类"


def qingfeng(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QINGFENG_", "DJANGO_"))}
    env["QINGFENG_DATA_DIR"] = str(tmp_path / "fresh")
    return subprocess.run([QINGFENG, *args], env=env, cwd=REPO_DIR, capture_output=True, text=True)


@pytest.mark.slow
def test_import_command_on_a_fresh_data_directory(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("\n".join([HEADER, "ZF1,101,A,某公司,B,单位,100,2026-03-05,转账,,,30201",
                               "ZF2,101,A,某公司,B,单位,abc,2026-03-05,转账,,,30201"]) + "\n", encoding="utf-8-sig")
    first = qingfeng(tmp_path, "import", "payments", str(path))
    assert first.returncode == 1, first.stderr  # 1: imported, with rejected rows
    assert "读取 2 行 = 入库 1 行 + 拒收 1 行；批次 1" in first.stdout
    assert "f.csv 第3行 字段「支付金额」：无法识别的金额「abc」" in first.stdout
    assert (tmp_path / "fresh" / "warehouse" / "payments" / "batch-1.parquet").exists()

    again = qingfeng(tmp_path, "import", "payments", str(path), "--json")
    report = json.loads(again.stdout)
    assert (report["status"], report["batch"], report["new_batch"], report["balanced"]) == ("duplicate", 1, False, True)

    missing = tmp_path / "g.csv"
    missing.write_text("支付凭证号\nZF1\n", encoding="utf-8")
    failed = qingfeng(tmp_path, "import", "payments", str(missing))
    assert failed.returncode == 2 and "导入失败：g.csv 缺少必填列" in failed.stderr
