"""``qingfeng bench soak``: the portal and the staff pages under concurrent load for a bounded time, on loopback.

A fresh demo city (its own data directory and SQLite database) is served by gunicorn on 127.0.0.1; client
threads log in through the real login (supervisors with their second factor), read the portal and the staff
pages, answer alerts and upload imports through the real forms. Every client also calls a trivial Django view
(/healthz) at a fixed share of its requests, so the figures of the pages stand beside the server's own floor
measured under the same load. After the run the database is counted: every write the server accepted (an
answer redirected to the alert, an import report with a batch number) must be there — "lost" must be 0.
Figures are printed, never asserted: this is a benchmark, not a test (tests and CI never run it)."""

import http.client
import json
import os
import queue
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

MAX_SECONDS = 1800  # bounded: at most half an hour
MAX_CLIENTS = 64
CITY_SCALE = 0.05  # multiplied by --scale; the load, not the data volume, is what the soak measures
SOAK_ALERTS = 3000  # alerts waiting for an answer, so that writes never run dry
PASSWORD = "Soak-Pass-2026!"
BASELINE_EVERY = 4  # one request in four is /healthz


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A minimal cookie-keeping HTTP client (no third-party dependency at run time)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {**(headers or {}), "Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("Referer", f"http://127.0.0.1:{self.port}{path}")
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict(response.headers), data

    def form(self, path: str, fields: dict) -> tuple[int, dict, bytes]:
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, path: str, fields: dict, name: str, content: bytes) -> tuple[int, dict, bytes]:
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in
                 {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                     + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def login(self, username: str, secret: str | None = None) -> None:
        import pyotp

        self.request("GET", "/login/")
        status, headers, _ = self.form("/login/", {"username": username, "password": PASSWORD})
        if headers.get("Location", "").endswith("/login/verify/"):
            status, headers, _ = self.form("/login/verify/", {"code": pyotp.TOTP(secret).now()})
        if status != 302 or headers.get("Location") != "/":
            raise RuntimeError(f"soak login of {username} failed: {status} {headers.get('Location')}")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.error_examples: list[str] = []
        self.accepted = {"answers": 0, "imports": 0}
        self.server_errors = 0

    def add(self, category: str, seconds: float, ok: bool, what: str = "") -> None:
        with self.lock:
            self.samples.setdefault(category, []).append(seconds)
            if not ok:
                self.errors[category] = self.errors.get(category, 0) + 1
                if len(self.error_examples) < 10:
                    self.error_examples.append(what)


def _timed(recorder: Recorder, category: str, call, ok=lambda status, headers, body: status < 400):
    started = time.perf_counter()
    try:
        status, headers, body = call()
    except Exception as exc:  # a dropped connection is an error of the run, not a crash of the benchmark
        recorder.add(category, time.perf_counter() - started, False, f"{category}: {type(exc).__name__} {exc}")
        return None
    good = ok(status, headers, body)
    if status >= 500:
        with recorder.lock:
            recorder.server_errors += 1
    recorder.add(category, time.perf_counter() - started, good, f"{category}: HTTP {status}")
    return status, headers, body


def _client(kind: str, port: int, account: tuple[str, str | None] | None, deadline: float, recorder: Recorder, work: dict, seed: int):
    rnd = random.Random(seed)
    browser = Browser(port)
    if account:
        try:
            browser.login(*account)
        except Exception as exc:
            recorder.add("login", 0.0, False, f"login: {exc}")
            return
    n = 0
    while time.monotonic() < deadline:
        n += 1
        if n % BASELINE_EVERY == 0:
            _timed(recorder, "baseline /healthz", lambda: browser.request("GET", "/healthz"))
            continue
        if kind == "public":
            path = rnd.choice(["/portal/", "/portal/ledger/", "/api/public/stats"])
            _timed(recorder, "portal", lambda p=path: browser.request("GET", p))
        elif kind == "supervisor":
            path = rnd.choice(["/", "/alerts/", "/alerts/?status=answered", f"/alerts/{rnd.choice(work['alert_ids'])}/", "/api/alerts?page=2"])
            _timed(recorder, "staff pages", lambda p=path: browser.request("GET", p))
        elif kind == "handler":
            if rnd.random() < 0.5:
                _timed(recorder, "staff pages", lambda: browser.request("GET", "/alerts/"))
                continue
            try:
                pk = work["answerable"].get_nowait()
            except queue.Empty:
                continue
            result = _timed(recorder, "write: alert answer", lambda pk=pk: browser.form(
                f"/alerts/{pk}/answer/", {"kind": "explanation", "text": f"压力测试答复 {pk}"}),
                ok=lambda s, h, b, pk=pk: s == 302 and h.get("Location") == f"/alerts/{pk}/")
            if result and result[0] == 302:
                with recorder.lock:
                    recorder.accepted["answers"] += 1
                    work["answered"].add(pk)
        elif kind == "steward":
            rows = "\n".join(f"SK{uuid.uuid4().hex[:16]},{work['unit_code']},A,压力测试商户{i},B{i},单位,{rnd.randint(100, 9999)}.00,"
                             f"2025-12-10 10:00:00,转账,办公用品,,30201" for i in range(20))
            content = ("支付凭证号,付款单位编码,付款账号,收款人名称,收款账号,收款人类型,支付金额,支付时间,结算方式,用途,预算项目编码,经济分类\n"
                       + rows + "\n").encode()
            result = _timed(recorder, "write: import", lambda c=content: browser.upload("/imports/", {"dataset": "payments"}, "soak.csv", c),
                            ok=lambda s, h, b: s == 200 and b'id="report-loaded">20<' in b)
            if result and result[0] == 200 and b'id="report-loaded">20<' in result[2]:
                with recorder.lock:
                    recorder.accepted["imports"] += 1
            time.sleep(0.2)  # a steward uploads now and then, not in a tight loop


def _prepare(data_dir: Path, scale: float, clients: dict) -> dict:
    """Build the demo city and the soak's own accounts and alerts (in this process, then closed)."""
    os.environ["QINGFENG_DATA_DIR"] = str(data_dir)
    os.environ["QINGFENG_DATABASE_URL"] = f"sqlite:///{data_dir / 'qingfeng.sqlite3'}"
    from qingfeng.cli import migrate, setup_django
    from qingfeng.demo.run import generate, populate

    setup_django()
    migrate()
    city, data = generate(20261127, CITY_SCALE * scale)
    populate(city, data)
    import hashlib

    import pyotp
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.utils import timezone

    from qingfeng.alerts.actions import raise_alerts
    from qingfeng.alerts.models import Alert
    from qingfeng.core.actions import create_user
    from qingfeng.core.models import Person
    from qingfeng.screening.models import Finding, Run
    from qingfeng.security import actions as security

    handler = get_user_model().objects.get(username="handler").person
    supervisor_home = get_user_model().objects.get(username="supervisor").person.department
    steward_home = get_user_model().objects.get(username="steward").person.department
    unit = handler.department
    accounts: dict[str, list] = {"supervisor": [], "handler": [], "steward": []}
    for kind, dept, role, scope in (("supervisor", supervisor_home, "supervisor", "all"), ("handler", unit, "handler", "own"),
                                    ("steward", steward_home, "data_steward", "own")):
        for i in range(clients[kind]):
            name = f"soak-{kind}-{i}"
            person = Person.objects.create(staff_no=f"SOAK-{kind}-{i}", name=name, department=dept)
            user = create_user("soak", username=name, password=PASSWORD, person=person, roles=[(role, scope, [])])
            secret = None
            if kind == "supervisor":
                secret = pyotp.random_base32()
                # enrol with the previous step's code, so that the login's current code is not a replay
                security.enable_totp("soak", user, secret=secret, code=pyotp.TOTP(secret).at(time.time() - 30))
            accounts[kind].append((name, secret))
    run = Run.objects.create(started_at=timezone.now(), finished_at=timezone.now(), status=Run.Status.DONE, actor="soak")
    Finding.objects.bulk_create([
        Finding(run=run, rule_id="FIN-005", rule_version="1.0.0", subject_key=f"SOAK-{i:06d}", department_code=unit.code,
                params={"cash_single_limit": 20000}, evidence={"payment_id": f"SOAK-{i:06d}", "amount": "30000.00"},
                evidence_rows=[], evidence_hash=hashlib.sha256(f"SOAK-{i}".encode()).hexdigest()) for i in range(SOAK_ALERTS)])
    raise_alerts(run, "soak")
    answerable = list(Alert.objects.filter(subject_key__startswith="SOAK-", status="dispatched").values_list("pk", flat=True))
    all_ids = list(Alert.objects.values_list("pk", flat=True)[:500])
    connections.close_all()
    return {"accounts": accounts, "answerable": answerable, "alert_ids": all_ids, "unit_code": unit.code}


def _count(data_dir: Path, answered: set[int]) -> dict:
    from qingfeng.alerts.models import Response
    from qingfeng.core import ledger
    from qingfeng.records.models import ImportBatch

    found_answers = Response.objects.filter(alert_id__in=answered, kind="answer", by__startswith="soak-handler").count()
    found_imports = ImportBatch.objects.filter(actor__startswith="soak-steward", status="committed").count()
    return {"answers_found": found_answers, "imports_found": found_imports, "ledger_ok": ledger.verify().ok}


def _stats(samples: list[float], errors: int, seconds: float) -> dict:
    ordered = sorted(samples)

    def pct(q):
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1) if ordered else None

    return {"requests": len(samples), "per_second": round(len(samples) / seconds, 1), "errors": errors,
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "mean_ms": round(statistics.fmean(ordered) * 1000, 1) if ordered else None}


def run_soak(seconds: float, clients_total: int, scale: float = 1.0, data_dir: Path | None = None, say=print) -> dict:
    seconds, clients_total = min(float(seconds), MAX_SECONDS), max(4, min(int(clients_total), MAX_CLIENTS))
    data_dir = Path(data_dir or tempfile.mkdtemp(prefix="qingfeng-soak-"))
    shares = {"public": 0.4, "supervisor": 0.25, "handler": 0.25, "steward": 0.1}
    clients = {k: max(1, round(v * clients_total)) for k, v in shares.items()}
    say(f"压力测试：准备演示城市与账号（{data_dir}）…")
    work = _prepare(data_dir, scale, clients)
    work["answerable_q"] = queue.Queue()
    for pk in work["answerable"]:
        work["answerable_q"].put(pk)
    port = _free_port()
    workers = max(2, min(8, os.cpu_count() or 2))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qingfeng.config.settings"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "qingfeng.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(workers), "--threads", "4", "--worker-class", "gthread", "--timeout", "120",
                               "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                Browser(port).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        recorder = Recorder()
        shared = {"alert_ids": work["alert_ids"], "answerable": work["answerable_q"], "answered": set(), "unit_code": work["unit_code"]}
        say(f"压力测试：gunicorn {workers} 进程 × 4 线程，{sum(clients.values())} 个并发客户端，{seconds:g} 秒…")
        deadline = time.monotonic() + seconds
        threads = []
        seed = 0
        for kind, n in clients.items():
            for i in range(n):
                seed += 1
                account = None if kind == "public" else work["accounts"][kind][i]
                threads.append(threading.Thread(target=_client, args=(kind, port, account, deadline, recorder, shared, seed), daemon=True))
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 120)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    counted = _count(data_dir, shared["answered"])
    categories = {k: _stats(v, recorder.errors.get(k, 0), elapsed) for k, v in sorted(recorder.samples.items())}
    baseline = categories.get("baseline /healthz", {})
    for name, figures in categories.items():
        if baseline.get("p95_ms") and name != "baseline /healthz":
            figures["p95_vs_baseline"] = round(figures["p95_ms"] / baseline["p95_ms"], 1)
    return {
        "seconds": round(elapsed, 1), "clients": clients, "server": {"gunicorn_workers": workers, "threads": 4, "database": "sqlite"},
        "categories": categories,
        "writes": {"answers_accepted": recorder.accepted["answers"], "answers_found": counted["answers_found"],
                   "imports_accepted": recorder.accepted["imports"], "imports_found": counted["imports_found"],
                   "lost": (recorder.accepted["answers"] - counted["answers_found"]) + (recorder.accepted["imports"] - counted["imports_found"])},
        "errors": sum(recorder.errors.values()), "server_errors_5xx": recorder.server_errors, "error_examples": recorder.error_examples,
        "ledger_ok": counted["ledger_ok"], "data_dir": str(data_dir),
    }


def render(result: dict) -> str:
    lines = [f"清风压力测试（回环地址，{result['seconds']} 秒，客户端 {sum(result['clients'].values())} 个："
             + "、".join(f"{k} {v}" for k, v in result["clients"].items()) + "）", ""]
    head = f"{'类别':<22}{'请求':>8}{'每秒':>8}{'错误':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p95÷基线':>10}"
    lines.append(head)
    for name, f in result["categories"].items():
        lines.append(f"{name:<22}{f['requests']:>8}{f['per_second']:>8}{f['errors']:>6}{f['p50_ms']:>9}{f['p95_ms']:>9}{f['p99_ms']:>9}"
                     f"{f.get('p95_vs_baseline', '—'):>10}")
    w = result["writes"]
    lines += ["", f"写入：答复 受理 {w['answers_accepted']} / 库中 {w['answers_found']}；导入 受理 {w['imports_accepted']} / 库中 {w['imports_found']}；"
              f"丢失 {w['lost']}", f"错误合计 {result['errors']}（其中 5xx {result['server_errors_5xx']}）；台账校验 {'通过' if result['ledger_ok'] else '失败'}"]
    return "\n".join(lines)


def main(args) -> int:
    as_json = bool(getattr(args, "json", False))
    say = (lambda *a: print(*a, file=sys.stderr)) if as_json else print
    result = run_soak(getattr(args, "seconds", 180), getattr(args, "clients", 16), getattr(args, "scale", 1.0), say=say)
    print(json.dumps(result, ensure_ascii=False, indent=2) if as_json else render(result))
    return 0 if result["writes"]["lost"] == 0 and result["errors"] == 0 else 1


