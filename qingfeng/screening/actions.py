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
from .evidence import evidence_hash
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


def run_screening(actor, *, engine: str = "duckdb", rule_ids=None, progress: bool = False, params_override=None,
                  sources=None, registries=None, on: date | None = None) -> Run:
    """Run the catalogue's rules (all but deprecated ones, or ``rule_ids``) and store their findings.

    ``params_override`` ({rule_id: {name: value}}) replaces the values in force for this run only;
    ``sources``/``registries`` (dataset → Arrow table or Parquet paths) replace the warehouse and the
    registry snapshots, for tests and what-if runs. A rule that fails is recorded with its error and the
    others still run; the run fails only when the engine cannot start or its time limit expires.
    """
    catalogue = load_catalogue()
    if rule_ids:
        wanted = list(dict.fromkeys(rule_ids))
    else:
        wanted = [r.id for r in catalogue if r.status != "deprecated"]
    overrides = params_override or {}
    on = on or timezone.localdate()
    with transaction.atomic():
        run = Run.objects.create(engine=engine, started_at=timezone.now(), actor=_actor_name(actor), status=Run.Status.RUNNING)
        ledger.append(actor, "screening.started", run, data={"engine": engine, "rules": wanted})

    summaries: dict[str, dict] = {}
    outcomes: list[RuleOutcome] = []
    failure = ""
    for label, why in catalogue.broken.items():
        if not rule_ids or label.split("/")[-1] in wanted:
            summaries[label.split("/")[-1]] = {"error": f"规则无法读取：{why}", "hits": 0}
    try:
        with open_session(engine, sources=sources, registries=registries) as session:
            run.batches = _batches_read(session)
            for rule_id in tqdm(wanted, desc="筛查规则", unit="条", disable=not progress):
                if rule_id not in catalogue.rules:
                    summaries.setdefault(rule_id, {"error": "规则库中没有此规则", "hits": 0})
                    continue
                rule = catalogue.rules[rule_id]
                params = {**params_in_force(rule, on), **overrides.get(rule_id, {})}
                problems = check_rule(rule)
                if problems:
                    outcome = RuleOutcome(rule, params, error="未通过校验：" + "；".join(str(p) for p in problems))
                else:
                    try:
                        result = session.execute(rule.sql, params)
                        outcome = hits_from_rows(rule, result.columns, result.rows)
                        outcome.params, outcome.seconds = params, result.seconds
                    except RunTimeout as exc:
                        outcome = RuleOutcome(rule, params, error=str(exc))
                        failure = str(exc)
                    except Exception as exc:  # one rule's error must not stop the others
                        log.warning("rule %s failed: %s", rule_id, exc)
                        outcome = RuleOutcome(rule, params, error=f"{type(exc).__name__}: {exc}")
                outcomes.append(outcome)
            try:
                attach_evidence(session, [o for o in outcomes if not o.error])
            except RunTimeout as exc:
                failure = f"取证据行时{exc}"
    except Exception as exc:
        log.exception("screening run %s could not run", run.pk)
        failure = failure or f"{type(exc).__name__}: {exc}"

    for outcome in outcomes:
        summaries[outcome.rule.id] = outcome.summary()
    errors = sorted(k for k, v in summaries.items() if v.get("error"))
    with transaction.atomic():
        findings = [
            Finding(run=run, rule_id=o.rule.id, rule_version=o.rule.version, subject_key=h.subject_key[:255],
                    department_code=h.department_code[:32], params=summaries[o.rule.id]["params"], evidence=h.evidence,
                    evidence_rows=h.evidence_rows, evidence_hash=evidence_hash(h.evidence, h.evidence_rows))
            for o in outcomes for h in o.hits
        ]
        Finding.objects.bulk_create(findings, batch_size=FINDINGS_BATCH)
        run.rules = summaries
        run.status = Run.Status.FAILED if failure else Run.Status.DONE
        run.error = failure or (f"{len(errors)} 条规则出错：{', '.join(errors)}" if errors else "")
        run.finished_at = timezone.now()
        run.save(update_fields=["rules", "status", "error", "finished_at", "batches"])
        ledger.append(actor, "screening.finished", run, data={
            "status": run.status, "findings": len(findings), "hits": {k: v.get("hits", 0) for k, v in run.rules.items()},
            "errors": errors, "batches": run.batches, "error": run.error,
        })
    return run


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
