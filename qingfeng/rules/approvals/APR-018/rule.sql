-- 告知超期: the first notice of missing materials came after the notice deadline.
WITH hits AS (
    SELECT c.*
    FROM approval_clocks AS c
    WHERE c.notice_at IS NOT NULL AND c.notice_due_at IS NOT NULL AND c.notice_at > c.notice_due_at
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.occurred_at <= h.notice_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.applied_at,
    h.notice_due_at,
    h.notice_at,
    h.deemed_accepted,
    h.handler_staff_no,
    t.evidence_ids
FROM hits AS h
LEFT JOIN trail AS t ON t.case_id = h.case_id
