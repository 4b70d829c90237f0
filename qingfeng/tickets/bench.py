"""``qingfeng bench intake``: the Open311 intake endpoint under concurrent load, beside a trivial Django view.

Everything stays on this machine: a throw-away data folder with its own SQLite database, a threaded WSGI
server bound to 127.0.0.1 on a free port, and client threads that POST genuine citizen messages (read from
the data folder; generated texts when it is absent) until ``--count`` requests or ``--seconds`` have passed.
Then the same clients GET a view that returns "ok" for a quarter of that time. It prints requests, errors,
throughput and latency percentiles of both, and checks that every accepted ticket is in the database.
"""

import json
import os
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

LOOPBACK = "127.0.0.1"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _texts(limit: int = 2000) -> list[tuple[str, str]]:
    from .parameters import router_data_dir

    path = router_data_dir() / "messages-with-votes-4326.xlsx"
    if path.exists():
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:limit + 1]
        return [(str(r[2])[:200], " ".join(str(r[4]).split())[:3900]) for r in rows if r[4]]
    return [(f"第{i}号路段路灯损坏", f"第{i}号路段的路灯坏了一个多月，晚上很黑，请尽快修复。") for i in range(limit)]


def percentile(samples: list[float], p: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _load(url: str, clients: int, seconds: float, count: int, make_request) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    accepted: list[str] = []
    lock = threading.Lock()
    issued = [0]
    stop_at = time.monotonic() + seconds

    def worker(n: int):
        while time.monotonic() < stop_at:
            with lock:
                if issued[0] >= count:
                    return
                issued[0] += 1
                i = issued[0]
            req = make_request(i)
            started = time.monotonic()
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    body = resp.read()
                    ok = resp.status in (200, 201)
                elapsed = time.monotonic() - started
                with lock:
                    latencies.append(elapsed)
                    if ok and resp.status == 201:
                        accepted.append(body.decode())
                    elif not ok:
                        errors.append(f"HTTP {resp.status}")
            except (urllib.error.URLError, OSError) as exc:
                with lock:
                    errors.append(str(exc)[:200])

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    ms = [x * 1000 for x in latencies]
    return {"requests": len(latencies) + len(errors), "errors": len(errors), "error_samples": errors[:5],
            "seconds": round(wall, 2), "per_second": round(len(latencies) / wall, 1) if wall else None,
            "p50_ms": round(percentile(ms, 50), 1) if ms else None, "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "accepted": accepted}


def run(seconds: float = 60, count: int = 100000, clients: int = 16, say=print) -> dict:
    import django
    from django.conf import settings

    from qingfeng.cli import migrate

    django.setup()
    migrate()
    from django.core.handlers.wsgi import WSGIHandler

    from qingfeng.core.actions import create_department, seed_calendar

    from . import actions, router
    from .models import Service, Ticket

    seed_calendar("bench")
    root = create_department("bench", code="000", name="市政府")
    for code, name, category, words in (("300", "市住房和城乡建设局", "城乡建设", "物业 小区 施工"),
                                        ("400", "市人力资源和社会保障局", "劳动和社会保障", "社保 工资"),
                                        ("500", "市交通运输局", "交通运输", "公交 出租车"),
                                        ("600", "市教育局", "教育文体", "学校 教师"),
                                        ("700", "市卫生健康委员会", "卫生计生", "医院 医生"),
                                        ("800", "市生态环境局", "环境保护", "污染 排放"),
                                        ("900", "市商务局", "商贸旅游", "商家 消费")):
        actions.set_responsibility("bench", department=create_department("bench", code=code, name=name, parent=root),
                                   category=category, keywords=words)
    say("训练工单分类器……")
    router.load_model()
    _key, api_key = actions.issue_api_key("bench", name="bench client")
    service_codes = list(Service.objects.filter(active=True).values_list("code", flat=True))
    texts = _texts()

    settings.ROOT_URLCONF = "qingfeng.tickets.bench_urls"
    server = make_server(LOOPBACK, 0, WSGIHandler(), server_class=_Server, handler_class=_QuietHandler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://{LOOPBACK}:{port}"

    def intake_request(i: int):
        title, text = texts[i % len(texts)]
        data = urllib.parse.urlencode({"api_key": api_key, "service_code": service_codes[i % len(service_codes)],
                                       "address_string": f"测试路{i % 97}号", "description": text,
                                       "attribute[title]": title}).encode()
        return urllib.request.Request(f"{base}/open311/v2/requests.json", data=data, method="POST")

    def ping_request(i: int):
        return urllib.request.Request(f"{base}/bench/ping/")

    before = Ticket.objects.count()
    say(f"提交工单：{clients} 个并发客户端，最长 {seconds:g} 秒或 {count} 件……")
    intake = _load(base, clients, seconds, count, intake_request)
    baseline_seconds = max(2.0, seconds / 4)
    say(f"对照：同样并发访问一个只返回 ok 的 Django 视图 {baseline_seconds:g} 秒……")
    ping = _load(base, clients, baseline_seconds, 10 ** 9, ping_request)
    server.shutdown()
    accepted = intake.pop("accepted")
    ping.pop("accepted")
    ids = set()
    for body in accepted:
        for row in json.loads(body):
            ids.add(row.get("service_request_id") or row.get("token"))
    stored = Ticket.objects.count() - before
    matched = Ticket.objects.filter(number__in=[i for i in ids if i]).count() + Ticket.objects.filter(token__in=[i for i in ids if i]).count()
    return {
        "server": f"{base} (threaded WSGI, SQLite, one process)", "clients": clients,
        "intake": {**intake, "accepted": len(accepted), "stored": stored, "accepted_found_in_db": matched},
        "trivial_view": ping,
        "throughput_ratio": round(intake["per_second"] / ping["per_second"], 3) if intake["per_second"] and ping["per_second"] else None,
        "ok": intake["errors"] == 0 and len(accepted) == stored == matched,
    }


def main(args) -> int:
    seconds = args.seconds if args.seconds is not None else 60
    as_json = bool(getattr(args, "json", False))
    say = (lambda *a: print(*a, file=sys.stderr)) if as_json else print
    folder = Path(tempfile.mkdtemp(prefix="qingfeng-bench-intake-"))
    (folder / "static").mkdir()  # whitenoise looks for it
    os.environ["QINGFENG_DATA_DIR"] = str(folder)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.config.settings")
    try:
        result = run(seconds=seconds, count=max(1, args.count), clients=max(1, min(args.clients, 64)), say=say)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        i, p = result["intake"], result["trivial_view"]
        say(f"工单受理接口：{i['requests']} 次请求，错误 {i['errors']}，受理 {i['accepted']}，入库 {i['stored']}，"
            f"{i['per_second']} 次/秒，p50 {i['p50_ms']} ms，p95 {i['p95_ms']} ms")
        say(f"对照视图：    {p['requests']} 次请求，错误 {p['errors']}，{p['per_second']} 次/秒，p50 {p['p50_ms']} ms，p95 {p['p95_ms']} ms")
        say(f"吞吐比（受理 ÷ 对照）：{result['throughput_ratio']}    {'通过' if result['ok'] else '未通过'}")
    return 0 if result["ok"] else 1
