-- 清单外事项: a case whose item had no published version in force when the case was received.
WITH hits AS (
    SELECT c.*
    FROM approval_clocks AS c
    WHERE c.item_known = 0
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.event_type = 'apply'
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.applied_at,
    h.handler_staff_no,
    t.evidence_ids
FROM hits AS h
LEFT JOIN trail AS t ON t.case_id = h.case_id
