"""The handling life cycle: dispatch → sign-for → reply → follow-up → close, the clock from dispatch, one
bounce then arbitration, extension only before expiry, separate satisfaction and resolution, reviewed
exemption, and a bad rating's follow-up and rectification deadlines."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qingfeng.core.models import LedgerEvent
from qingfeng.tickets import actions
from qingfeng.tickets.models import Status

pytestmark = pytest.mark.django_db


def test_the_clock_runs_from_dispatch_not_from_sign_for(city, file_ticket):
    u = city["users"]
    t = file_ticket()
    assert t.status == Status.RECEIVED and t.due_at is None
    dispatched = timezone.now() - timedelta(days=3)
    actions.dispatch_ticket("dispatch-centre", t, city["housing"], at=dispatched)
    t.refresh_from_db()
    due_from_dispatch = t.due_at
    actions.sign_ticket(u["housing_handler"], t)
    t.refresh_from_db()
    assert t.status == Status.SIGNED and t.due_at == due_from_dispatch
    assert timezone.localtime(t.due_at).date() > timezone.localtime(dispatched).date()


def test_full_loop_records_satisfaction_and_resolution_separately(city, file_ticket):
    u = city["users"]
    t = file_ticket()
    actions.dispatch_ticket(u["dispatcher"], t, city["housing"])
    actions.sign_ticket(u["housing_handler"], t)
    actions.reply_ticket(u["housing_handler"], t, text="已责令施工单位夜间停工。")
    actions.rate_ticket("citizen", t, satisfaction=4, resolution="partly")
    actions.follow_up_ticket(u["dispatcher"], t, note="电话回访，群众认可。")
    actions.close_ticket(u["dispatcher"], t)
    t.refresh_from_db()
    assert (t.status, t.satisfaction, t.resolution) == (Status.CLOSED, 4, "partly")
    actions_seen = list(LedgerEvent.objects.filter(object_type="tickets.ticket", object_id=str(t.pk)).values_list("action", flat=True))
    assert actions_seen == ["ticket.received", "ticket.dispatched", "ticket.signed", "ticket.replied", "ticket.rated",
                            "ticket.followed_up", "ticket.closed"]
    events = json.dumps(list(LedgerEvent.objects.filter(object_id=str(t.pk)).values("actor", "data")), ensure_ascii=False)
    assert t.code not in events and t.description not in events and "已责令" not in events  # only hashes of texts


def test_one_bounce_with_a_reason_then_arbitration_then_no_more_bounces(city, file_ticket):
    u = city["users"]
    t = file_ticket()
    actions.dispatch_ticket(u["dispatcher"], t, city["housing"])
    with pytest.raises(ValidationError):
        actions.bounce_ticket(u["housing_handler"], t, reason="  ")
    actions.bounce_ticket(u["housing_handler"], t, reason="属于人社部门职责")
    t.refresh_from_db()
    assert t.status == Status.RECEIVED and t.department is None and t.bounce_count == 1
    actions.dispatch_ticket(u["dispatcher"], t, city["labour"])
    actions.bounce_ticket(u["labour_handler"], t, reason="属于住建部门职责")
    t.refresh_from_db()
    assert t.status == Status.ARBITRATION and t.bounce_count == 2
    actions.dispatch_ticket(u["dispatcher"], t, city["housing"], note="裁定：由住建局办理")
    with pytest.raises(ValidationError, match="裁定"):
        actions.bounce_ticket(u["housing_handler"], t, reason="再退")


def test_bounce_only_within_the_window(city, file_ticket):
    t = file_ticket()
    actions.dispatch_ticket("centre", t, city["housing"], at=timezone.now() - timedelta(days=10))
    with pytest.raises(ValidationError, match="退单时限"):
        actions.bounce_ticket(city["users"]["housing_handler"], t, reason="不是我们的")


def test_extension_only_before_expiry_and_reviewed_by_someone_else(city, file_ticket):
    u = city["users"]
    t = file_ticket()
    actions.dispatch_ticket("centre", t, city["housing"])
    req = actions.request_extension(u["housing_handler"], t, days=3, reason="需协调供电部门")
    old_due = t.due_at
    actions.review_request(u["dispatcher"], req, approve=True)
    t.refresh_from_db()
    assert t.due_at > old_due and t.extended_days == 3
    late = file_ticket(title="另一件", text="另一件事情，路灯坏了很久没人修。")
    actions.dispatch_ticket("centre", late, city["housing"], at=timezone.now() - timedelta(days=20))
    with pytest.raises(ValidationError, match="不能再申请延期"):
        actions.request_extension(u["housing_handler"], late, days=2, reason="来不及")


def test_exemption_needs_review_and_keeps_the_ticket_out_of_satisfaction(city, file_ticket):
    u = city["users"]
    t = file_ticket(text="要求青蛙晚上不要叫，太吵了。")
    actions.dispatch_ticket("centre", t, city["housing"])
    req = actions.request_exemption(u["housing_handler"], t, reason="自然现象，不属于政府可处理事项")
    t.refresh_from_db()
    assert not t.exempt
    with pytest.raises(PermissionDenied):
        actions.review_request(u["housing_handler"], req, approve=True)
    actions.review_request(u["dispatcher"], req, approve=True, note="同意")
    t.refresh_from_db()
    assert t.exempt


def test_a_bad_rating_opens_follow_up_and_rectification_deadlines(city, file_ticket):
    u = city["users"]
    t = file_ticket()
    actions.dispatch_ticket("centre", t, city["housing"])
    actions.sign_ticket(u["housing_handler"], t)
    actions.reply_ticket(u["housing_handler"], t, text="已处理。")
    actions.rate_ticket("citizen", t, satisfaction=1, resolution="unresolved")
    case = t.bad_rating
    assert case.follow_up_due_at < case.rectify_due_at
    assert (case.rectify_due_at - case.rated_at).days >= 15 + 4  # 15 working days span three weekends at least
    actions.record_bad_rating_step(u["housing_handler"], t, step="follow_up", text="已电话联系群众。")
    actions.record_bad_rating_step(u["housing_handler"], t, step="rectify", text="已督促施工单位整改。")
    case.refresh_from_db()
    assert case.followed_up_at and case.rectified_at


def test_a_department_cannot_act_on_another_departments_ticket(city, file_ticket):
    t = file_ticket()
    actions.dispatch_ticket("centre", t, city["housing"])
    with pytest.raises(PermissionDenied):
        actions.sign_ticket(city["users"]["labour_handler"], t)
    with pytest.raises(PermissionDenied):
        actions.dispatch_ticket(city["users"]["housing_head"], t, city["labour"])


def test_web_users_cannot_backdate(city, file_ticket):
    t = file_ticket()
    with pytest.raises(PermissionDenied):
        actions.dispatch_ticket(city["users"]["dispatcher"], t, city["housing"], at=timezone.now() - timedelta(days=1))


def test_contact_is_sealed_at_rest_and_every_read_is_ledgered(city, file_ticket):
    t = file_ticket(name="张三", phone="13912345678")
    assert "13912345678" not in t.contact_sealed and "张三" not in t.contact_sealed
    actions.dispatch_ticket("centre", t, city["housing"])
    assert actions.read_contact(city["users"]["housing_handler"], t)["phone"] == "13912345678"
    assert LedgerEvent.objects.filter(action="ticket.contact_read", object_id=str(t.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        actions.read_contact(city["users"]["labour_handler"], t)
