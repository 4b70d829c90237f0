"""Alert statistics: per-rule precision, counts, trend, overdue; the public summary carries no personal data."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from qingfeng.alerts import policies, stats
from qingfeng.alerts.actions import answer_alert, raise_alerts, verify_alert
from qingfeng.alerts.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(users, calendar_days, make_run):
    """FIN-004: 4 alerts in 财政局 — 2 confirmed, 1 false positive, 1 answered but not verified.
    FIN-005: 1 alert in 教育局, never answered."""
    rows = [("FIN-004", f"P{i}", "100", {"i": i}) for i in range(4)] + [("FIN-005", "C1", "200", {"c": 1})]
    raise_alerts(make_run(rows), "test")
    outcomes = {"P0": "confirmed", "P1": "confirmed", "P2": "false_positive", "P3": None}
    for subject, verdict in outcomes.items():
        alert = Alert.objects.get(subject_key=subject)
        answer_alert(users["handler_a"], alert, kind="explanation", text="说明")
        if verdict:
            verify_alert(users["supervisor"], alert, accept=True, verdict=verdict)
    return users


def test_precision_is_confirmed_over_verified_and_none_before_any_verification(verified):
    rows = {r["rule_id"]: r for r in stats.precision_by_rule(Alert.objects.all())}
    assert rows["FIN-004"]["alerts"] == 4 and rows["FIN-004"]["answered"] == 4
    assert (rows["FIN-004"]["verified"], rows["FIN-004"]["confirmed"], rows["FIN-004"]["false_positive"]) == (3, 2, 1)
    assert rows["FIN-004"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert rows["FIN-005"]["precision"] is None


def test_statistics_follow_the_queryset_they_are_given(verified):
    scoped = policies.visible_alerts(verified["handler_b"])
    assert [r["rule_id"] for r in stats.precision_by_rule(scoped)] == ["FIN-005"]
    assert [d["code"] for d in stats.by_department(scoped)] == ["200"]
    assert {r["status"]: r["alerts"] for r in stats.by_status(scoped)}["dispatched"] == 1


def test_counts_by_status_severity_and_month(verified):
    qs = Alert.objects.all()
    by_status = {r["status"]: r["alerts"] for r in stats.by_status(qs)}
    assert by_status == {"new": 0, "dispatched": 1, "answered": 1, "verified": 0, "closed": 3, "escalated": 0}
    assert sum(r["alerts"] for r in stats.by_severity(qs)) == 5
    this_month = timezone.localtime().strftime("%Y-%m")
    assert stats.monthly_trend(qs) == [{"month": this_month, "raised": 5, "closed": 3}]


def test_overdue_counts_only_alerts_still_owed_an_answer(verified):
    Alert.objects.update(due_at=timezone.now() - timedelta(days=1))
    counts = stats.overdue_counts(Alert.objects.all())
    assert counts["total"] == 1
    assert counts["by_department"] == [{"code": "200", "name": "教育局", "overdue": 1}]


def test_the_public_summary_has_aggregates_but_no_subjects_people_or_evidence(verified):
    Alert.objects.filter(subject_key="C1").update(assignee=verified["handler_b"].person)
    summary = stats.public_summary()
    assert summary["total"] == 5 and summary["closed"] == 3
    text = json.dumps(summary, ensure_ascii=False, default=str)
    for secret in ("P0", "C1", "handler_a", "handler_b", "supervisor", "说明"):
        assert secret not in text
