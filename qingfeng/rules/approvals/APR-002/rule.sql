-- 超过承诺期限: the committed deadline (from the deadline service, in approval_clocks) passed before the case
-- was closed, or it is still open after it.
WITH hits AS (
    SELECT c.*
    FROM approval_clocks AS c
    WHERE c.due_at IS NOT NULL
      AND coalesce(c.decided_at, c.withdrawn_at, c.not_accepted_at, c.as_of) > c.due_at
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.occurred_at <= h.due_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.start_at,
    h.deemed_accepted,
    h.committed_days,
    h.extension_days,
    h.late_extensions,
    h.suspensions,
    h.due_at,
    h.provisional,
    h.handler_staff_no,
    t.evidence_ids
FROM hits AS h
LEFT JOIN trail AS t ON t.case_id = h.case_id
