"""The clocks of disclosure, all through the one deadline service (core.deadlines).

A request: answer within 20 working days of receipt (第三十三条), counted from the receipt of the correction
when one was asked for (第三十条); the third-party consultation stops the clock (a typed suspension, from the
day the request for opinion is sent to the reply or the end of the third party's 15 working days); one
extension of up to 20 working days, asked before the deadline. Budgets and final accounts: published within
20 days of approval (预算法 第十四条).
"""

from datetime import date, datetime, time

from django.utils import timezone

from qingfeng.core import deadlines
from qingfeng.core.deadlines import Extension, StartRule, Suspension, SuspensionReason

from .parameters import ANSWER_DAYS, BUDGET_PUBLISH_DAYS, CORRECTION_NOTICE_DAYS, EXTENSION_DAYS, THIRD_PARTY_DAYS


def correction_due(received_at: datetime) -> datetime:
    return deadlines.compute(received_at, int(CORRECTION_NOTICE_DAYS.value()), CORRECTION_NOTICE_DAYS.unit).due


def third_party_due(sent_at: datetime) -> datetime:
    return deadlines.compute(sent_at, int(THIRD_PARTY_DAYS.value()), THIRD_PARTY_DAYS.unit).due


def answer_due(req) -> datetime | None:
    """None while the applicant has not sent the correction asked for (the clock has not started)."""
    if req.correction_asked_at and not req.correction_received_at:
        return None
    start = req.correction_received_at or req.received_at
    suspensions = []
    if req.third_party_sent_at:
        end = req.third_party_replied_at or req.third_party_due_at or third_party_due(req.third_party_sent_at)
        suspensions.append(Suspension(SuspensionReason.THIRD_PARTY, req.third_party_sent_at, end))
    ceiling = int(EXTENSION_DAYS.value())
    extensions = [Extension(ceiling, req.extended_at)] if req.extended_at else []
    return deadlines.compute(start, int(ANSWER_DAYS.value()), ANSWER_DAYS.unit, StartRule.NEXT_DAY,
                             suspensions=suspensions, extensions=extensions, extension_ceiling=ceiling).due


def budget_publish_due(approved_on: date) -> datetime:
    start = timezone.make_aware(datetime.combine(approved_on, time(9, 0)))
    return deadlines.compute(start, int(BUDGET_PUBLISH_DAYS.value()), BUDGET_PUBLISH_DAYS.unit, StartRule.NEXT_DAY).due

