"""The public portal: no login, aggregates only, the ledger head and how to check it."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _close(client_for, alert, verdict="confirmed"):
    client_for("handler_a" if alert.subject_key.startswith("PAY-A") else "handler_b").post(
        f"/alerts/{alert.pk}/answer/", {"kind": "explanation", "text": "情况说明"})
    client_for("supervisor").post(f"/alerts/{alert.pk}/verify/", {"decision": "accept", "verdict": verdict})


def test_portal_opens_without_login_and_shows_aggregates(client_for, world):
    _close(client_for, world["alert_a"])
    response = Client().get("/portal/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="value" id="pub-total">2</div>' in html
    assert '<div class="value" id="pub-closed">1</div>' in html
    assert '<div class="value" id="pub-closed-share">50%</div>' in html
    assert 'id="pub-answer-time"' in html and "分钟" in html  # answered within the test, in minutes
    assert "国库科" in html and "教育局" in html  # departments are public bodies
    assert "FIN-005" in html


def test_portal_publishes_no_personal_data_no_payees_and_no_subjects(client_for, world):
    _close(client_for, world["alert_a"])
    html = Client().get("/portal/").content.decode()
    for secret in ("张三建材经营部", "李四文具店", "PAY-A-001", "PAY-B-001", "6222000011112222", "handler_a", "supervisor",
                   world["alert_a"].title, "情况说明"):
        assert secret not in html


def test_portal_shows_the_ledger_head_hash_and_its_date(world):
    from qingfeng.core import ledger

    head = ledger.head()
    html = Client().get("/portal/").content.decode()
    assert head.hash in html
    assert f"台账共 {head.seq} 个事件" in html


def test_ledger_page_explains_verification_and_looks_up_a_published_head(world):
    from qingfeng.core.models import LedgerEvent

    first = LedgerEvent.objects.get(seq=1)
    page = Client().get("/portal/ledger/?seq=1")
    html = page.content.decode()
    assert page.status_code == 200
    assert "qingfeng ledger verify" in html and "哈希链" in html
    assert f'<div class="hash" id="lookup-hash">{first.hash}</div>' in html
    missing = Client().get("/portal/ledger/?seq=999999").content.decode()
    assert "台账中没有第 999999 号事件" in missing


def test_ledger_page_lists_daily_heads(world):
    from qingfeng.core import ledger

    html = Client().get("/portal/ledger/").content.decode()
    assert ledger.head().hash in html.split("每日链头", 1)[1]


def test_portal_on_an_empty_system_says_there_is_no_data(db):
    html = Client().get("/portal/").content.decode()
    assert '<div class="value" id="pub-total">0</div>' in html
    assert "台账尚无事件" in html


def test_portal_is_readable_on_a_phone(world):
    html = Client().get("/portal/").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert 'class="responsive"' in html


def test_ledger_lookup_rejects_numbers_out_of_range(world):
    response = Client().get("/portal/ledger/?seq=99999999999999999999999")
    assert response.status_code == 200 and 'id="lookup-hash"' not in response.content.decode()
