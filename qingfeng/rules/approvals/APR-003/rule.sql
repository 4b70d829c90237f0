-- 环节超时: a step's own deadline (approval_steps, from the deadline service) passed before the step was
-- finished, or the step is still running after it. Evidence: the case's events up to the step's deadline.
WITH hits AS (
    SELECT s.*
    FROM approval_steps AS s
    WHERE s.due_at IS NOT NULL
      AND coalesce(s.finished_at, s.as_of) > s.due_at
),
trail AS (
    SELECT h.step_key, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.occurred_at <= h.due_at
    GROUP BY h.step_key
)
SELECT
    h.step_key AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.step,
    h.step_name,
    h.budget_days,
    h.started_at,
    h.due_at,
    h.handler_staff_no,
    t.evidence_ids
FROM hits AS h
LEFT JOIN trail AS t ON t.step_key = h.step_key
