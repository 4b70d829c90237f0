"""State changes of the people registries. Each runs in one transaction and appends its ledger event.

Bulk loads (the roster, declarations, the business registry) are one action and one ledger event each,
recording counts and a content hash, never names or ID numbers. Reading a declaration is not a change of
state, but it is ledgered all the same (``record_declaration_read``): who read whose declaration, where.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from qingfeng.core import ledger
from qingfeng.core.crypto import keyed_hash
from qingfeng.core.models import Department, Person, Post

from . import matching, policies
from .identifiers import InvalidIdentifier, parse_credit_code, parse_id_number
from .models import (
    Company,
    CompanyRole,
    Declaration,
    DeclaredRelative,
    Establishment,
    LinkStatus,
    MatchDecision,
    Oversight,
    PersonLink,
    ReceptionStandard,
    Relation,
    RoleKind,
    RosterEntry,
    StaffStatus,
)
from .names import name_key, pinyin_key


@dataclass
class LoadReport:
    """What a bulk load did: rows read, loaded and rejected (with the line and the reason)."""

    read: int = 0
    loaded: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"read": self.read, "loaded": self.loaded, "rejected": len(self.rejected), **self.extra}


def _digest(rows: Iterable) -> str:
    return hashlib.sha256(json.dumps(list(rows), ensure_ascii=False, default=str, sort_keys=True).encode()).hexdigest()


def hashed_id(value: str | None) -> tuple[str, str, object]:
    """(keyed hash, mask, parsed) of a validated ID number; ("", "", None) for an empty value."""
    if not value:
        return "", "", None
    parsed = parse_id_number(value)
    return keyed_hash(parsed.value), parsed.masked, parsed


def _enum(value, choices, what: str) -> str:
    if value in choices.values:
        return value
    for v, label in choices.choices:
        if str(label) == value:
            return v
    raise ValidationError(f"未知的{what}：{value}")


# ------------------------------------------------------------------------------------------ roster


ROSTER_FIELDS = ("establishment", "status", "joined_on", "left_on", "birth_date", "region")


def _roster_person(row: dict, person: Person | None, departments: dict, posts: dict) -> tuple[Person, bool]:
    """The roster row's person, created or brought in line with the row's name, department and post (when
    the row gives them): (person, whether anything about the person changed). Not saved yet when new."""
    staff_no = str(row.get("staff_no") or "").strip()
    name, code = str(row.get("name") or "").strip(), str(row.get("department_code") or "").strip()
    if code and code not in departments:
        raise ValidationError(f"部门编码 {code} 不存在")
    if person is None:
        if not (name and code):
            raise ValidationError(f"工号 {staff_no} 不在人员名单中（新增人员须填写姓名和部门编码）")
        person = Person(staff_no=staff_no, name=name, department=departments[code])
    before = (person.name, person.department_id, person.post_id)
    person.name = name or person.name
    if code:
        person.department = departments[code]
    title = str(row.get("post") or "").strip()
    if title:
        key = (person.department_id, title)
        post = posts.get(key)
        leader = row.get("is_leader")
        if post is None:
            post = posts[key] = Post.objects.create(department=person.department, title=title, is_leader=bool(leader))
        elif leader is not None and post.is_leader != bool(leader):
            post.is_leader = bool(leader)
            post.save(update_fields=["is_leader"])
        person.post = post
    elif code and person.post_id and person.post.department_id != person.department_id:
        person.post = None  # moved to another department without a post there
    return person, person.pk is None or before != (person.name, person.department_id, person.post_id)


@transaction.atomic
def load_roster(actor, entries: Iterable[dict]) -> LoadReport:
    """Create or update roster entries by staff number: 编制 type, status, dates and the ID number, which is
    validated, keyed-hashed and masked onto ``core.Person``. A row with a name and a department code may
    add a person to the staff list, or move one; a post title puts the person in that post of his
    department. Rows that change nothing write nothing; a load that changes nothing is not ledgered."""
    report = LoadReport()
    people = {p.staff_no: p for p in Person.objects.select_related("post")}
    departments = {d.code: d for d in Department.objects.all()}
    posts = {(p.department_id, p.title): p for p in Post.objects.all()}
    existing = {r.person_id: r for r in RosterEntry.objects.all()}
    new, changed, persons, digest, created = [], [], {}, [], []
    for line, row in enumerate(entries, start=1):
        report.read += 1
        staff_no = str(row.get("staff_no") or "").strip()
        try:
            person, person_changed = _roster_person(row, people.get(staff_no), departments, posts)
            id_hash, masked, parsed = hashed_id(row.get("id_number"))
            entry = existing.get(person.pk)
            now = {k: getattr(entry, k) for k in ROSTER_FIELDS} if entry else {}  # what a row leaves empty stays
            values = {
                "establishment": _enum(row.get("establishment") or now.get("establishment") or Establishment.ADMINISTRATIVE,
                                       Establishment, "编制类型"),
                "status": _enum(row.get("status") or now.get("status") or StaffStatus.ACTIVE, StaffStatus, "人员状态"),
                "joined_on": _day(row.get("joined_on")) or now.get("joined_on"),
                "left_on": _day(row.get("left_on")) or now.get("left_on"),
                "birth_date": _day(row.get("birth_date")) or (parsed.birth_date if parsed else None) or now.get("birth_date"),
                "region": row.get("region") or (parsed.region if parsed else "") or now.get("region", ""),
            }
            if values["status"] == StaffStatus.ACTIVE:
                values["left_on"] = None
        except (InvalidIdentifier, ValidationError) as exc:
            report.rejected.append((line, f"工号 {staff_no}：{getattr(exc, 'message', exc)}"))
            continue
        if values["status"] != StaffStatus.ACTIVE and not values["left_on"]:
            report.rejected.append((line, f"工号 {staff_no}：非在职人员须填写退休、死亡或离职日期"))
            continue
        if id_hash and (person.id_hash, person.id_masked) != (id_hash, masked):
            person.id_hash, person.id_masked = id_hash, masked
            person_changed = True
        if person.pk is None:
            person.save()
            people[staff_no] = person
            created.append(person)
        elif person_changed:
            persons[person.pk] = person
        if entry is None:
            entry = existing[person.pk] = RosterEntry(person=person, **values)
            new.append(entry)
        elif any(getattr(entry, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(entry, k, v)
            if entry.pk is not None:
                changed.append(entry)
        digest.append([staff_no, id_hash, person.name, person.department_id, person.post_id, *[str(v) for v in values.values()]])
        report.loaded += 1
    RosterEntry.objects.bulk_create(new, batch_size=2000)
    RosterEntry.objects.bulk_update(list({id(e): e for e in changed}.values()), list(ROSTER_FIELDS), batch_size=2000)
    Person.objects.bulk_update(list(persons.values()), ["name", "department", "post", "id_hash", "id_masked"], batch_size=2000)
    report.extra.update({"people_created": len(created), "people_updated": len(persons), "created": len(new),
                         "updated": len({id(e) for e in changed})})
    if not (created or persons or new or changed):
        return report
    ledger.append(actor, "people.roster_loaded", object_type="people.rosterentry", object_id="bulk", data={
        **report.as_dict(), "sha256": _digest(digest)})
    return report


@transaction.atomic
def set_staff_status(actor, person: Person, status: str, left_on: date | None = None) -> RosterEntry:
    entry = RosterEntry.objects.select_for_update().get(person=person)
    status = _enum(status, StaffStatus, "人员状态")
    if status != StaffStatus.ACTIVE and not left_on:
        raise ValidationError("非在职人员须填写退休、死亡或离职日期")
    old = {"status": entry.status, "left_on": entry.left_on}
    entry.status, entry.left_on = status, left_on if status != StaffStatus.ACTIVE else None
    entry.save(update_fields=["status", "left_on"])
    ledger.append(actor, "people.status_set", entry, data={"staff_no": person.staff_no, "old": old,
                                                           "new": {"status": status, "left_on": entry.left_on}})
    return entry


@transaction.atomic
def assign_oversight(actor, person: Person, department: Department) -> Oversight:
    row, created = Oversight.objects.get_or_create(person=person, department=department)
    if created:
        ledger.append(actor, "people.oversight_assigned", row, data={"staff_no": person.staff_no, "department": department.code})
    return row


# ------------------------------------------------------------------------------------ declarations


def _relative(declaration: Declaration, row: dict) -> DeclaredRelative:
    id_hash, masked, parsed = hashed_id(row.get("id_number"))
    name = str(row.get("name") or "").strip()
    if not name:
        raise ValidationError("申报亲属须有姓名")
    return DeclaredRelative(
        declaration=declaration, official_id=declaration.official_id, relation=_enum(row.get("relation"), Relation, "亲属关系"),
        name=name, id_hash=id_hash, id_masked=masked,
        birth_date=row.get("birth_date") or (parsed.birth_date if parsed else None),
        region=row.get("region") or (parsed.region if parsed else ""), employer=row.get("employer") or "")


@transaction.atomic
def record_declaration(actor, official: Person, *, year: int, submitted_on: date, relatives: list[dict]) -> Declaration:
    """One official's annual declaration with the relatives it lists (ID numbers hashed and masked)."""
    if Declaration.objects.filter(official=official, year=year).exists():
        raise ValidationError(f"{official.staff_no} 的 {year} 年度报告已录入")
    declaration = Declaration.objects.create(official=official, year=year, submitted_on=submitted_on)
    try:
        rows = [_relative(declaration, r) for r in relatives]
    except InvalidIdentifier as exc:
        raise ValidationError(str(exc)) from exc
    DeclaredRelative.objects.bulk_create(rows)
    ledger.append(actor, "declaration.recorded", declaration, data={
        "staff_no": official.staff_no, "year": year, "relatives": len(rows),
        "sha256": _digest([[r.relation, r.name, r.id_hash, r.birth_date] for r in rows])})
    return declaration


def _relative_key(r: DeclaredRelative) -> tuple[str, ...]:
    return (r.relation, r.name, r.id_hash, r.id_masked, str(r.birth_date or ""), r.region, r.employer)


@transaction.atomic
def load_declarations(actor, declarations: Iterable[dict]) -> LoadReport:
    """Bulk form of ``record_declaration``: dicts {staff_no, year, submitted_on, relatives: [...]}. A year
    already recorded with the same content is left as it is (``unchanged``); with other content it is
    refused, as ``record_declaration`` refuses it. A load that records nothing is not ledgered."""
    report = LoadReport()
    people = {p.staff_no: p for p in Person.objects.all()}
    relatives, digest, unchanged = [], [], 0
    for line, d in enumerate(declarations, start=1):
        report.read += 1
        official = people.get(str(d.get("staff_no")))
        if official is None:
            report.rejected.append((line, f"工号 {d.get('staff_no')} 不在人员名单中"))
            continue
        recorded = Declaration.objects.filter(official=official, year=d["year"]).first()
        declaration = recorded or Declaration(official=official, year=d["year"], submitted_on=_day(d["submitted_on"]))
        try:
            rows = [_relative(declaration, r) for r in d.get("relatives") or ()]
        except (InvalidIdentifier, ValidationError) as exc:
            report.rejected.append((line, f"{official.staff_no}：{getattr(exc, 'message', exc)}"))
            continue
        if recorded is not None:
            same = recorded.submitted_on == _day(d["submitted_on"]) and sorted(map(_relative_key, rows)) == sorted(
                map(_relative_key, recorded.relatives.all()))
            if not same:
                report.rejected.append((line, f"{official.staff_no} 的 {d['year']} 年度报告已录入，内容与本次不同；已录入的报告不覆盖"))
                continue
            unchanged += 1
            report.loaded += 1
            continue
        declaration.save()
        relatives += rows
        digest.append([official.staff_no, d["year"], [[r.relation, r.name, r.id_hash] for r in rows]])
        report.loaded += 1
    DeclaredRelative.objects.bulk_create(relatives, batch_size=2000)
    report.extra.update({"relatives": len(relatives), "created": report.loaded - unchanged, "unchanged": unchanged})
    if report.loaded == unchanged:
        return report
    ledger.append(actor, "declaration.loaded", object_type="people.declaration", object_id="bulk",
                  data={**report.as_dict(), "sha256": _digest(digest)})
    return report


def record_declaration_read(actor, official: Person, *, channel: str, relatives: int) -> None:
    """Ledger a read of ``official``'s declared relatives (page, api, export, graph, review)."""
    ledger.append(actor, "declaration.read", official, data={"staff_no": official.staff_no, "channel": channel,
                                                             "relatives": relatives})


def latest_relatives() -> list[DeclaredRelative]:
    """The relatives of each official's latest declaration."""
    latest = {}
    for pk, official_id in Declaration.objects.values_list("pk", "official_id").order_by("official_id", "year"):
        latest[official_id] = pk
    return list(DeclaredRelative.objects.filter(declaration_id__in=latest.values()).select_related("official"))


# -------------------------------------------------------------------------------- business registry


def _day(value):
    if value is None or value == "" or isinstance(value, date):
        return value or None
    return date.fromisoformat(str(value))


COMPANY_FIELDS = ("name", "status", "established_on", "region", "address")
ROLE_FIELDS = ("kind", "position", "holder_name", "holder_id_hash", "holder_id_masked", "holder_birth_date", "holder_region",
               "share", "start_on", "end_on")


def _role_key(values: dict) -> tuple[str, ...]:
    """A role as compared between a load and the registry (shares to the stored four decimals)."""
    share = values.get("share")
    return tuple(str(Decimal(share).quantize(Decimal("0.0001"))) if k == "share" and share is not None else str(values.get(k) or "")
                 for k in ROLE_FIELDS)


@transaction.atomic
def load_business_registry(actor, companies: Iterable[dict], roles: Iterable[dict]) -> LoadReport:
    """Companies (credit code validated, GB 32100) and the natural persons holding roles in them. A company's
    roles are replaced by those of the load (a registry extract states the current roles); a company whose
    details and roles are as registered already is left untouched, and a load that changes nothing is not
    ledgered."""
    report = LoadReport()
    loaded: dict[str, dict] = {}
    for line, row in enumerate(companies, start=1):
        report.read += 1
        try:
            code = parse_credit_code(row.get("credit_code"))
        except InvalidIdentifier as exc:
            report.rejected.append((line, f"{row.get('name', '')}：{exc}"))
            continue
        loaded[code] = {"name": str(row["name"]).strip(), "status": row.get("status") or "active",
                        "established_on": _day(row.get("established_on")), "region": row.get("region") or code[2:8],
                        "address": row.get("address") or ""}
    role_values: dict[str, list[dict]] = {code: [] for code in loaded}
    role_rejected = 0
    for line, row in enumerate(roles, start=1):
        try:
            code = parse_credit_code(row.get("credit_code"))
            if code not in loaded:
                raise ValidationError(f"企业 {code} 不在本次登记数据中")
            id_hash, masked, parsed = hashed_id(row.get("holder_id_number"))
            masked = masked or (row.get("holder_id_masked") or "")
            name = str(row.get("holder_name") or "").strip()
            if not name:
                raise ValidationError("缺少姓名")
            share = row.get("share")
            role_values[code].append({
                "kind": _enum(row.get("kind"), RoleKind, "企业角色"), "position": row.get("position") or "",
                "holder_name": name, "holder_id_hash": id_hash, "holder_id_masked": masked,
                "holder_birth_date": _day(row.get("holder_birth_date")) or (parsed.birth_date if parsed else None),
                "holder_region": row.get("holder_region") or (parsed.region if parsed else masked[:6] if masked[:6].isdigit() else ""),
                "share": Decimal(str(share)) if share not in (None, "") else None,
                "start_on": _day(row.get("start_on")), "end_on": _day(row.get("end_on"))})
        except (InvalidIdentifier, ValidationError, ValueError, ArithmeticError) as exc:
            role_rejected += 1
            report.rejected.append((line, f"企业人员第 {line} 行：{getattr(exc, 'message', exc)}"))
    existing = {c.credit_code: c for c in Company.objects.filter(credit_code__in=list(loaded))}
    registered: dict[int, list] = {}
    for values in CompanyRole.objects.filter(company__in=list(existing.values())).values("company_id", *ROLE_FIELDS):
        registered.setdefault(values["company_id"], []).append(_role_key(values))
    new, changed, replaced = [], [], []
    for code, values in loaded.items():
        company = existing.get(code)
        if company is None:
            new.append(Company(credit_code=code, name_key=name_key(values["name"]), **values))
            replaced.append(code)
            continue
        if any(getattr(company, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(company, k, v)
            company.name_key = name_key(values["name"])
            changed.append(company)
        if sorted(registered.get(company.pk, [])) != sorted(map(_role_key, role_values[code])):
            replaced.append(code)
    Company.objects.bulk_create(new, batch_size=2000)
    Company.objects.bulk_update(changed, ["name_key", *COMPANY_FIELDS], batch_size=2000)
    ids = dict(Company.objects.filter(credit_code__in=replaced).values_list("credit_code", "pk"))
    CompanyRole.objects.filter(company_id__in=ids.values()).delete()
    new_roles = [CompanyRole(company_id=ids[code], holder_name_key=name_key(v["holder_name"]), holder_pinyin=pinyin_key(v["holder_name"]), **v)
                 for code in replaced for v in role_values[code]]
    CompanyRole.objects.bulk_create(new_roles, batch_size=5000)
    report.loaded = len(loaded)
    unchanged = len(loaded) - len({c.credit_code for c in changed} | set(replaced))  # replaced includes the new ones
    report.extra.update({"companies_created": len(new), "companies_updated": len(changed), "companies_unchanged": unchanged,
                         "roles": len(new_roles), "roles_rejected": role_rejected})
    if not (new or changed or replaced):
        return report
    ledger.append(actor, "business_registry.loaded", object_type="people.company", object_id="bulk", data={
        **report.as_dict(), "sha256": _digest(sorted([c, v["name"]] for c, v in loaded.items()))})
    return report


# ------------------------------------------------------------------------------------------ matching


def role_fingerprint(role: CompanyRole, credit_code: str) -> str:
    return matching.fingerprint(credit_code, role.holder_name_key, role.holder_birth_date, role.holder_region,
                                matching.id_tail(role.holder_id_masked), role.holder_id_hash)


def _targets() -> tuple[list[dict], dict[str, tuple[int, int | None]]]:
    """Officials on the roster and the relatives of their latest declarations, as matcher targets, and
    target key → (person id, relative id)."""
    rows, index = [], {}
    for entry in RosterEntry.objects.select_related("person"):
        p = entry.person
        key = f"person:{p.staff_no}"
        rows.append({"target_key": key, "name": p.name, "id_hash": p.id_hash or None, "id_tail": matching.id_tail(p.id_masked),
                     "birth_date": entry.birth_date, "region": entry.region or None})
        index[key] = (p.pk, None)
    for r in latest_relatives():
        key = r.target_key
        rows.append({"target_key": key, "name": r.name, "id_hash": r.id_hash or None, "id_tail": matching.id_tail(r.id_masked),
                     "birth_date": r.birth_date, "region": r.region or None})
        index[key] = (r.official_id, r.pk)
    return rows, index


@transaction.atomic
def run_matching(actor, settings: matching.MatchSettings | None = None) -> dict:
    """Link every company role holder to officials and declared relatives, overlaying reviewers' decisions;
    replaces the previous links. Returns counts by status."""
    settings = settings or matching.MatchSettings.current()
    targets, index = _targets()
    roles = list(CompanyRole.objects.select_related("company"))
    by_key, sources = {}, []
    for role in roles:
        fp = role_fingerprint(role, role.company.credit_code)
        by_key[str(role.pk)] = (role, fp)
        sources.append({"source_key": str(role.pk), "name": role.holder_name, "id_hash": role.holder_id_hash or None,
                        "id_tail": matching.id_tail(role.holder_id_masked), "birth_date": role.holder_birth_date,
                        "region": role.holder_region or None, "fingerprint": fp})
    found = matching.link(sources, targets, settings).to_pylist() if sources and targets else []
    decisions = {(d.fingerprint, d.target_key): d.confirmed for d in MatchDecision.objects.all()}
    links: dict[tuple[int, str], PersonLink] = {}
    for row in found:
        role, fp = by_key[row["source_key"]]
        status = row["status"]
        decided = decisions.get((fp, row["target_key"]))
        if decided is not None and row["method"] != "id":
            status = LinkStatus.CONFIRMED if decided else LinkStatus.REJECTED
        person_id, relative_id = index[row["target_key"]]
        links[(role.pk, row["target_key"])] = PersonLink(
            role=role, person_id=person_id, relative_id=relative_id, target_key=row["target_key"], fingerprint=fp,
            score=round(float(row["probability"]), 4), method=row["method"], status=status,
            features={k: row[k] for k in ("name_level", "tf", "birth", "region", "tail")} | {"weight": round(float(row["weight"]), 2)})
    # A confirmed pair the scores no longer reach stays linked: the reviewer's word outlives a weight change.
    by_fp: dict[str, list[CompanyRole]] = {}
    for role, fp in by_key.values():
        by_fp.setdefault(fp, []).append(role)
    for (fp, target_key), confirmed in decisions.items():
        if not confirmed or target_key not in index:
            continue
        for role in by_fp.get(fp, []):
            if (role.pk, target_key) not in links:
                person_id, relative_id = index[target_key]
                links[(role.pk, target_key)] = PersonLink(
                    role=role, person_id=person_id, relative_id=relative_id, target_key=target_key, fingerprint=fp,
                    score=0.0, method="human", status=LinkStatus.CONFIRMED, features={})
    PersonLink.objects.all().delete()
    PersonLink.objects.bulk_create(list(links.values()), batch_size=5000)
    counts = {s: 0 for s in LinkStatus.values}
    for link_ in links.values():
        counts[link_.status] += 1
    summary = {"roles": len(roles), "targets": len(targets), **counts,
               "auto_threshold": settings.auto_threshold, "review_threshold": settings.review_threshold}
    ledger.append(actor, "people.matched", object_type="people.personlink", object_id="all", data=summary)
    return summary


@transaction.atomic
def decide_link(actor, link: PersonLink, *, confirmed: bool, note: str = "") -> PersonLink:
    """A reviewer confirms or rejects a candidate link; the decision is remembered for later runs."""
    if not isinstance(actor, str):
        if not policies.may_review(actor) or not policies.can_read_declarations(actor, link.person):
            raise PermissionDenied("只有可查阅个人有关事项报告的纪检监察人员可以复核关联，且限于其数据权限内的人员")
        if not policies.visible_links(actor).filter(pk=link.pk).exists():
            raise PermissionDenied("该关联不在您的数据权限内")
    if confirmed is False and not note.strip():
        raise ValidationError("否定关联须说明理由")
    old = link.status
    MatchDecision.objects.update_or_create(fingerprint=link.fingerprint, target_key=link.target_key, defaults={
        "confirmed": confirmed, "decided_by": ledger._actor_name(actor), "decided_at": timezone.now(), "note": note})
    link.status = LinkStatus.CONFIRMED if confirmed else LinkStatus.REJECTED
    link.save(update_fields=["status"])
    ledger.append(actor, "person_link.confirmed" if confirmed else "person_link.rejected", link, data={
        "old_status": old, "new_status": link.status, "target_key": link.target_key, "fingerprint": link.fingerprint,
        "score": link.score, "note_sha256": hashlib.sha256(note.encode()).hexdigest()})
    return link


# ------------------------------------------------------------------------------------------ receptions


@transaction.atomic
def set_reception_standard(actor, *, locality: str, per_head_limit, effective_from: date, basis: str = "") -> ReceptionStandard:
    limit = Decimal(str(per_head_limit)).quantize(Decimal("0.01"))
    if limit <= 0:
        raise ValidationError("人均标准须为正数")
    old = ReceptionStandard.objects.filter(locality=locality, effective_from=effective_from).values_list("per_head_limit", flat=True).first()
    row, _ = ReceptionStandard.objects.update_or_create(locality=locality, effective_from=effective_from,
                                                        defaults={"per_head_limit": limit, "basis": basis})
    ledger.append(actor, "reception_standard.set", row, data={"locality": locality, "effective_from": effective_from,
                                                              "old": old, "new": limit, "basis": basis})
    return row


# ------------------------------------------------------------------------------------------ exports


def export_person(actor, person: Person, rows: list[dict], *, relatives_included: bool) -> bytes:
    """The person's relationship table as xlsx; the export is ledgered (and so is a declaration read)."""
    from .exports import relationship_xlsx

    content = relationship_xlsx(person, rows)
    with transaction.atomic():
        ledger.append(actor, "people.exported", person, data={
            "staff_no": person.staff_no, "rows": len(rows), "relatives_included": relatives_included,
            "sha256": hashlib.sha256(content).hexdigest()})
        if relatives_included:
            record_declaration_read(actor, person, channel="export", relatives=sum(r["kind"] == "relative" for r in rows))
    return content
