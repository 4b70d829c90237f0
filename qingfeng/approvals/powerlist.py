"""What one power-list item says, checked: the three time limits (committed ≤ statutory, steps ≤ committed),
its legal bases and their rank, materials, fees, intermediary services and responsibilities.

``normalise`` turns form, spreadsheet or API input into the stored shape; ``problems`` lists everything
wrong with it (the action refuses a version with problems); ``flags`` marks what is allowed but must be
looked at: a power of type 其他 (untyped) and a basis below the rank the power type needs.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import RANK_ORDER, CaseType, LegalRank, PowerType
from .parameters import MIN_BASIS_RANK

# List fields: their columns in order (forms write one entry per line, columns separated by "|").
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "bases": ("law", "article", "rank"),
    "steps": ("code", "name", "days"),
    "materials": ("code", "name", "note"),
    "fees": ("code", "name", "amount", "basis"),
    "intermediaries": ("code", "name", "basis"),
    "responsibilities": ("step", "post", "duty", "failure"),
}
SCALAR_FIELDS = ("name", "power_type", "case_type", "statutory_days", "committed_days", "extension_days")
FLAGS = {
    "other_type": _("未类型化（“其他”类权力）"),
    "insufficient_basis": _("依据位阶不足"),
}


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


# Short names offices write for the power types (许可, 处罚 … 其他).
SHORT_TYPES = {"许可": "licensing", "处罚": "penalty", "强制": "enforcement", "征收": "levy", "给付": "benefit",
               "检查": "inspection", "确认": "confirmation", "奖励": "reward", "裁决": "adjudication", "其他": "other"}


def _choice(value, choices) -> str:
    """Accept a stored value ("licensing"), its Chinese label ("行政许可"), its label in the active language or, for
    power types, the short name ("许可"). Which language a page happens to be in never changes what is stored."""
    text = str(value or "").strip()
    if text in choices.values:
        return text
    labels = {str(label): stored for stored, label in choices.choices}
    with translation.override(settings.LANGUAGE_CODE):
        labels.update({str(label): stored for stored, label in choices.choices})
    if text in labels:
        return labels[text]
    if choices is PowerType and text in SHORT_TYPES:
        return SHORT_TYPES[text]
    return text


def _int(value, default=0):
    if value in (None, ""):
        return default
    try:
        return int(str(value).strip())
    except ValueError:
        return value  # left as is; ``problems`` reports it


def _money(value):
    if value in (None, ""):
        return ""
    try:
        return str(Decimal(str(value).strip().replace(",", "")).quantize(Decimal("0.01")))
    except InvalidOperation:
        return str(value)


def parse_lines(text: str, field: str) -> list[dict]:
    """One entry per non-empty line, columns separated by "|" (the form and spreadsheet cell format)."""
    columns = LIST_FIELDS[field]
    rows = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (len(columns) - len(parts))
        rows.append(dict(zip(columns, parts[:len(columns)], strict=True)))
    return rows


def format_lines(rows: list[dict], field: str) -> str:
    columns = LIST_FIELDS[field]
    return "\n".join("|".join(str(row.get(c, "") if row.get(c) is not None else "") for c in columns) for row in rows)


def normalise(raw: dict) -> dict:
    """The stored shape of an item's content: choices as stored values, numbers as ints, money as strings."""
    content = {
        "name": str(raw.get("name") or "").strip(),
        "power_type": _choice(raw.get("power_type"), PowerType),
        "case_type": _choice(raw.get("case_type"), CaseType),
        "statutory_days": _int(raw.get("statutory_days")),
        "committed_days": _int(raw.get("committed_days")),
        "extension_days": _int(raw.get("extension_days")),
    }
    for field, columns in LIST_FIELDS.items():
        value = raw.get(field) or []
        rows = parse_lines(value, field) if isinstance(value, str) else [dict(r) for r in value]
        clean = []
        for row in rows:
            entry = {c: str(row.get(c) if row.get(c) is not None else "").strip() for c in columns}
            if field == "bases":
                entry["rank"] = _choice(entry["rank"], LegalRank)
            if field == "steps":
                entry["days"] = _int(entry["days"])
            if field == "fees":
                entry["amount"] = _money(entry["amount"])
            clean.append(entry)
        content[field] = clean
    return content


def _duplicates(rows: list[dict], key: str) -> list[str]:
    seen, dup = set(), []
    for row in rows:
        if row[key] in seen:
            dup.append(row[key])
        seen.add(row[key])
    return dup


def problems(content: dict) -> list[Problem]:
    """Everything that stops this content from being proposed."""
    out: list[Problem] = []

    def need(cond, field, message):
        if not cond:
            out.append(Problem(field, str(message)))

    need(content["name"], "name", _("事项名称不能为空。"))
    need(content["power_type"] in PowerType.values, "power_type", _("权力类型应为：许可、处罚、强制、征收、给付、检查、确认、奖励、裁决、其他。"))
    need(content["case_type"] in CaseType.values, "case_type", _("办件类型应为：即办件、承诺件、上报件、联办件。"))
    days = {}
    for field, label in (("statutory_days", _("法定时限")), ("committed_days", _("承诺时限")), ("extension_days", _("可延长期限"))):
        ok = isinstance(content[field], int) and content[field] >= 0
        need(ok, field, _("%(label)s应为不小于 0 的整数（工作日）。") % {"label": label})
        days[field] = content[field] if ok else None
    statutory, committed = days["statutory_days"], days["committed_days"]
    if statutory is not None and committed is not None:
        need(committed <= statutory, "committed_days",
             _("承诺时限（%(c)s 个工作日）不得超过法定时限（%(s)s 个工作日）。") % {"c": committed, "s": statutory})
        if content["case_type"] != CaseType.IMMEDIATE:
            need(committed >= 1, "committed_days", _("承诺件、上报件、联办件的承诺时限至少 1 个工作日；当日办结的事项请选“即办件”。"))
    steps = content["steps"]
    for step in steps:
        need(step["code"] and step["name"], "steps", _("每个办理环节须有编码和名称。"))
        need(isinstance(step["days"], int) and step["days"] >= 0, "steps",
             _("环节“%(name)s”的时限应为不小于 0 的整数。") % {"name": step["name"] or step["code"]})
    for code in _duplicates(steps, "code"):
        out.append(Problem("steps", str(_("环节编码 %(code)s 重复。") % {"code": code})))
    if committed is not None and all(isinstance(s["days"], int) for s in steps):
        total = sum(s["days"] for s in steps)
        need(total <= committed, "steps",
             _("各环节时限之和（%(t)s 个工作日）不得超过承诺时限（%(c)s 个工作日）。") % {"t": total, "c": committed})
    need(content["bases"], "bases", _("至少需要一项法律依据（法律法规名称、条款、位阶）。"))
    for basis in content["bases"]:
        need(basis["law"], "bases", _("法律依据须写明法律法规名称。"))
        need(basis["rank"] in LegalRank.values, "bases",
             _("“%(law)s”的位阶应为：法律、行政法规、地方性法规、部门规章、地方政府规章、规范性文件、其他。") % {"law": basis["law"]})
    for field, label in (("materials", _("申请材料")), ("fees", _("收费项目")), ("intermediaries", _("中介服务"))):
        for row in content[field]:
            need(row["code"] and row["name"], field, _("每项%(label)s须有编码和名称。") % {"label": label})
        for code in _duplicates(content[field], "code"):
            out.append(Problem(field, str(_("%(label)s编码 %(code)s 重复。") % {"label": label, "code": code})))
    for fee in content["fees"]:
        try:
            ok = Decimal(fee["amount"]) >= 0
        except InvalidOperation:
            ok = False
        need(ok, "fees", _("收费项目“%(name)s”须写明收费标准（元）。") % {"name": fee["name"]})
        need(fee["basis"], "fees", _("收费项目“%(name)s”须写明收费依据（未列依据的收费一律不得收取）。") % {"name": fee["name"]})
    for service in content["intermediaries"]:
        need(service["basis"], "intermediaries",
             _("中介服务“%(name)s”须写明设定依据（只有列入清单的中介服务才能要求申请人办理）。") % {"name": service["name"]})
    step_codes = {s["code"] for s in steps} | {"accept", "deliver", "受理", "送达"}
    for entry in content["responsibilities"]:
        need(entry["duty"] and entry["failure"], "responsibilities", _("每项责任须写明职责和追责情形。"))
        need(entry["step"] in step_codes, "responsibilities",
             _("责任事项的环节“%(step)s”不在本事项的办理环节中。") % {"step": entry["step"]})
    return out


def best_rank(bases: list[dict]) -> str | None:
    ranked = [b["rank"] for b in bases if b.get("rank") in RANK_ORDER]
    return min(ranked, key=lambda r: RANK_ORDER[r]) if ranked else None


def flags(content: dict) -> list[str]:
    """Marks on an acceptable item that the list's readers should see."""
    out = []
    if content["power_type"] == PowerType.OTHER:
        out.append("other_type")
    needed = MIN_BASIS_RANK.value()
    minimum = needed.get(content["power_type"], needed.get("default"))
    rank = best_rank(content["bases"])
    if rank is None or (minimum and RANK_ORDER[rank] > RANK_ORDER[minimum]):
        out.append("insufficient_basis")
    return out


def flag_labels(codes) -> list[str]:
    return [str(FLAGS.get(c, c)) for c in codes]


def content_of(version) -> dict:
    """The content of a stored version, in the shape ``normalise`` gives."""
    return normalise({field: getattr(version, field) for field in (*SCALAR_FIELDS, *LIST_FIELDS)})
