"""The ledger is a hash chain: verify names any altered, inserted or deleted event."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from qingfeng.core import ledger
from qingfeng.core.models import LedgerEvent


def _chain(n=5):
    return [ledger.append("tester", "thing.changed", object_type="x", object_id=str(i), data={"i": i, "名": "值"}) for i in range(n)]


@pytest.mark.django_db
def test_a_fresh_chain_verifies():
    _chain()
    result = ledger.verify()
    assert result.ok and result.checked == 5 and result.head_seq == 5


@pytest.mark.django_db
def test_altered_event_is_named():
    _chain()
    with connection.cursor() as c:  # tamper below the ORM, as an attacker with database access would
        c.execute("UPDATE core_ledgerevent SET data = %s WHERE seq = 3", ['{"i": 99}'])
    result = ledger.verify()
    assert not result.ok
    assert [(p.seq, p.kind) for p in result.problems] == [(3, "altered")]
    assert "#3" in result.problems[0].message


@pytest.mark.django_db
def test_deleted_event_is_named():
    _chain()
    with connection.cursor() as c:
        c.execute("DELETE FROM core_ledgerevent WHERE seq = 2")
    result = ledger.verify()
    assert [(p.seq, p.kind) for p in result.problems] == [(2, "deleted")]


@pytest.mark.django_db
def test_inserted_event_is_named():
    events = _chain()
    fake = LedgerEvent(seq=6, at=events[-1].at, actor="intruder", action="thing.changed", object_type="x", object_id="x",
                       data={}, algorithm="sha256", prev_hash="f" * 64)
    fake.hash = ledger.event_hash(fake)
    fake.save()
    result = ledger.verify()
    assert [(p.seq, p.kind) for p in result.problems] == [(6, "inserted")]


@pytest.mark.django_db
def test_sm3_chain_verifies_and_differs_from_sha256(settings):
    settings.QINGFENG = {**settings.QINGFENG, "LEDGER_ALGORITHM": "sm3"}
    e = ledger.append("tester", "thing.changed", object_type="x", object_id="1")
    assert e.algorithm == "sm3" and len(e.hash) == 64
    e.algorithm = "sha256"
    assert ledger.event_hash(e) != e.hash
    assert ledger.verify().ok


@pytest.mark.django_db
def test_events_cannot_be_edited_or_deleted_through_the_orm():
    (e,) = _chain(1)
    with pytest.raises(ValidationError, match="append-only"):
        e.save()
    with pytest.raises(ValidationError, match="append-only"):
        e.delete()


@pytest.mark.django_db
def test_cli_ledger_verify_fails_on_tampered_database(capsys):
    from qingfeng.cli import cmd_ledger

    _chain()
    with connection.cursor() as c:
        c.execute("UPDATE core_ledgerevent SET actor = 'mallory' WHERE seq = 4")

    class Args:
        action, json = "verify", False

    assert cmd_ledger(Args) == 1
    assert "#4" in capsys.readouterr().err
