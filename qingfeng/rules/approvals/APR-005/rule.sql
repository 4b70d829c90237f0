-- 未说明理由: a refusal (not accepted, or refused) whose reasons or remedies are empty.
SELECT
    e.case_id AS subject_key,
    e.department_code,
    e.case_id,
    e.source,
    e.item_code,
    e.event_type,
    e.decision,
    e.occurred_at AS refused_at,
    coalesce(trim(e.reason), '') = '' AS missing_reasons,
    coalesce(trim(e.remedy), '') = '' AS missing_remedies,
    e.staff_no AS approver_staff_no,
    e.event_id AS evidence_ids
FROM approval_events AS e
WHERE (e.event_type = 'not_accept' OR (e.event_type = 'decide' AND e.decision = 'refuse'))
  AND (coalesce(trim(e.reason), '') = '' OR coalesce(trim(e.remedy), '') = '')
