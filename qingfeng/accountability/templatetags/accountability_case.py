"""``{% case_accountability alert %}`` / ``{% case_accountability ticket %}``: the sanctions recorded from a case
and the 容错纠错 decisions about it, on the alert and ticket pages (one include line in each)."""

from django import template

from qingfeng.alerts.models import Alert

from .. import policies
from ..models import Leniency, Sanction

register = template.Library()


@register.inclusion_tag("accountability/includes/case.html", takes_context=True)
def case_accountability(context, case):
    user = context.get("request").user if context.get("request") else None
    field = "alerts" if isinstance(case, Alert) else "tickets"
    sanctions = list(Sanction.objects.filter(**{field: case}).select_related("person", "department"))
    direct = Leniency.objects.filter(**{"alert" if field == "alerts" else "ticket": case})
    leniency = list((direct | Leniency.objects.filter(sanction__in=sanctions)).distinct().select_related("applicant"))
    sanctions = [s for s in sanctions if user is not None and policies.can_see_person(user, s.person)]
    leniency = [item for item in leniency if user is not None and policies.can_see_person(user, item.applicant)]
    return {"sanctions": sanctions, "leniency": leniency}
