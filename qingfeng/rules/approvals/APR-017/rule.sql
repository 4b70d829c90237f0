-- 黄牌: an open, running case whose last working day before the deadline is over (only the due day is left).
WITH hits AS (
    SELECT c.*
    FROM approval_clocks AS c
    WHERE c.due_at IS NOT NULL AND c.suspended = 0
      AND c.decided_at IS NULL AND c.withdrawn_at IS NULL AND c.not_accepted_at IS NULL
      AND c.yellow_at IS NOT NULL AND c.as_of >= c.yellow_at AND c.as_of <= c.due_at
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.occurred_at <= h.yellow_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.start_at,
    h.yellow_at,
    h.due_at,
    h.handler_staff_no,
    t.evidence_ids
FROM hits AS h
LEFT JOIN trail AS t ON t.case_id = h.case_id
