"""What a person's or a company's page shows: its links as rows of one table and as a graph.

Everything is read through the people policies, so the same user sees the same links on the page, in the
graph, through the API and in the export. Declared relatives (and the fact that a registry holder *is* a
relative) appear only for users who may read declarations, and each such read is ledgered by the caller
with ``actions.record_declaration_read``.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from qingfeng.alerts.policies import visible_alerts
from qingfeng.core.policies import ALL

from . import counterparties, policies
from .models import LINKED, Company, RoleKind
from .names import company_key


@dataclass
class Relationships:
    rows: list[dict] = field(default_factory=list)
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    relatives_read: int | None = None  # None: declarations not shown to this user
    reads: dict = field(default_factory=dict)  # official → declared relatives the page revealed

    def node(self, key: str, name: str, category: str, url: str = "") -> str:
        if all(n["id"] != key for n in self.nodes):
            self.nodes.append({"id": key, "name": name, "category": category, "url": url})
        return key

    def edge(self, source: str, target: str, label: str) -> None:
        self.edges.append({"source": source, "target": target, "label": label})

    def graph(self) -> dict:
        return {"nodes": self.nodes, "edges": self.edges,
                "categories": [str(c) for c in (_("人员"), _("亲属"), _("企业"), _("部门"), _("预警"))]}


CATEGORY = {"person": 0, "relative": 1, "company": 2, "department": 3, "alert": 4}


def _role_label(kind: str, share) -> str:
    label = str(dict(RoleKind.choices).get(kind, kind))
    return f"{label} {share:g}%" if share is not None else label


def _deals(user, companies: list[Company]) -> list[dict]:
    """Payments (and any other registered source) between departments in the user's scope and ``companies``."""
    if not companies:
        return []
    codes = policies.visible_department_codes(user)
    if not codes:
        return []
    names = {company_key(c.name): c for c in companies}
    rows = []
    for source, provider in counterparties.PROVIDERS.items():
        for r in provider(None, 0, names=set(names)):
            company = names.get(company_key(r.get("name")))
            if company is None and r.get("credit_code"):
                company = next((c for c in companies if c.credit_code == r["credit_code"]), None)
            if company is None or (codes != ALL and r["department_code"] not in codes):
                continue
            rows.append({**r, "source": source, "company": company})
    return sorted(rows, key=lambda r: (r["company"].name, r["department_code"], r["source"]))


def _alerts(user, q: Q) -> list:
    return list(visible_alerts(user).filter(q).select_related("department").order_by("-created_at")[:50])


def _department_names(codes) -> dict[str, str]:
    from qingfeng.core.models import Department

    return dict(Department.objects.filter(code__in=set(codes)).values_list("code", "name"))


METHOD_ZH = {"id": "身份证号一致", "score": "姓名等评分", "human": "人工确认"}
SOURCE_ZH = {"payment": "支付", "contract": "合同", "bid": "投标", "approval": "审批申请"}


def for_person(user, person) -> Relationships:
    rel = Relationships()
    me = rel.node(f"p{person.pk}", person.name, "person", reverse("people:person", args=[person.pk]))
    if policies.can_read_declarations(user, person):
        from .actions import latest_relatives

        relatives = [r for r in latest_relatives() if r.official_id == person.pk]
        rel.relatives_read = len(relatives)
        rel.reads = {person: len(relatives)}
        for r in relatives:
            key = rel.node(f"r{r.pk}", r.name, "relative")
            rel.edge(me, key, str(r.get_relation_display()))
            rel.rows.append({"kind": "relative", "kind_zh": _("申报亲属"), "name": r.name, "detail": str(r.get_relation_display()),
                             "extra": " ".join(x for x in (r.id_masked, str(r.birth_date or ""), r.employer) if x), "url": ""})
    links = (policies.visible_links(user).filter(person=person).select_related("role__company", "relative")
             .order_by("role__company__name", "pk"))
    companies = {}
    for link in links:
        company = link.role.company
        companies[company.pk] = company
        ckey = rel.node(f"c{company.pk}", company.name, "company", reverse("people:company", args=[company.pk]))
        holder = me if link.relative_id is None else rel.node(f"r{link.relative_id}", link.relative.name, "relative")
        role = _role_label(link.role.kind, link.role.share)
        if link.status in LINKED:
            rel.edge(holder, ckey, role)
        rel.rows.append({
            "kind": "company_role", "kind_zh": _("企业任职持股"), "name": company.name, "url": reverse("people:company", args=[company.pk]),
            "detail": f"{_('本人') if link.relative_id is None else link.relative.get_relation_display()} · {role}",
            "extra": f"{link.get_status_display()} · {METHOD_ZH.get(link.method, link.method)} · {link.score:.2f}",
            "status": link.status})
    linked = [c for pk, c in companies.items() if links.filter(role__company_id=pk, status__in=LINKED).exists()]
    _add_deals(rel, user, linked)
    staff_no = person.staff_no
    for alert in _alerts(user, Q(subject_key__startswith=f"{staff_no}|") | Q(subject_key__endswith=f"|{staff_no}")):
        _add_alert(rel, me, alert)
    return rel


def for_company(user, company: Company) -> Relationships:
    rel = Relationships()
    me = rel.node(f"c{company.pk}", company.name, "company", reverse("people:company", args=[company.pk]))
    visible = {link.role_id: link for link in policies.visible_links(user).filter(role__company=company, status__in=LINKED)
               .select_related("person", "relative")}
    for role in company.roles.order_by("kind", "pk"):
        link = visible.get(role.pk)
        label = _role_label(role.kind, role.share)
        if link is None:
            key = rel.node(f"h{role.pk}", role.holder_name, "person")
            rel.rows.append({"kind": "holder", "kind_zh": _("登记人员"), "name": role.holder_name, "detail": label,
                             "extra": role.holder_id_masked, "url": ""})
        elif link.relative_id is None:
            key = rel.node(f"p{link.person_id}", link.person.name, "person", reverse("people:person", args=[link.person_id]))
            rel.rows.append({"kind": "holder", "kind_zh": _("公职人员本人"), "name": link.person.name, "detail": label,
                             "extra": f"{link.person.staff_no} · {link.get_status_display()}",
                             "url": reverse("people:person", args=[link.person_id])})
        else:
            rel.reads[link.person] = rel.reads.get(link.person, 0) + 1
            key = rel.node(f"r{link.relative_id}", role.holder_name, "relative")
            official = rel.node(f"p{link.person_id}", link.person.name, "person", reverse("people:person", args=[link.person_id]))
            rel.edge(official, key, str(link.relative.get_relation_display()))
            rel.rows.append({"kind": "holder", "kind_zh": _("公职人员的申报亲属"), "name": role.holder_name, "detail": label,
                             "extra": f"{link.person.name}（{link.person.staff_no}）的{link.relative.get_relation_display()}",
                             "url": reverse("people:person", args=[link.person_id])})
        rel.edge(key, me, label)
    _add_deals(rel, user, [company])
    for alert in _alerts(user, Q(subject_key__endswith=f"|{company.credit_code}")):
        _add_alert(rel, me, alert)
    return rel


def _add_deals(rel: Relationships, user, companies: list[Company]) -> None:
    deals = _deals(user, companies)
    names = _department_names(d["department_code"] for d in deals)
    for d in deals:
        company = d["company"]
        ckey = rel.node(f"c{company.pk}", company.name, "company", reverse("people:company", args=[company.pk]))
        dkey = rel.node(f"d{d['department_code']}", names.get(d["department_code"], d["department_code"]), "department")
        source = SOURCE_ZH.get(d["source"], d["source"])
        rel.edge(dkey, ckey, f"{source} {d['records']} 笔")
        rel.rows.append({"kind": d["source"], "kind_zh": source, "name": names.get(d["department_code"], d["department_code"]),
                         "detail": f"{company.name} · {d['records']} 笔 · ¥{d['amount']:,.2f}" if d.get("amount") is not None
                         else f"{company.name} · {d['records']} 笔",
                         "extra": f"{d['first_on']} — {d['last_on']}", "url": ""})


def _add_alert(rel: Relationships, anchor: str, alert) -> None:
    key = rel.node(f"a{alert.pk}", f"{alert.rule_id}", "alert", f"/alerts/{alert.pk}/")
    rel.edge(anchor, key, alert.get_status_display())
    rel.rows.append({"kind": "alert", "kind_zh": _("预警"), "name": f"{alert.rule_id} {alert.title}", "url": f"/alerts/{alert.pk}/",
                     "detail": f"{alert.department.name} · {alert.get_status_display()}", "extra": str(alert.subject_key)})


def graph_payload(rel: Relationships) -> dict:
    payload = rel.graph()
    payload["nodes"] = [{**n, "category": CATEGORY[n["category"]]} for n in payload["nodes"]]
    return payload
