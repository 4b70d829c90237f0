"""OCDS in: read packages in any form and encoding, compile one release per ocid, map it to the contract.

``read_documents`` decodes a file (UTF-8, UTF-16 by BOM, GB18030, else ISO-8859-1, or the encoding given)
and yields every JSON value in it — one document, several concatenated ones, or JSON Lines. ``collect``
sorts what it finds: release packages, record packages (embedded, linked, compiled and versioned releases),
single, compiled and versioned releases, OCDS 1.0 and 1.1. ``compile_processes`` merges the releases of each
ocid with ocdsmerge (the OCDS reference merge, rules given here so nothing is fetched from the network);
a versioned release is compiled by taking each field's latest value. ``map_release`` cuts a compiled release
into rows of tenders, bids, awards, award_items, contracts and parties, counting every field it reads, and
``import_ocds`` imports them through the records importer (one idempotent batch per dataset, all in one
transaction) and returns an ``OcdsReport`` that accounts for every release and every field.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import ocdsmerge

# The OCDS 1.1 release schema's merge rules for the fields this mapping reads and their neighbours:
# release ids and tags are dropped, identifier and classification lists are replaced whole.
MERGE_RULES = {
    ("id",): "omitWhenMerged",
    ("tag",): "omitWhenMerged",
    ("buyer", "additionalIdentifiers"): "wholeListMerge",
    ("parties", "additionalIdentifiers"): "wholeListMerge",
    ("parties", "roles"): "wholeListMerge",
    ("tender", "items", "additionalClassifications"): "wholeListMerge",
    ("awards", "items", "additionalClassifications"): "wholeListMerge",
    ("contracts", "items", "additionalClassifications"): "wholeListMerge",
    ("tender", "tenderers", "additionalIdentifiers"): "wholeListMerge",
    ("awards", "suppliers", "additionalIdentifiers"): "wholeListMerge",
    # OCDS 1.0 organisations have no id, so these lists cannot be merged by id: the latest list stands.
    ("awards", "suppliers"): "wholeListMerge",
    ("tender", "tenderers"): "wholeListMerge",
    ("bids", "details", "tenderers"): "wholeListMerge",
}
ENCODINGS = ("utf-8-sig", "gb18030", "iso-8859-1")
USCC_SCHEMES = {"CN-USCC", "CN-SAIC", "CN-UNIFIED-SOCIAL-CREDIT-CODE"}


class OcdsError(ValueError):
    pass


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding it was read with (strict decoding in order; ISO-8859-1 never fails)."""
    if encoding:
        return data.decode(encoding), encoding
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    for name in ENCODINGS:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise OcdsError("无法识别文件编码")  # unreachable: ISO-8859-1 decodes any byte


def read_documents(path, encoding: str | None = None) -> tuple[list, str]:
    """Every JSON value in the file, in order, and the encoding used."""
    text, used = decode(Path(path).read_bytes(), encoding)
    decoder = json.JSONDecoder()
    docs, i, n = [], 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n\ufeff":
            i += 1
        if i >= n:
            break
        try:
            value, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise OcdsError(f"{Path(path).name}：第 {exc.lineno} 行第 {exc.colno} 列不是合法的 JSON（{exc.msg}）") from None
        docs.append(value)
    return docs, used


def _is_versioned_value(v) -> bool:
    return isinstance(v, dict) and "releaseID" in v and "value" in v and len(v) <= 4


def _is_versioned(release: dict) -> bool:
    return any(isinstance(v, list) and v and all(_is_versioned_value(x) for x in v) for v in release.values())


def unversion(value):
    """A versioned release as a compiled one: each versioned field takes its latest value."""
    if isinstance(value, list):
        if value and all(_is_versioned_value(x) for x in value):
            return unversion(value[-1]["value"])
        return [unversion(x) for x in value]
    if isinstance(value, dict):
        return {k: unversion(v) for k, v in value.items()}
    return value


@dataclass
class Collected:
    releases: dict = field(default_factory=lambda: defaultdict(dict))   # ocid → {release id: release}
    compiled: dict = field(default_factory=dict)                        # ocid → compiled release
    versioned: dict = field(default_factory=dict)                       # ocid → versioned release
    counts: Counter = field(default_factory=Counter)                    # what was read, by kind
    skipped: list = field(default_factory=list)                         # (where, reason): read but not usable
    versions: Counter = field(default_factory=Counter)                  # OCDS version of each package


def collect(docs: list, source: str, into: Collected | None = None) -> Collected:
    out = into or Collected()

    def release(r: dict, where: str):
        if not isinstance(r, dict) or not r.get("ocid"):
            out.skipped.append((where, "发布没有 ocid"))
            return
        tags = r.get("tag") or []
        if _is_versioned(r):
            out.counts["versioned_release"] += 1
            out.versioned[r["ocid"]] = r
        elif "compiled" in tags:
            out.counts["compiled_release"] += 1
            out.compiled[r["ocid"]] = r
        else:
            out.counts["release"] += 1
            if not r.get("date"):
                out.skipped.append((where, f"发布 {r.get('id')!r}（{r['ocid']}）没有 date，无法按时间合并"))
                return
            rid = str(r.get("id") or f"{r.get('date')}#{len(out.releases[r['ocid']])}")
            if rid in out.releases[r["ocid"]]:
                out.counts["repeated_release"] += 1  # the same release (ocid, id) read again from another file
            out.releases[r["ocid"]][rid] = r

    def record(rec: dict, where: str):
        out.counts["record"] += 1
        ocid = rec.get("ocid")
        used = False
        for k, r in enumerate(rec.get("releases") or []):
            if isinstance(r, dict) and set(r) - {"url", "date", "tag"}:
                release({"ocid": ocid, **r}, f"{where} releases[{k}]")
                used = True
            else:
                out.counts["linked_release"] += 1
        if isinstance(rec.get("compiledRelease"), dict):
            out.counts["compiled_release"] += 1
            out.compiled[ocid] = {"ocid": ocid, **rec["compiledRelease"]}
            used = True
        if isinstance(rec.get("versionedRelease"), dict):
            out.counts["versioned_release"] += 1
            out.versioned[ocid] = {"ocid": ocid, **rec["versionedRelease"]}
            used = True
        if not used:
            out.skipped.append((where, f"记录 {ocid} 只有链接的发布（url），没有内嵌发布或已编译发布，无法编译"))

    def walk(doc, where: str):
        if isinstance(doc, list):
            for k, d in enumerate(doc):
                walk(d, f"{where}[{k}]")
        elif isinstance(doc, dict) and "releases" in doc and "ocid" not in doc:
            out.counts["release_package"] += 1
            out.versions[str(doc.get("version", "1.0"))] += 1
            for k, r in enumerate(doc.get("releases") or []):
                release(r, f"{where} releases[{k}]")
        elif isinstance(doc, dict) and "records" in doc:
            out.counts["record_package"] += 1
            out.versions[str(doc.get("version", "1.0"))] += 1
            for k, rec in enumerate(doc.get("records") or []):
                record(rec, f"{where} records[{k}]")
        elif isinstance(doc, dict) and "ocid" in doc and ("compiledRelease" in doc or "releases" in doc):
            record(doc, where)
        elif isinstance(doc, dict) and "ocid" in doc:
            release(doc, where)
        else:
            out.skipped.append((where, "不是 OCDS 发布包、记录包、发布或记录"))

    for k, doc in enumerate(docs):
        walk(doc, f"{source}#{k + 1}" if len(docs) > 1 else source)
    return out


def compile_processes(found: Collected, sources: dict | None = None) -> dict[str, dict]:
    """One compiled release per ocid: merged from its releases when there are any, else the published
    compiled release, else the versioned release compiled. ``sources`` receives, per ocid, what was found
    and what was used, so the report accounts for every release."""
    merger = ocdsmerge.Merger(merge_rules=MERGE_RULES)
    out: dict[str, dict] = {}
    for ocid in sorted(set(found.releases) | set(found.compiled) | set(found.versioned)):
        releases = list(found.releases.get(ocid, {}).values())
        if releases:
            out[ocid], used = merger.create_compiled_release(releases), "releases"
        elif ocid in found.compiled:
            out[ocid], used = found.compiled[ocid], "compiled_release"
        else:
            out[ocid], used = unversion(found.versioned[ocid]), "versioned_release"
        if sources is not None:
            sources[ocid] = {"releases": len(releases), "compiled_release": ocid in found.compiled,
                             "versioned_release": ocid in found.versioned, "used": used}
    return out


# ----------------------------------------------------------------------------------------- mapping

class Fields:
    """Counts, per OCDS path, how often the mapping found a value there (the report's field table)."""

    def __init__(self):
        self.present: Counter = Counter()

    def get(self, obj, path: str):
        value = obj
        for part in path.split("."):
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def read(self, obj, path: str, label: str | None = None):
        value = self.get(obj, path)
        if value not in (None, "", [], {}):
            self.present[label or path] += 1
            return value
        return None


def _org_id(org, f: Fields, label: str):
    """An organisation reference's id: ``id`` (1.1), else ``identifier.id`` (1.0), else its name."""
    if not isinstance(org, dict):
        return None
    return (f.read(org, "id", f"{label}.id") or f.read(org, "identifier.id", f"{label}.identifier.id")
            or f.read(org, "name", f"{label}.name（无标识时作标识）"))


def _text(v):
    return None if v is None else str(v)


def _credit_code(org: dict, f: Fields, label: str):
    scheme = f.read(org, "identifier.scheme", f"{label}.identifier.scheme")
    ident = f.get(org, "identifier.id")
    if ident and (str(scheme or "").upper() in USCC_SCHEMES):
        return str(ident).strip().upper()
    from qingfeng.people.identifiers import is_credit_code

    return str(ident).strip().upper() if ident and is_credit_code(str(ident)) else None


def map_release(r: dict, f: Fields, department_for) -> dict[str, list[dict]]:
    """Rows of each procurement dataset from one compiled release."""
    ocid = r["ocid"]
    tender = r.get("tender") or {}
    buyer = r.get("buyer") or {}
    parties = {p.get("id"): p for p in (r.get("parties") or []) if isinstance(p, dict)}
    buyer_id = _org_id(buyer, f, "buyer")
    buyer_name = f.read(buyer, "name", "buyer.name") or (parties.get(buyer.get("id")) or {}).get("name")
    rows: dict[str, list[dict]] = defaultdict(list)
    rows["tenders"].append({
        "ocid": ocid,
        "department_code": department_for(buyer_id, buyer_name),
        "buyer_id": _text(buyer_id), "buyer_name": buyer_name,
        "procuring_entity_id": _text(_org_id(tender.get("procuringEntity"), f, "tender.procuringEntity")),
        "title": f.read(tender, "title", "tender.title"),
        "status": f.read(tender, "status", "tender.status"),
        "procurement_method": f.read(tender, "procurementMethod", "tender.procurementMethod"),
        "procurement_method_details": f.read(tender, "procurementMethodDetails", "tender.procurementMethodDetails"),
        "main_category": f.read(tender, "mainProcurementCategory", "tender.mainProcurementCategory"),
        "purchased_service": (1 if f.read(tender, "purchasedService", "tender.purchasedService") else 0)
        if "purchasedService" in tender else None,
        "catalogue_code": f.read(tender, "serviceCatalogueCode", "tender.serviceCatalogueCode"),
        "value_amount": f.read(tender, "value.amount", "tender.value.amount"),
        "currency": f.read(tender, "value.currency", "tender.value.currency"),
        "tender_start": f.read(tender, "tenderPeriod.startDate", "tender.tenderPeriod.startDate"),
        "tender_end": f.read(tender, "tenderPeriod.endDate", "tender.tenderPeriod.endDate"),
        "number_of_tenderers": f.read(tender, "numberOfTenderers", "tender.numberOfTenderers"),
        "release_date": f.read(r, "date", "date"),
    })
    bids = r.get("bids") or {}
    for k, bid in enumerate(bids.get("details") or [] if isinstance(bids, dict) else []):
        tenderers = bid.get("tenderers") or []
        first = tenderers[0] if tenderers else {}
        rows["bids"].append({
            "ocid": ocid, "bid_id": _text(f.read(bid, "id", "bids.details.id")) or f"#{k + 1}",
            "tenderer_id": _text(_org_id(first, f, "bids.details.tenderers")),
            "tenderer_name": first.get("name") or (parties.get(first.get("id")) or {}).get("name"),
            "tenderer_count": len(tenderers) if tenderers else None,
            "status": f.read(bid, "status", "bids.details.status"),
            "amount": f.read(bid, "value.amount", "bids.details.value.amount"),
            "currency": f.read(bid, "value.currency", "bids.details.value.currency"),
            "submitted_at": f.read(bid, "date", "bids.details.date"),
        })
    for k, award in enumerate(r.get("awards") or []):
        suppliers = award.get("suppliers") or []
        first = suppliers[0] if suppliers else {}
        party = parties.get(first.get("id")) or first
        award_id = _text(f.read(award, "id", "awards.id")) or f"#{k + 1}"
        rows["awards"].append({
            "ocid": ocid, "award_id": award_id,
            "status": f.read(award, "status", "awards.status"),
            "supplier_id": _text(_org_id(first, f, "awards.suppliers")),
            "supplier_name": first.get("name") or party.get("name"),
            "supplier_credit_code": _credit_code(party, f, "awards.suppliers") if isinstance(party, dict) else None,
            "supplier_count": len(suppliers) if suppliers else None,
            "amount": f.read(award, "value.amount", "awards.value.amount"),
            "currency": f.read(award, "value.currency", "awards.value.currency"),
            "award_date": f.read(award, "date", "awards.date"),
        })
        for j, item in enumerate(award.get("items") or []):
            rows["award_items"].append({
                "ocid": ocid, "award_id": award_id, "item_id": _text(f.read(item, "id", "awards.items.id")) or f"#{j + 1}",
                "classification_scheme": f.read(item, "classification.scheme", "awards.items.classification.scheme"),
                "classification_id": _text(f.read(item, "classification.id", "awards.items.classification.id")),
                "description": f.read(item, "description", "awards.items.description"),
            })
    for k, c in enumerate(r.get("contracts") or []):
        rows["contracts"].append({
            "ocid": ocid, "contract_id": _text(f.read(c, "id", "contracts.id")) or f"#{k + 1}",
            "award_id": _text(f.read(c, "awardID", "contracts.awardID")),
            "status": f.read(c, "status", "contracts.status"),
            "amount": f.read(c, "value.amount", "contracts.value.amount"),
            "currency": f.read(c, "value.currency", "contracts.value.currency"),
            "signed_at": f.read(c, "dateSigned", "contracts.dateSigned"),
        })
    for k, p in enumerate(r.get("parties") or []):
        rows["parties"].append({
            "ocid": ocid, "party_id": _text(f.read(p, "id", "parties.id")) or f"#{k + 1}",
            "name": f.read(p, "name", "parties.name"),
            "identifier_scheme": f.read(p, "identifier.scheme", "parties.identifier.scheme"),
            "identifier_id": _text(f.read(p, "identifier.id", "parties.identifier.id")),
            "credit_code": _credit_code(p, Fields(), "parties"),
            "roles": ",".join(str(x) for x in (f.read(p, "roles", "parties.roles") or [])) or None,
        })
    return rows


def department_resolver():
    """buyer → department code: the department whose code or name the buyer carries, else the buyer's own id."""
    from qingfeng.core.models import Department

    by_code = set(Department.objects.values_list("code", flat=True))
    by_name = dict(Department.objects.values_list("name", "code"))
    unmatched: Counter = Counter()

    def resolve(buyer_id, buyer_name):
        if buyer_id is not None and str(buyer_id) in by_code:
            return str(buyer_id)
        if buyer_name in by_name:
            return by_name[buyer_name]
        unmatched[str(buyer_name or buyer_id or "（无采购人）")] += 1
        return str(buyer_id or buyer_name or "UNKNOWN")
    resolve.unmatched = unmatched
    return resolve


DATASETS = ("tenders", "bids", "awards", "award_items", "contracts", "parties")


@dataclass
class OcdsReport:
    files: list = field(default_factory=list)             # (name, encoding, documents)
    counts: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    skipped: list = field(default_factory=list)
    processes: int = 0
    sources: dict = field(default_factory=dict)           # ocid → releases found and which form was used
    fields: dict = field(default_factory=dict)            # OCDS path → values read
    rows: dict = field(default_factory=dict)              # dataset → rows mapped
    imports: dict = field(default_factory=dict)           # dataset → ImportReport.as_dict()
    unmatched_buyers: dict = field(default_factory=dict)

    @property
    def releases_read(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("release", "compiled_release", "versioned_release"))

    @property
    def rejected(self) -> int:
        return sum(i.get("rejected", 0) for i in self.imports.values())

    def as_dict(self) -> dict:
        return {"files": self.files, "counts": self.counts, "versions": self.versions, "skipped": self.skipped,
                "releases_read": self.releases_read, "processes": self.processes, "sources": self.sources, "fields": self.fields,
                "rows": self.rows, "imports": self.imports, "unmatched_buyers": self.unmatched_buyers}

    def summary_lines(self) -> list[str]:
        c = self.counts
        lines = [f"读取 {len(self.files)} 个文件（" + "，".join(f"{n}：{e}" for n, e, _ in self.files) + "）",
                 f"发布包 {c.get('release_package', 0)}、记录包 {c.get('record_package', 0)}、记录 {c.get('record', 0)}；"
                 f"发布 {c.get('release', 0)}、已编译发布 {c.get('compiled_release', 0)}、带版本发布 {c.get('versioned_release', 0)}、"
                 f"仅链接的发布 {c.get('linked_release', 0)}（其中重复读到的同一发布 {c.get('repeated_release', 0)}）；OCDS 版本 {dict(self.versions)}",
                 f"编译为 {self.processes} 个采购项目（每个 ocid 一个）；未能使用 {len(self.skipped)} 处"]
        lines += [f"  未使用：{w}：{why}" for w, why in self.skipped]
        used = {"releases": "合并发布", "compiled_release": "已编译发布", "versioned_release": "带版本发布"}
        lines += [f"  {ocid}：发布 {s['releases']} 个" + ("，有已编译发布" if s["compiled_release"] else "")
                  + ("，有带版本发布" if s["versioned_release"] else "") + f"；采用{used[s['used']]}"
                  for ocid, s in self.sources.items()]
        lines.append("映射读取的字段（有值的次数）：")
        lines += [f"  {path}: {n}" for path, n in sorted(self.fields.items())]
        for name, rep in self.imports.items():
            lines.append(f"{name}：映射 {self.rows.get(name, 0)} 行 = 入库 {rep['loaded']} + 拒收 {rep['rejected']}；"
                         f"{rep['status']}" + (f"，批次 {rep['batch']}" if rep.get("batch") else ""))
            lines += [f"  {line}" for line in rep.get("rejection_lines", [])[:20]]
        if self.unmatched_buyers:
            lines.append("未对应到本市部门的采购人（部门编码取其标识）：" + "、".join(sorted(self.unmatched_buyers)))
        return lines


def compile_files(paths, encoding: str | None = None) -> tuple[dict[str, dict], OcdsReport]:
    report = OcdsReport()
    found = Collected()
    for path in paths:
        docs, used = read_documents(path, encoding)
        report.files.append((Path(path).name, used, len(docs)))
        collect(docs, Path(path).name, found)
    compiled = compile_processes(found, report.sources)
    report.counts, report.versions, report.skipped = dict(found.counts), dict(found.versions), found.skipped
    report.processes = len(compiled)
    return compiled, report


def import_ocds(paths, *, actor, encoding: str | None = None) -> OcdsReport:
    """Read, compile, map and import OCDS files: one idempotent batch per dataset, all of them in one
    transaction, so a failure in any dataset (a full disk, a lost database) leaves none of them stored and no
    warehouse file behind. Rows a dataset rejects are reported and do not stop the others."""
    from django.db import transaction

    from qingfeng.records import warehouse
    from qingfeng.records.imports import import_rows
    from qingfeng.records.models import ImportBatch

    compiled, report = compile_files(paths, encoding)
    f = Fields()
    resolve = department_resolver()
    rows: dict[str, list[dict]] = defaultdict(list)
    for ocid in sorted(compiled):
        for name, part in map_release(compiled[ocid], f, resolve).items():
            rows[name].extend(part)
    report.fields = dict(f.present)
    report.unmatched_buyers = dict(resolve.unmatched)
    source = "+".join(Path(p).name for p in paths)
    published: list[Path] = []
    try:
        with transaction.atomic():
            for name in DATASETS:
                report.rows[name] = len(rows.get(name, []))
                if rows.get(name):
                    rep = import_rows(_uniform(rows[name]), name, source_name=f"{source}:{name}", actor=actor)
                    report.imports[name] = {**rep.as_dict(), "rejection_lines": rep.rejection_lines(50)}
                    if rep.status == "committed":
                        published.append(warehouse.root() / ImportBatch.objects.get(pk=rep.batch_id).file_name)
    except BaseException:
        for path in published:  # the batches were rolled back: their files must not outlive them
            path.unlink(missing_ok=True)
        raise
    return report


def _uniform(rows: list[dict]) -> list[dict]:
    """Every row with the same keys (the importer takes the first row's keys as the header)."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return [{k: r.get(k) for k in keys} for r in rows]
