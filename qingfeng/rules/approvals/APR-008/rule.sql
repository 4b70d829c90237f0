-- 送达超时: delivered after the delivery deadline, or not delivered by then.
WITH hits AS (
    SELECT c.*
    FROM approval_clocks AS c
    WHERE c.decided_at IS NOT NULL
      AND c.delivery_due_at IS NOT NULL
      AND coalesce(c.delivered_at, c.as_of) > c.delivery_due_at
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.occurred_at <= h.delivery_due_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.decision,
    h.decided_at,
    h.delivery_due_at,
    h.handler_staff_no,
    h.approver_staff_no,
    t.evidence_ids
FROM hits AS h
LEFT JOIN trail AS t ON t.case_id = h.case_id
