"""State changes of screening: runs and their findings, rule parameters, the sensitive-word list.

Each action runs in one transaction with its ledger event. A run is two short transactions around the
long engine work: one records that it started, one stores its findings and how it ended.
"""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from qingfeng.core import ledger

from .catalogue import load_catalogue
from .engines import open_session
from .engines.duckdb import RunTimeout
from .evidence import encode_rows, evidence_hash
from .findings import RuleOutcome, attach_evidence, hits_from_rows
from .models import Finding, RuleParameter, Run, SensitiveWord
from .parameters import check_value, params_in_force
from .validator import check_rule

log = logging.getLogger(__name__)
FINDINGS_BATCH = 1000


def _actor_name(actor) -> str:
    if actor is None:
        return "system"
    return actor if isinstance(actor, str) else actor.get_username()


def _batches_read(session) -> list[int]:
    """Import batches whose files the run's views read (none when the data came in memory)."""
    from django.conf import settings

    from qingfeng.records.models import ImportBatch

    root = settings.WAREHOUSE_DIR.resolve()
    names = []
    for paths in getattr(session, "files", {}).values():
        for path in paths:
            try:
                names.append(str(path.relative_to(root)))
            except ValueError:
                continue
    if not names:
        return []
    return sorted(ImportBatch.objects.filter(file_name__in=names).values_list("pk", flat=True))


def _close_interrupted(actor) -> None:
    """A run still "running" past the time limit was killed (its own timer would have stopped it): mark it
    failed, so the record says what happened; its findings were never stored, and the next run redoes it."""
    from datetime import timedelta

    from django.conf import settings

    limit = timezone.now() - timedelta(seconds=settings.QINGFENG["SCREENING_TIMEOUT_SECONDS"] + 60)
    for stale in Run.objects.filter(status=Run.Status.RUNNING, started_at__lt=limit):
        stale.status, stale.error, stale.finished_at = Run.Status.FAILED, "中断：进程在运行中被终止", timezone.now()
        stale.save(update_fields=["status", "error", "finished_at"])
        ledger.append(actor, "screening.interrupted", stale, data={"started_at": stale.started_at.isoformat()})


def _start(actor, engine: str, wanted: list[str], mode: str) -> Run:
    with transaction.atomic():
        _close_interrupted(actor)
        run = Run.objects.create(engine=engine, mode=mode, started_at=timezone.now(), actor=_actor_name(actor),
                                 status=Run.Status.RUNNING)
        ledger.append(actor, "screening.started", run, data={"engine": engine, "mode": mode, "rules": wanted})
    return run


_checked: dict[str, list] = {}  # rule content hash → validator problems (the files did not change)


def _problems(rule) -> list:
    if rule.content_hash not in _checked:
        if len(_checked) > 1000:
            _checked.clear()
        _checked[rule.content_hash] = check_rule(rule)
    return _checked[rule.content_hash]


def _evaluate(session, rule, params, restrict=None) -> RuleOutcome:
    """One rule's query and its hits; ``restrict`` (dataset, relation) narrows a record view for it."""
    problems = _problems(rule)
    if problems:
        return RuleOutcome(rule, params, error="未通过校验：" + "；".join(str(p) for p in problems))
    try:
        if restrict:
            session.use(*restrict)
        try:
            result = session.execute(rule.sql, params)
        finally:
            if restrict:
                session.use(restrict[0])
        outcome = hits_from_rows(rule, result.columns, result.rows)
        outcome.params, outcome.seconds = params, result.seconds
        return outcome
    except RunTimeout:
        raise
    except Exception as exc:  # one rule's error must not stop the others
        log.warning("rule %s failed: %s", rule.id, exc)
        return RuleOutcome(rule, params, error=f"{type(exc).__name__}: {exc}")


def _finish(actor, run: Run, outcomes: list[RuleOutcome], summaries: dict, failure: str, keep=None) -> Run:
    """Store the findings (those ``keep`` accepts, when given) and how the run ended."""
    for outcome in outcomes:
        summaries[outcome.rule.id] = {**outcome.summary(), **summaries.get(outcome.rule.id, {})}
    errors = sorted(k for k, v in summaries.items() if v.get("error"))
    with transaction.atomic():
        findings = []
        for o in outcomes:
            for h in o.hits:
                rows = encode_rows(h.evidence_rows)  # encoded once, for the hash and for storage
                findings.append(Finding(
                    run=run, rule_id=o.rule.id, rule_version=o.rule.version, subject_key=h.subject_key[:255],
                    department_code=h.department_code[:32], params=summaries[o.rule.id]["params"], evidence=h.evidence,
                    evidence_rows=rows, evidence_hash=evidence_hash(h.evidence, rows)))
        if keep is not None:
            findings = keep(findings)
            for rule_id, summary in summaries.items():
                if "evaluated" in summary:
                    summary["hits"] = sum(1 for f in findings if f.rule_id == rule_id)
        Finding.objects.bulk_create(findings, batch_size=FINDINGS_BATCH)
        run.rules = summaries
        run.status = Run.Status.FAILED if failure else Run.Status.DONE
        run.error = failure or (f"{len(errors)} 条规则出错：{', '.join(errors)}" if errors else "")
        run.finished_at = timezone.now()
        run.save(update_fields=["rules", "status", "error", "finished_at", "batches", "new_batches"])
        ledger.append(actor, "screening.finished", run, data={
            "status": run.status, "mode": run.mode, "findings": len(findings),
            "hits": {k: v.get("hits", 0) for k, v in run.rules.items()}, "errors": errors, "batches": run.batches,
            "new_batches": run.new_batches, "error": run.error,
        })
    return run


def run_screening(actor, *, engine: str = "duckdb", master: str | None = None, rule_ids=None, progress: bool = False,
                  params_override=None, sources=None, registries=None, on: date | None = None,
                  session_options: dict | None = None) -> Run:
    """Run the catalogue's rules (all but deprecated ones, or ``rule_ids``) and store their findings.

    ``engine`` is duckdb or spark (``master``: where Spark runs). ``params_override`` ({rule_id: {name:
    value}}) replaces the values in force for this run only; ``sources``/``registries`` (dataset → Arrow
    table or Parquet paths) replace the warehouse and the registry snapshots, for tests and what-if runs
    (``session_options`` go to the engine's session, e.g. an existing Spark session in tests). A
    rule that fails is recorded with its error and the others still run; the run fails only when the
    engine cannot start or its time limit expires.
    """
    from .incremental import RegistryCapture

    catalogue = load_catalogue()
    if rule_ids:
        wanted = list(dict.fromkeys(rule_ids))
    else:
        wanted = [r.id for r in catalogue if r.status != "deprecated"]
    overrides = params_override or {}
    on = on or timezone.localdate()
    run = _start(actor, engine, wanted, Run.Mode.FULL)

    summaries: dict[str, dict] = {}
    outcomes: list[RuleOutcome] = []
    failure = ""
    for label, why in catalogue.broken.items():
        if not rule_ids or label.split("/")[-1] in wanted:
            summaries[label.split("/")[-1]] = {"error": f"规则无法读取：{why}", "hits": 0}
    capture = RegistryCapture()
    try:
        with open_session(engine, master=master, sources=sources, registries=registries, load_registries=capture,
                          **(session_options or {})) as session:
            run.batches = _batches_read(session)
            for rule_id in tqdm(wanted, desc="筛查规则", unit="条", disable=not progress):
                if rule_id not in catalogue.rules:
                    summaries.setdefault(rule_id, {"error": "规则库中没有此规则", "hits": 0})
                    continue
                rule = catalogue.rules[rule_id]
                params = {**params_in_force(rule, on), **overrides.get(rule_id, {})}
                try:
                    outcome = _evaluate(session, rule, params)
                except RunTimeout as exc:
                    outcome = RuleOutcome(rule, params, error=str(exc))
                    failure = str(exc)
                outcomes.append(outcome)
                summaries[rule_id] = {"registries": capture.for_rule(rule)}
                if failure:
                    break
            try:
                attach_evidence(session, [o for o in outcomes if not o.error])
            except RunTimeout as exc:
                failure = f"取证据行时{exc}"
    except Exception as exc:
        log.exception("screening run %s could not run", run.pk)
        failure = failure or f"{type(exc).__name__}: {exc}"
    return _finish(actor, run, outcomes, summaries, failure)


def _baselines(rule_ids: list[str]) -> dict[str, Run]:
    """Each rule's last good run: the latest finished run in which it ran without error."""
    found: dict[str, Run] = {}
    for run in Run.objects.filter(status=Run.Status.DONE).order_by("-started_at", "-pk").iterator(chunk_size=50):
        for rule_id in rule_ids:
            entry = run.rules.get(rule_id)
            if rule_id not in found and entry and not entry.get("error"):
                found[rule_id] = run
        if len(found) == len(rule_ids):
            break
    return found


def _latest_hashes(rule_id: str, subjects: list[str]) -> dict[str, str]:
    """Evidence hash of each subject's most recent finding in a finished run."""
    out: dict[str, str] = {}
    for i in range(0, len(subjects), 500):
        pks = _latest_pks(rule_id, subjects[i:i + 500])
        out.update(Finding.objects.filter(pk__in=pks).values_list("subject_key", "evidence_hash"))
    return out


def _latest_pks(rule_id: str, subjects: list[str]) -> list[int]:
    """The newest finding of each subject in a finished run (one per subject, whatever the history)."""
    from django.db.models import Max

    return list(Finding.objects.filter(rule_id=rule_id, subject_key__in=subjects, run__status=Run.Status.DONE)
                .values("subject_key").annotate(last=Max("pk")).values_list("last", flat=True))


def _drop_unchanged(outcomes: list[RuleOutcome], visible: set[int]) -> dict[str, dict[str, dict]]:
    """Drop hits whose result row and evidence keys equal the subject's latest finding, before their evidence
    rows are fetched: records are never edited in place, so the same keys mean the same rows (a correction
    batch replaces rows, and then this shortcut is not taken).

    Returns the record rows of the kept hits' latest findings (dataset → {key: row}) that are still the
    records' rows: those stored by a run all of whose batches are still visible (no correction since) and
    with the contract's columns. The run reuses them instead of looking them up in the warehouse again.
    """
    from qingfeng.records import contract

    reusable: dict[str, dict[str, dict]] = {}
    batches_of: dict[int, bool] = {}
    for outcome in outcomes:
        subjects = sorted({h.subject_key for h in outcome.hits})
        latest: dict[str, tuple] = {}
        for i in range(0, len(subjects), 500):
            pks = _latest_pks(outcome.rule.id, subjects[i:i + 500])
            for subject, evidence, rows_, run_id in Finding.objects.filter(pk__in=pks).values_list(
                    "subject_key", "evidence", "evidence_rows", "run_id"):
                latest[subject] = (evidence, rows_, run_id)
        key = contract_key(outcome.rule.evidence_dataset)
        columns = set(contract.get(outcome.rule.evidence_dataset).column_names)
        missing = {run_id for _e, _r, run_id in latest.values()} - batches_of.keys()
        for run_id, batches in Run.objects.filter(pk__in=missing).values_list("pk", "batches"):
            batches_of[run_id] = set(batches or []) <= visible
        held = reusable.setdefault(outcome.rule.evidence_dataset, {})
        kept = []
        for hit in outcome.hits:
            before = latest.get(hit.subject_key)
            evidence = dict(hit.evidence)
            if hit.evidence_ids_total > len(hit.evidence_ids):
                evidence["evidence_rows_total"] = hit.evidence_ids_total
            if before is None or before[0] != evidence or [r.get(key) for r in before[1]] != hit.evidence_ids:
                kept.append(hit)
                if before is not None and batches_of.get(before[2]):
                    held.update((r[key], r) for r in before[1] if set(r) == columns)
        outcome.hits = kept
    return reusable


def contract_key(dataset: str) -> str:
    from qingfeng.records import contract

    return contract.get(dataset).key[0]


def new_or_changed(findings: list[Finding]) -> list[Finding]:
    """The findings whose subject has no earlier finding, or whose evidence differs from the latest one."""
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule_id, []).append(f)
    kept = []
    for rule_id, group in by_rule.items():
        latest = _latest_hashes(rule_id, sorted({f.subject_key for f in group}))
        kept += [f for f in group if latest.get(f.subject_key) != f.evidence_hash]
    return kept


def screen_incremental(actor, *, engine: str = "duckdb", master: str | None = None, rule_ids=None, progress: bool = False,
                       on: date | None = None, shortcuts: bool = True) -> Run:
    """Screen what the batches imported since each rule's last good run can change, and store only new or
    changed findings (see ``screening.incremental`` for what a rule declares and when it runs in full).

    The run reads the whole warehouse (its ``batches``); ``new_batches`` are the batches it screened for.
    Rules that the new batches cannot touch are recorded as skipped, so the next run starts from here.
    ``shortcuts=False`` takes the plain path, for the benchmark to compare against: restrictions by a key
    join alone (no pushed-down predicates) and every evidence row looked up across the warehouse.
    """
    from qingfeng.records import warehouse
    from qingfeng.records.models import ImportBatch

    from . import incremental as inc

    catalogue = load_catalogue()
    wanted = list(dict.fromkeys(rule_ids)) if rule_ids else [r.id for r in catalogue if r.status != "deprecated"]
    wanted = [r for r in wanted if r in catalogue.rules]
    on = on or timezone.localdate()
    visible = dict(warehouse.visible_batches().values_list("pk", "dataset"))
    baselines = _baselines(wanted)
    run = _start(actor, engine, wanted, Run.Mode.INCREMENTAL)
    run.batches = sorted(visible)
    run.new_batches = sorted(set(visible) - set.intersection(*(set(r.batches) for r in baselines.values()))) \
        if baselines else sorted(visible)

    # The extra relations: for each distinct (new, gone) batch set, the new rows and the replaced rows per dataset.
    pending = {}
    for rule_id in wanted:
        base = baselines.get(rule_id)
        if base is not None:
            key = (frozenset(set(visible) - set(base.batches)), frozenset(set(base.batches) - set(visible)))
            pending.setdefault(key, len(pending))
    files = dict(ImportBatch.objects.filter(pk__in={b for k in pending for part in k for b in part})
                 .values_list("pk", "file_name"))
    datasets = dict(ImportBatch.objects.filter(pk__in=files).values_list("pk", "dataset"))
    extra = {}
    for (new, gone), index in pending.items():
        for name in contract_records():
            extra[inc.relation_names("new", name, index)] = (name, [warehouse.root() / files[b] for b in sorted(new)
                                                                    if datasets.get(b) == name and files.get(b)])
            extra[inc.relation_names("gone", name, index)] = (name, [warehouse.root() / files[b] for b in sorted(gone)
                                                                     if datasets.get(b) == name and files.get(b)])

    summaries: dict[str, dict] = {}
    outcomes: list[RuleOutcome] = []
    failure = ""
    capture = inc.RegistryCapture()
    try:
        with open_session(engine, master=master, load_registries=capture, extra_sources=extra) as session:
            restrictions = inc.Restrictions(session, pending, pushdown=shortcuts)
            for rule_id in tqdm(wanted, desc="增量筛查", unit="条", disable=not progress):
                rule = catalogue.rules[rule_id]
                params = params_in_force(rule, on)
                base = baselines.get(rule_id)
                registries = capture.for_rule(rule)
                plan = inc.plan(rule, params, base.rules.get(rule_id) if base else None, set(base.batches) if base else set(),
                                visible, registries)
                summary = {"mode": plan.mode, "reason": plan.reason, "registries": registries, "evaluated": 0}
                if plan.mode == "skip":
                    summaries[rule_id] = {**RuleOutcome(rule, params).summary(), **summary}
                    continue
                try:
                    restrict = None
                    if plan.mode == "restricted":
                        restrict = (inc.declaration(rule).dataset, restrictions.relation(plan, params))
                    outcome = _evaluate(session, rule, params, restrict)
                except RunTimeout as exc:
                    outcome = RuleOutcome(rule, params, error=str(exc))
                    failure = str(exc)
                summary["evaluated"] = len(outcome.hits)
                summaries[rule_id] = summary
                outcomes.append(outcome)
                if failure:
                    break
            try:
                known, first = {}, {}
                if not any(gone for _new, gone in pending):  # no correction: a record's rows are as they were
                    known = _drop_unchanged([o for o in outcomes if not o.error], set(visible))
                if shortcuts:
                    first = {name: [inc.relation_names("new", name, index) for index in pending.values()]
                             for name in contract_records()}
                else:
                    known = {}
                attach_evidence(session, [o for o in outcomes if not o.error], known=known, first=first)
            except RunTimeout as exc:
                failure = f"取证据行时{exc}"
    except Exception as exc:
        log.exception("incremental screening run %s could not run", run.pk)
        failure = failure or f"{type(exc).__name__}: {exc}"
    return _finish(actor, run, outcomes, summaries, failure, keep=new_or_changed)


def contract_records() -> dict:
    from qingfeng.records import contract

    return {name: ds for name, ds in contract.DATASETS.items() if ds.kind == "record"}


@transaction.atomic
def set_rule_parameter(actor, rule_id: str, name: str, value, effective_from: date, reason: str = "") -> RuleParameter:
    """Override a rule parameter from ``effective_from`` on. Earlier values stay as the history."""
    catalogue = load_catalogue()
    if rule_id not in catalogue.rules:
        raise ValidationError(f"规则库中没有规则 {rule_id}")
    rule = catalogue.rules[rule_id]
    if name not in rule.params:
        raise ValidationError(f"规则 {rule_id} 没有参数 {name}；可设置：{', '.join(rule.params) or '无'}")
    check_value(rule.params[name], value)
    old = params_in_force(rule, effective_from)[name]
    row = RuleParameter.objects.create(rule_id=rule_id, name=name, value=value, effective_from=effective_from,
                                       set_by=_actor_name(actor), reason=reason)
    ledger.append(actor, "rule_parameter.set", row, data={
        "rule_id": rule_id, "name": name, "old": old, "new": value, "effective_from": effective_from.isoformat(),
        "default": rule.params[name].default, "reason": reason,
    })
    return row


@transaction.atomic
def add_sensitive_word(actor, word: str, category: str = "") -> SensitiveWord:
    word = (word or "").strip()
    if not word:
        raise ValidationError("敏感词不能为空")
    row, created = SensitiveWord.objects.get_or_create(word=word, defaults={"category": category, "active": True})
    if not created:
        raise ValidationError(f"敏感词“{word}”已存在")
    ledger.append(actor, "sensitive_word.added", row, data={"word": word, "category": category})
    return row


@transaction.atomic
def set_sensitive_word_active(actor, word: str, active: bool) -> SensitiveWord:
    row = SensitiveWord.objects.select_for_update().filter(word=word).first()
    if row is None:
        raise ValidationError(f"没有敏感词“{word}”")
    if row.active != active:
        row.active = active
        row.save(update_fields=["active"])
        ledger.append(actor, "sensitive_word.activated" if active else "sensitive_word.deactivated", row, data={"word": word})
    return row
