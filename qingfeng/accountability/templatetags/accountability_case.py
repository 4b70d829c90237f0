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
    me = policies.person_of(user) if user is not None else None
    department_id = getattr(case, "department_id", None)
    may_sanction = user is not None and department_id is not None and policies.sanctions(user, department_id)
    may_apply = me is not None and (me.department_id == department_id or policies.records_for(user, department_id or 0))
    return {"sanctions": sanctions, "leniency": leniency, "may_sanction": may_sanction, "may_apply": may_apply,
            "field": "alert" if field == "alerts" else "ticket", "ref": case.pk if field == "alerts" else case.number}
