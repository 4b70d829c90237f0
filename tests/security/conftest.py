"""The hostile world of the security tests: two departments' data, every role, and hostile text in every
free-text field the world has (so that the page walk also proves everything is rendered escaped)."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

XSS = '<script>alert("xss")</script>'
MARKER_B = "乙方机密"  # appears only in department B's objects: an A user who sees it has crossed the boundary
PASSWORD = "Qingfeng-Test-2026"
FORMULA = '=HYPERLINK("http://evil.example/","点击")'  # exports must keep it as text


def _payment(payment_id, code, payee, amount):
    return {"payment_id": payment_id, "payer_department_code": code, "payee_name": payee, "payee_account": "6222000011112222",
            "payee_type": "personal", "amount": amount, "paid_at": "2025-12-27 10:00:00", "settlement_method": "cash",
            "purpose": f"慰问品 {XSS}"}


@pytest.fixture
def hostile_world(dept_tree, make_user, calendar_days):
    """Department A = 财政局 (国库科 below), department B = 教育局. One alert each, answered with an attachment;
    one import batch with a rejected row; a user per role (A side) plus a handler of B."""
    from qingfeng.alerts.actions import answer_alert, raise_alerts
    from qingfeng.alerts.models import Alert
    from qingfeng.records.imports import import_rows
    from qingfeng.screening.models import Finding, Run

    rows = [("FIN-005", f"{FORMULA}PAY-A-001{XSS}", "101", _payment("PAY-A-001", "101", f"甲方商店{XSS}", "38000.00")),
            ("FIN-005", f"PAY-B-001{MARKER_B}{XSS}", "200", _payment("PAY-B-001", "200", f"{MARKER_B}商店{XSS}", "26000.00"))]
    run = Run.objects.create(started_at=timezone.now(), finished_at=timezone.now(), status=Run.Status.DONE, actor="test")
    for rule_id, subject, code, row in rows:
        evidence = {"subject_key": subject, "department_code": code, "amount": row["amount"], "payee_name": row["payee_name"]}
        Finding.objects.create(run=run, rule_id=rule_id, rule_version="1.0.0", subject_key=subject, department_code=code,
                               params={"cash_single_limit": 20000}, evidence=evidence, evidence_rows=[row],
                               evidence_hash=hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest())
    raise_alerts(run, "screening")
    alert_a, alert_b = Alert.objects.get(department__code="101"), Alert.objects.get(department__code="200")
    users = {
        "system_admin": make_user("sysadmin", "system_admin"),
        "security_admin": make_user("secadmin", "security_admin"),
        "audit_admin": make_user("auditadmin", "audit_admin"),
        "supervisor": make_user("supervisor", "supervisor", "all", dept_tree["city"]),
        "department_head": make_user("head_a", "department_head", "own_and_below", dept_tree["finance"]),
        "handler": make_user("handler_a", "handler", "own_and_below", dept_tree["finance"]),
        "data_steward": make_user("steward_a", "data_steward", "own", dept_tree["finance"]),
        "handler_b": make_user("handler_b", "handler", "own", dept_tree["education"]),
    }
    pdf = SimpleUploadedFile(f"整改报告{XSS}.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    answer_alert(users["handler_b"], alert_b, kind="rectification", text=f"{MARKER_B}已整改{XSS}", attachment=pdf)
    answer_alert(users["handler"], alert_a, kind="explanation", text=f"甲方说明{XSS}")
    header = ["支付凭证号", "付款单位编码", "付款账号", "收款人名称", "收款账号", "收款人类型", "支付金额", "支付时间", "结算方式", "用途", "预算项目编码", "经济分类"]
    good = ["ZF-1", "101", "A", f"某公司{XSS}", "B", "单位", "10.00", "2026-03-05 14:30:00", "转账", XSS, "", "30201"]
    bad = ["ZF-2", "101", "A", "某公司", "B", "单位", XSS, "2026-03-05", "转账", "", "", "30201"]
    batch = import_rows([dict(zip(header, good, strict=True)), dict(zip(header, bad, strict=True))], "payments",
                        source_name=f"支付{XSS}.csv", actor=users["data_steward"])
    return {"users": users, "alert_a": alert_a, "alert_b": alert_b, "response_b": alert_b.responses.get(),
            "response_a": alert_a.responses.get(), "batch": batch.batch_id, "depts": dept_tree}
