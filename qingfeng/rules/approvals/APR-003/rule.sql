-- 环节超时: a step's own deadline (approval_steps, from the deadline service) passed before the step was
-- finished, or the step is still running after it.
SELECT
    s.step_key AS subject_key,
    s.department_code,
    s.case_id,
    s.source,
    s.item_code,
    s.step,
    s.step_name,
    s.budget_days,
    s.started_at,
    s.due_at,
    s.finished_at,
    s.as_of,
    s.handler_staff_no,
    s.step_key AS evidence_ids
FROM approval_steps AS s
WHERE s.due_at IS NOT NULL
  AND coalesce(s.finished_at, s.as_of) > s.due_at
