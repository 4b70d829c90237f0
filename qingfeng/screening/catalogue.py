"""The rule catalogue: ``qingfeng/rules/<domain>/<RULE-ID>/{rule.yaml, rule.sql, cases.yaml}`` read as data.

Loading is lenient (a rule needs only a readable rule.yaml with an id, and a rule.sql); the validator
(``screening.validator``) is the strict reader. Parsed rules are cached by the hash of their three files,
so an edited rule is re-read on the next call and an unchanged one is not.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings

FILES = ("rule.yaml", "rule.sql", "cases.yaml")
# libyaml's parser with the safe constructors: the same values as yaml.safe_load, ten times faster (a run
# reads the whole catalogue).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleFormatError(Exception):
    """A rule folder that cannot be read at all (missing file, broken YAML)."""


@dataclass(frozen=True)
class Param:
    name: str
    default: object
    unit: str = ""
    zh: str = ""
    en: str = ""
    basis: str = ""


@dataclass(frozen=True)
class Case:
    name: str
    label: str  # true_positive | clean | edge
    given: dict  # dataset → list of row dicts (after the file's defaults are applied)
    expect: tuple[str, ...]
    params: dict = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    domain: str
    version: str
    status: str
    severity: str
    subject: str
    title_zh: str
    title_en: str
    description: str
    basis: tuple
    params: dict  # name → Param
    routing: str
    answer_deadline: dict
    false_positive_notes: str
    evidence_dataset: str
    sql: str
    cases: tuple[Case, ...]
    path: Path
    content_hash: str
    meta: dict  # rule.yaml as read, for the validator and for pages that show it whole
    incremental: dict = field(default_factory=dict)  # what re-evaluating after a batch needs (screening.incremental)

    @property
    def title(self) -> str:
        return self.title_zh

    def default_params(self) -> dict:
        return {name: p.default for name, p in self.params.items()}


@dataclass
class Catalogue:
    rules: dict[str, Rule]
    broken: dict[str, str]  # folder (domain/ID) → why it could not be read

    def get(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise KeyError(f"规则库中没有规则 {rule_id}") from None

    def __iter__(self):
        return iter(self.rules.values())

    def __len__(self) -> int:
        return len(self.rules)


_parsed: dict[str, Rule] = {}  # content hash → parsed rule


def rules_dir() -> Path:
    return Path(settings.QINGFENG.get("RULES_DIR") or Path(settings.BASE_DIR) / "rules")


def rule_folders(root: Path | None = None) -> list[Path]:
    root = Path(root) if root else rules_dir()
    if not root.is_dir():
        return []
    return sorted(p.parent for p in root.glob("*/*/rule.yaml"))


def _read_bytes(folder: Path) -> dict[str, bytes]:
    out = {}
    for name in FILES:
        path = folder / name
        out[name] = path.read_bytes() if path.exists() else b""
    return out


def _hash(contents: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in FILES:
        h.update(name.encode() + b"\0" + hashlib.sha256(contents[name]).digest())
    return h.hexdigest()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _params(raw) -> dict[str, Param]:
    params = {}
    for name, spec in (raw or {}).items():
        spec = spec if isinstance(spec, dict) else {"default": spec}
        params[str(name)] = Param(
            name=str(name), default=spec.get("default"), unit=_text(spec.get("unit")), zh=_text(spec.get("zh")),
            en=_text(spec.get("en")), basis=_text(spec.get("basis")),
        )
    return params


def _cases(raw) -> tuple[Case, ...]:
    if not raw:
        return ()
    if not isinstance(raw, dict):
        raise RuleFormatError("cases.yaml 顶层应为映射：defaults（可选）与 cases")
    defaults = raw.get("defaults") or {}
    cases = []
    for i, item in enumerate(raw.get("cases") or [], start=1):
        if not isinstance(item, dict):
            raise RuleFormatError(f"cases.yaml 第 {i} 个用例不是映射")
        given = {}
        for dataset, rows in (item.get("given") or {}).items():
            base = defaults.get(dataset) or {}
            given[str(dataset)] = [{**base, **(row or {})} for row in (rows or [])]
        expect = item.get("expect") or []
        cases.append(Case(
            name=_text(item.get("name")) or f"case-{i}", label=_text(item.get("label")), given=given,
            expect=tuple(str(k) for k in expect), params=dict(item.get("params") or {}), note=_text(item.get("note")),
        ))
    return tuple(cases)


def parse_rule(folder: Path, contents: dict[str, bytes] | None = None) -> Rule:
    contents = contents or _read_bytes(folder)
    digest = _hash(contents)
    if digest in _parsed and _parsed[digest].path == folder:
        return _parsed[digest]
    if not contents["rule.yaml"]:
        raise RuleFormatError(f"{folder}: 缺少 rule.yaml")
    if not contents["rule.sql"].strip():
        raise RuleFormatError(f"{folder}: 缺少 rule.sql 或文件为空")
    try:
        meta = yaml.load(contents["rule.yaml"].decode("utf-8"), Loader=SAFE_LOADER) or {}
        cases_raw = yaml.load(contents["cases.yaml"].decode("utf-8"), Loader=SAFE_LOADER) if contents["cases.yaml"] else None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleFormatError(f"{folder}: YAML 无法解析：{exc}") from exc
    if not isinstance(meta, dict) or not meta.get("id"):
        raise RuleFormatError(f"{folder}: rule.yaml 缺少 id")
    title = meta.get("title") or {}
    if isinstance(title, str):
        title = {"zh": title}
    deadline = meta.get("answer_deadline") or {}
    rule = Rule(
        id=str(meta["id"]), domain=_text(meta.get("domain")) or folder.parent.name, version=_text(meta.get("version")),
        status=_text(meta.get("status")), severity=_text(meta.get("severity")), subject=_text(meta.get("subject")),
        title_zh=_text(title.get("zh")), title_en=_text(title.get("en")), description=_text(meta.get("description")),
        basis=tuple(meta.get("basis") or ()), params=_params(meta.get("params")),
        routing=_text(meta.get("routing")) or "department_code",
        answer_deadline=dict(deadline) if isinstance(deadline, dict) else {},
        false_positive_notes=_text(meta.get("false_positive_notes")),
        evidence_dataset=_text(meta.get("evidence_dataset")) or "payments",
        sql=contents["rule.sql"].decode("utf-8"), cases=_cases(cases_raw), path=folder, content_hash=digest, meta=meta,
        incremental=dict(meta["incremental"]) if isinstance(meta.get("incremental"), dict) else {},
    )
    _parsed[digest] = rule
    return rule


def load_catalogue(root: Path | None = None) -> Catalogue:
    """Every rule under ``root`` (default: the RULES_DIR setting or qingfeng/rules), in id order."""
    rules: dict[str, Rule] = {}
    broken: dict[str, str] = {}
    for folder in rule_folders(root):
        label = f"{folder.parent.name}/{folder.name}"
        try:
            rule = parse_rule(folder)
        except RuleFormatError as exc:
            broken[label] = str(exc)
            continue
        if rule.id in rules:
            broken[label] = f"规则编号 {rule.id} 重复（另见 {rules[rule.id].path}）"
            continue
        rules[rule.id] = rule
    return Catalogue(dict(sorted(rules.items())), broken)


def get_rule(rule_id: str, root: Path | None = None) -> Rule:
    return load_catalogue(root).get(rule_id)
