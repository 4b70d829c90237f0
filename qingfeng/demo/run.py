"""``qingfeng demo``: build the synthetic city, import it, screen it, raise alerts, show recall, then serve.

The demo owns a throw-away data directory (``var/demo`` under the repository, or ``QINGFENG_DEMO_DIR``)
that it empties and rebuilds on every run, with its own SQLite database inside — it never touches the
database that ``QINGFENG_DATABASE_URL`` names. ``populate`` is the pipeline after Django is set up; the
end-to-end test calls it on the test database.
"""

import json
import os
import shutil
import sys
import time
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from .city import City, CityData

ACTOR = "qingfeng demo"
MARKER = ".qingfeng-demo"  # only a folder carrying this file is ever emptied


def demo_dir() -> Path:
    env = os.environ.get("QINGFENG_DEMO_DIR")
    return Path(env).resolve() if env else Path(__file__).resolve().parents[2] / "var" / "demo"


def _fresh_dir(path: Path) -> None:
    if path.exists():
        if any(path.iterdir()) and not (path / MARKER).exists():
            raise SystemExit(f"{path} 不是演示数据目录（缺少 {MARKER} 标记文件），为安全起见不清空它。")
        shutil.rmtree(path)
    path.mkdir(parents=True)
    (path / MARKER).write_text("qingfeng demo data: emptied and rebuilt by every `qingfeng demo` run\n")


class Phases:
    """Wall-clock seconds per named phase."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str):
        start = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.monotonic() - start, 2)


def _bar(progress: bool, desc: str, unit: str):
    from tqdm import tqdm

    def wrap(iterable, total=None):
        return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, disable=not progress, dynamic_ncols=True)

    return wrap


def generate(seed: int, scale: float, *, progress: bool = False) -> tuple[City, CityData]:
    city = City(seed=seed, scale=scale)
    return city, city.build(progress=_bar(progress, "生成演示城市", "个单位"))


def populate(city: City, data: CityData, *, progress: bool = False, phases: Phases | None = None) -> dict:
    """Registries, logins, imports, screening and alerts for a generated city; returns the summary."""
    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.core.actions import seed_calendar
    from qingfeng.core.models import CalendarDay
    from qingfeng.records.imports import import_arrow
    from qingfeng.screening.actions import run_screening

    from . import actions

    phases = phases or Phases()
    with phases("registries"):
        if CalendarDay.objects.filter(date__year=city.year).count() < 365:
            seed_calendar(ACTOR, range(city.year - 1, city.year + 2))
        departments = actions.load_departments(ACTOR, city)
        staff = actions.load_staff(ACTOR, city, departments)
        logins = actions.create_logins(ACTOR, city, data.truth, data.payments)
    from django.contrib.auth import get_user_model

    steward = get_user_model().objects.get(username="steward")
    with phases("import"):
        for dataset, table in (("accounts", city.accounts), ("budgets", data.budgets), ("payments", data.payments)):
            report = import_arrow(table, dataset, source_name=f"demo-{dataset}-{city.seed}", actor=steward, progress=progress)
            if report.rejected or report.status != "committed":
                raise RuntimeError(f"演示数据导入异常：{report.summary()}\n" + "\n".join(report.rejection_lines(limit=5)))
    with phases("domains"):
        from .domains import populate_all

        truth = {**data.truth}
        for rule_id, keys in populate_all(city, actor=ACTOR, progress=progress).items():
            truth[rule_id] = [*truth.get(rule_id, []), *keys]
    with phases("screening"):
        run = run_screening(ACTOR, progress=progress)
    with phases("alerts"):
        raised = raise_alerts(run, ACTOR)
    rules = evaluate(run, truth)
    planted = sum(r["planted"] for r in rules)
    found = sum(r["found"] for r in rules)
    return {
        "seed": city.seed,
        "scale": city.scale,
        "departments": len(departments),
        "staff": staff,
        "payments": data.payments.num_rows,
        "budgets": data.budgets.num_rows,
        "accounts": city.accounts.num_rows,
        "run": run.pk,
        "run_status": run.status,
        "alerts": raised.get("new", 0),
        "rules": rules,
        "recall": round(found / planted, 4) if planted else None,
        "unplanted_alerts": sum(r["unplanted_alerts"] for r in rules),
        "seconds": phases.seconds,
        "logins": [login.as_dict() for login in logins],
    }


def evaluate(run, truth: dict[str, list[str]]) -> list[dict]:
    """Per rule: planted subjects, how many of them the run found, and findings on subjects not planted."""
    from qingfeng.screening.catalogue import load_catalogue
    from qingfeng.screening.models import Finding

    catalogue = load_catalogue()
    found: dict[str, set[str]] = defaultdict(set)
    for rule_id, key in Finding.objects.filter(run=run).values_list("rule_id", "subject_key").iterator(chunk_size=5000):
        found[rule_id].add(key)
    rows = []
    for rule_id in sorted(set(truth) | set(run.rules) | set(found)):
        rule = catalogue.rules.get(rule_id)
        planted, hits = set(truth.get(rule_id, ())), found[rule_id]
        rows.append({
            "id": rule_id,
            "domain": rule.domain if rule else "",
            "title": rule.title_zh if rule else "",
            "planted": len(planted),
            "found": len(planted & hits),
            "recall": round(len(planted & hits) / len(planted), 4) if planted else None,
            "unplanted_alerts": len(hits - planted),
            "error": (run.rules.get(rule_id) or {}).get("error") or None,
        })
    return rows


# ---------------------------------------------------------------------------------------- printing


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text, width: int, right: bool = False) -> str:
    text = str(text)
    pad = " " * max(0, width - _width(text))
    return pad + text if right else text + pad


def _table(headers, rows, right=()) -> list[str]:
    widths = [max(_width(str(x)) for x in [h] + [r[i] for r in rows]) for i, h in enumerate(headers)]
    def line(cells):
        return "  ".join(_cell(c, w, i in right) for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return [line(headers), "  ".join("─" * w for w in widths)] + [line(r) for r in rows]


PHASE_ZH = {"generate": "生成", "database": "建库", "registries": "登记", "import": "导入", "screening": "筛查",
            "alerts": "预警", "total": "合计"}
SCOPE_ZH = {"all": "全部", "own": "本部门", "own_and_below": "本部门及以下", "self": "仅本人", "custom": "自定义"}


def _percent(x) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def render(summary: dict) -> str:
    lines = [
        f"清风演示城市 · 云川市（种子 {summary['seed']}，规模 {summary['scale']:g}）",
        f"部门 {summary['departments']:,} 个 · 人员 {summary['staff']:,} 人 · 支付 {summary['payments']:,} 笔 · "
        f"预算 {summary['budgets']:,} 行 · 账户 {summary['accounts']:,} 个 · 新预警 {summary['alerts']:,} 条",
        "",
    ]
    errors = any(r["error"] for r in summary["rules"])
    rows = [[r["id"], r["domain"], r["title"], r["planted"], r["found"], _percent(r["recall"]), r["unplanted_alerts"]]
            + ([r["error"] or ""] if errors else []) for r in summary["rules"]]
    rows.append(["合计", "", "", sum(r["planted"] for r in summary["rules"]), sum(r["found"] for r in summary["rules"]),
                 _percent(summary["recall"]), summary["unplanted_alerts"]] + ([""] if errors else []))
    headers = ["规则", "领域", "名称", "埋设", "检出", "召回率", "非埋设预警"] + (["错误"] if errors else [])
    lines += _table(headers, rows, right={3, 4, 5, 6})
    lines += ["", "各阶段用时（秒）：" + " · ".join(f"{PHASE_ZH.get(k, k)} {v:.1f}" for k, v in summary["seconds"].items()), "",
              "登录账号（仅供演示；每次运行重建演示库，密码固定以便打印）："]
    lines += ["  " + x for x in _table(["角色", "用户名", "密码", "数据范围", "所在部门"], [
        [x["role_zh"], x["username"], x["password"], SCOPE_ZH.get(x["scope"], x["scope"]), x["department"] or "—"]
        for x in summary["logins"]])]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------- entry point


def main(args) -> int:
    started = time.monotonic()
    as_json = bool(getattr(args, "json", False))
    say = sys.stderr if as_json else sys.stdout
    path = demo_dir()
    _fresh_dir(path)
    # Before Django reads its settings: the demo's own folder and its own SQLite database.
    os.environ["QINGFENG_DATA_DIR"] = str(path)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{path / 'qingfeng.sqlite3'}"
    phases = Phases()
    with phases("generate"):
        city, data = generate(args.seed, args.scale, progress=True)
    from qingfeng.cli import migrate, setup_django

    with phases("database"):
        setup_django()
        migrate()
    summary = populate(city, data, progress=True, phases=phases)
    summary["seconds"]["total"] = round(time.monotonic() - started, 2)
    summary["data_dir"] = str(path)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(render(summary))
    complete = summary["run_status"] == "done" and summary["recall"] == 1.0 and summary["unplanted_alerts"] == 0
    if not getattr(args, "no_serve", False):
        from django.core.management import call_command

        print(f"\n清风演示已就绪：http://{args.host}:{args.port}/   （公众门户：/portal/；按 Ctrl+C 停止）", file=say, flush=True)
        call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True,
                     stdout=say, stderr=sys.stderr)
    return 0 if complete else 1
