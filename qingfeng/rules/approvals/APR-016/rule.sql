-- 到期前提示: an open, running case whose clock has reached the prompt moment (the working day before the
-- due day) and is not yet overdue.
WITH hits AS (
    SELECT c.*
    FROM approval_clocks AS c
    WHERE c.due_at IS NOT NULL AND c.suspended = 0
      AND c.decided_at IS NULL AND c.withdrawn_at IS NULL AND c.not_accepted_at IS NULL
      AND c.prompt_at IS NOT NULL AND c.as_of >= c.prompt_at AND c.as_of <= c.due_at
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.occurred_at <= h.prompt_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.start_at,
    h.prompt_at,
    h.due_at,
    h.handler_staff_no,
    t.evidence_ids
FROM hits AS h
LEFT JOIN trail AS t ON t.case_id = h.case_id
