"""The people registries as files a data steward imports: the staff roster, personal-matters declarations
with the relatives they list, and the business registry (companies and the people in them).

Each is a file kind of the data contract (``records.contract.register_file``): ``qingfeng import roster
roster.xlsx`` and the import page read it (CSV in UTF-8/GB18030, XLSX, Parquet), match its headers and
parse its dates and choices exactly as they do for record files; the loader below then checks what only
this app knows (the staff number exists, the ID number passes GB 11643, the credit code GB 32100, a
declaration or a company is whole) and hands the rows to the people actions, in the importer's
transaction. A row is loaded or refused with its line, field and reason; a declaration or a company with
one bad row is refused whole, because the actions replace it as a unit. Raw ID numbers reach only the
actions, which keep the keyed hash and the mask; a refused number is shown masked.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from qingfeng.core.models import Department, Person
from qingfeng.records import templates
from qingfeng.records.contract import Column, Dataset, register_file
from qingfeng.records.validation import Rejection

from . import actions
from .identifiers import InvalidIdentifier, make_credit_code, make_id_number, parse_credit_code, parse_id_number
from .imports import ID_HEADERS, masked_text

ESTABLISHMENT = {"administrative": "行政编制", "public_institution": "事业编制", "worker": "工勤编制", "none": "编外聘用"}
STATUS = {"active": "在职", "retired": "退休", "deceased": "死亡", "left": "离职"}
RELATION = {"spouse": "配偶", "child": "子女", "child_spouse": "子女的配偶", "parent": "父母", "sibling": "兄弟姐妹"}
COMPANY_STATUS = {"active": "存续（在营）", "revoked": "吊销", "cancelled": "注销"}
ROLE_KIND = {"legal_rep": "法定代表人", "shareholder": "股东", "executive": "董事、监事、高级管理人员"}
YES_NO = {"yes": "是", "no": "否"}


def _choice(name, zh, en, mapping, more: dict | None = None, **kw) -> Column:
    """An enum column: stored value, its Chinese label and the other spellings registry extracts use."""
    labels = {v: k for k, v in mapping.items()} | {k: k for k in mapping} | (more or {})
    return Column(name, "enum", zh, en, values=tuple(mapping), labels=labels, required=False, **kw)


def _id_column(zh: str) -> Column:
    return Column("id_number", "string", zh, "ID-card number", required=False, pii=True,
                  aliases=tuple(h for h in ID_HEADERS if h not in (zh, "id_number")))


ROSTER = register_file(Dataset(
    name="roster", zh="编制名册", en="Staff roster", kind="file", key=("staff_no",),
    loader="qingfeng.people.registry_files.load_roster_file",
    columns=(
        Column("staff_no", "string", "工号", "Staff number", aliases=("人员编号",)),
        Column("name", "string", "姓名", "Name", required=False, pii=True),
        Column("department_code", "string", "部门编码", "Department code", required=False, aliases=("单位编码",)),
        Column("post", "string", "岗位", "Post", required=False, aliases=("职务", "岗位名称")),
        _choice("is_leader", "领导岗位", "Leading post", YES_NO, {"Y": "yes", "N": "no", "1": "yes", "0": "no"}),
        _choice("establishment", "编制类型", "Establishment", ESTABLISHMENT, {"行政": "administrative", "事业": "public_institution",
                                                                        "工勤": "worker", "编外": "none"}, aliases=("编制",)),
        _choice("status", "人员状态", "Status", STATUS, {"去世": "deceased", "调离": "left"}, aliases=("状态",)),
        Column("joined_on", "date", "入职日期", "Joined on", required=False),
        Column("left_on", "date", "退休、死亡或离职日期", "Left on", required=False, aliases=("离岗日期",)),
        _id_column("身份证号"),
        Column("birth_date", "date", "出生日期", "Birth date", required=False),
        Column("region", "string", "户籍地区划码", "Region of household registration", required=False),
    ),
))

DECLARATIONS = register_file(Dataset(
    name="declarations", zh="个人有关事项报告（申报亲属）", en="Personal-matters declarations", kind="file",
    key=("staff_no", "year", "relation", "relative_name"), loader="qingfeng.people.registry_files.load_declarations_file",
    columns=(
        Column("staff_no", "string", "报告人工号", "Official's staff number", aliases=("工号",)),
        Column("year", "integer", "报告年度", "Year", aliases=("年度",)),
        Column("submitted_on", "date", "报告日期", "Submitted on", aliases=("填报日期",)),
        _choice("relation", "亲属关系", "Relation", RELATION, {"丈夫": "spouse", "妻子": "spouse", "儿子": "child", "女儿": "child",
                                                          "儿媳": "child_spouse", "女婿": "child_spouse", "父亲": "parent",
                                                          "母亲": "parent"}, aliases=("关系", "称谓")),
        Column("relative_name", "string", "亲属姓名", "Relative's name", required=False, pii=True, aliases=("姓名",)),
        _id_column("亲属身份证号"),
        Column("birth_date", "date", "亲属出生日期", "Relative's birth date", required=False, aliases=("出生日期",)),
        Column("region", "string", "亲属户籍地区划码", "Relative's region", required=False, aliases=("户籍地区划码",)),
        Column("employer", "string", "工作单位及职务", "Employer and post", required=False, pii=True, aliases=("工作单位",)),
    ),
))

BUSINESS_REGISTRY = register_file(Dataset(
    name="business_registry", zh="市场主体登记（企业及其人员）", en="Business registry", kind="file",
    key=("credit_code", "kind", "holder_name"), loader="qingfeng.people.registry_files.load_business_registry_file",
    columns=(
        Column("credit_code", "string", "统一社会信用代码", "Unified social credit code", aliases=("信用代码",)),
        Column("company_name", "string", "企业名称", "Company name", aliases=("名称", "企业（机构）名称")),
        _choice("company_status", "登记状态", "Registration status", COMPANY_STATUS,
                {"存续": "active", "在营": "active", "开业": "active"}, aliases=("经营状态",)),
        Column("established_on", "date", "成立日期", "Established on", required=False),
        Column("company_region", "string", "住所区划码", "Region of the address", required=False),
        Column("address", "string", "住所", "Address", required=False, aliases=("注册地址",)),
        _choice("kind", "人员类型", "Role", ROLE_KIND, {"董事": "executive", "监事": "executive", "经理": "executive",
                                                      "高级管理人员": "executive", "发起人": "shareholder"}, aliases=("角色",)),
        Column("position", "string", "职务", "Position", required=False),
        Column("holder_name", "string", "人员姓名", "Holder's name", required=False, pii=True, aliases=("姓名",)),
        _id_column("人员身份证号"),
        Column("holder_birth_date", "date", "人员出生日期", "Holder's birth date", required=False, aliases=("出生日期",)),
        Column("holder_region", "string", "人员户籍地区划码", "Holder's region", required=False),
        Column("share", "string", "持股比例（%）", "Share (%)", required=False, aliases=("持股比例", "出资比例")),
        Column("start_on", "date", "任职或持股起", "From", required=False, aliases=("任职日期",)),
        Column("end_on", "date", "任职或持股止", "Until", required=False, aliases=("离任日期",)),
    ),
))

_EXAMPLE_ID = make_id_number("539901", date(1980, 5, 17), 11)  # region 5399xx does not exist: no real person's number
templates.EXAMPLES.setdefault("roster", {
    "staff_no": "A0001", "name": "张伟", "department_code": "101001", "post": "科员", "id_number": _EXAMPLE_ID, "region": "539901"})
templates.EXAMPLES.setdefault("declarations", {
    "staff_no": "A0001", "year": "2025", "relative_name": "李娜", "id_number": _EXAMPLE_ID, "employer": "某某公司职员"})
templates.EXAMPLES.setdefault("business_registry", {
    "credit_code": make_credit_code("539900", 7001), "company_name": "某某办公用品有限公司", "company_region": "539900",
    "address": "某某市某某路 1 号", "position": "执行董事", "holder_name": "王芳", "id_number": _EXAMPLE_ID,
    "share": "40", "holder_region": "539901"})


# -------------------------------------------------------------------------------------------- loaders


def _id_problem(line: int, value) -> Rejection | None:
    if value is None or not str(value).strip():
        return None
    try:
        parse_id_number(str(value))
    except InvalidIdentifier as exc:
        return Rejection(line, "id_number", masked_text(value), str(exc))
    return None


def _action_rejections(rejected: list[tuple[int, str]], lines_of) -> list[Rejection]:
    """What an action still refused (numbered by its own input) as rejections of the file's lines."""
    return [Rejection(line, "", "", reason) for index, reason in rejected for line in lines_of(index)]


def _rematch(actor, changes: dict) -> dict:
    """New roster, declarations or registry entries change who links to whom: link again (same transaction)."""
    if any(changes.values()):
        summary = actions.run_matching(actor)
        changes["自动关联"] = summary.get("auto", 0)
        changes["待人工确认"] = summary.get("pending", 0)
    return changes


def load_roster_file(actor, rows: list[tuple[int, dict]]) -> tuple[list[Rejection], dict]:
    refused: list[Rejection] = []
    known = set(Person.objects.values_list("staff_no", flat=True))
    departments = set(Department.objects.values_list("code", flat=True))
    entries, lines = [], []
    for line, row in rows:
        staff_no, code = row["staff_no"].strip(), (row.get("department_code") or "").strip()
        problem = _id_problem(line, row.get("id_number"))
        if staff_no not in known and not (row.get("name") and code):
            problem = Rejection(line, "staff_no", staff_no, "人员名单中没有该工号；新增人员须同时填写姓名和部门编码")
        elif code and code not in departments:
            problem = Rejection(line, "department_code", code, "没有该部门编码")
        elif row.get("status") not in (None, "active") and not row.get("left_on"):
            problem = Rejection(line, "left_on", "", "非在职人员须填写退休、死亡或离职日期")
        if problem:
            refused.append(problem)
            continue
        leader = row.pop("is_leader", None)
        entries.append({**row, "is_leader": None if leader is None else leader == "yes"})
        lines.append(line)
    report = actions.load_roster(actor, entries)
    refused += _action_rejections(report.rejected, lambda i: [lines[i - 1]])
    extra = report.extra
    return refused, _rematch(actor, {"新增人员": extra["people_created"], "更新人员": extra["people_updated"],
                                     "新增名册": extra["created"], "更新名册": extra["updated"]})


def _groups(rows, key) -> dict:
    grouped: dict = {}
    for line, row in rows:
        grouped.setdefault(key(row), []).append((line, row))
    return grouped


def _refuse_whole(refused: list[Rejection], group: list, bad: set[int], what: str) -> None:
    """The other rows of a declaration or company that has a bad row: refused with it, saying why."""
    shown = "、".join(str(n) for n in sorted(bad))
    for line, _row in group:
        if line not in bad:
            refused.append(Rejection(line, "", "", f"{what}第 {shown} 行有误，整份未导入"))


def load_declarations_file(actor, rows: list[tuple[int, dict]]) -> tuple[list[Rejection], dict]:
    refused: list[Rejection] = []
    known = set(Person.objects.values_list("staff_no", flat=True))
    declarations, group_lines = [], []
    for (staff_no, year), group in _groups(rows, lambda r: (r["staff_no"].strip(), r["year"])).items():
        bad: list[Rejection] = []
        first_line, first = group[0]
        for line, row in group:
            if staff_no not in known:
                bad.append(Rejection(line, "staff_no", staff_no, "人员名单中没有该工号"))
            elif row["submitted_on"] != first["submitted_on"]:
                bad.append(Rejection(line, "submitted_on", str(row["submitted_on"]), f"与第 {first_line} 行（同一份报告）的报告日期不同"))
            elif bool(row.get("relation")) != bool(row.get("relative_name")):
                missing = "relative_name" if row.get("relation") else "relation"
                bad.append(Rejection(line, missing, "", "申报亲属须同时填写亲属关系和亲属姓名"))
            elif problem := _id_problem(line, row.get("id_number")):
                bad.append(problem)
        if bad:
            refused += bad
            _refuse_whole(refused, group, {r.line for r in bad}, f"工号 {staff_no} 的 {year} 年度报告")
            continue
        declarations.append({"staff_no": staff_no, "year": year, "submitted_on": first["submitted_on"], "relatives": [
            {"relation": r["relation"], "name": r["relative_name"], "id_number": r.get("id_number"), "birth_date": r.get("birth_date"),
             "region": r.get("region") or "", "employer": r.get("employer") or ""} for _line, r in group if r.get("relation")]})
        group_lines.append([line for line, _r in group])
    report = actions.load_declarations(actor, declarations)
    refused += _action_rejections(report.rejected, lambda i: group_lines[i - 1])
    return refused, _rematch(actor, {"新增报告": report.extra["created"], "新增申报亲属": report.extra["relatives"]})


def _share(value) -> Decimal | None:
    if value is None or not str(value).strip():
        return None
    try:
        share = Decimal(str(value).strip().rstrip("%％").strip())
    except InvalidOperation:
        raise ValueError("持股比例应为 0 到 100 之间的数（可带 %）") from None
    if not 0 <= share <= 100:
        raise ValueError("持股比例应为 0 到 100 之间的数（可带 %）")
    return share


COMPANY_COLUMNS = ("company_name", "company_status", "established_on", "company_region", "address")


def load_business_registry_file(actor, rows: list[tuple[int, dict]]) -> tuple[list[Rejection], dict]:
    refused: list[Rejection] = []
    coded = []
    for line, row in rows:
        try:
            coded.append((line, {**row, "credit_code": parse_credit_code(row["credit_code"])}))
        except InvalidIdentifier as exc:
            refused.append(Rejection(line, "credit_code", row["credit_code"], str(exc)))
    companies, roles, company_lines, role_lines = [], [], [], []
    for code, group in _groups(coded, lambda r: r["credit_code"]).items():
        bad: list[Rejection] = []
        first_line, first = group[0]
        company_roles = []
        for line, row in group:
            differs = next((c for c in COMPANY_COLUMNS if row.get(c) is not None and first.get(c) is not None and row[c] != first[c]), None)
            if differs:
                bad.append(Rejection(line, differs, str(row[differs]), f"与第 {first_line} 行（同一企业）不一致"))
                continue
            if not (row.get("kind") or row.get("holder_name")):
                continue  # a company without a person on this row
            if not row.get("kind") or not row.get("holder_name"):
                bad.append(Rejection(line, "holder_name" if row.get("kind") else "kind", "", "企业人员须同时填写人员类型和人员姓名"))
                continue
            if problem := _id_problem(line, row.get("id_number")):
                bad.append(problem)
                continue
            try:
                share = _share(row.get("share"))
            except ValueError as exc:
                bad.append(Rejection(line, "share", str(row["share"]), str(exc)))
                continue
            company_roles.append((line, {
                "credit_code": code, "kind": row["kind"], "position": row.get("position") or "", "holder_name": row["holder_name"],
                "holder_id_number": row.get("id_number"), "holder_birth_date": row.get("holder_birth_date"),
                "holder_region": row.get("holder_region") or "", "share": share, "start_on": row.get("start_on"),
                "end_on": row.get("end_on")}))
        if bad:
            refused += bad
            _refuse_whole(refused, group, {r.line for r in bad}, f"企业 {code} 的登记数据")
            continue
        values = {c: next((r[c] for _l, r in group if r.get(c) is not None), None) for c in COMPANY_COLUMNS}
        companies.append({"credit_code": code, "name": values["company_name"], "status": values["company_status"],
                          "established_on": values["established_on"], "region": values["company_region"],
                          "address": values["address"]})
        company_lines.append([line for line, _r in group])
        roles += [r for _l, r in company_roles]
        role_lines += [line for line, _r in company_roles]
    report = actions.load_business_registry(actor, companies, roles)
    companies_rejected = [(i, reason) for i, reason in report.rejected if not reason.startswith("企业人员第")]
    roles_rejected = [(i, reason) for i, reason in report.rejected if reason.startswith("企业人员第")]
    refused += _action_rejections(companies_rejected, lambda i: company_lines[i - 1])
    refused += _action_rejections(roles_rejected, lambda i: [role_lines[i - 1]])
    extra = report.extra
    updated = len(companies) - len(companies_rejected) - extra["companies_created"] - extra["companies_unchanged"]
    return refused, _rematch(actor, {"新增企业": extra["companies_created"], "更新企业": updated,
                                     "写入企业人员": extra["roles"]})
