-- 多次补正: more notices of missing materials for one case than the one-time rule allows.
SELECT
    e.case_id AS subject_key,
    any_value(e.department_code) AS department_code,
    e.case_id,
    any_value(e.source) AS source,
    any_value(e.item_code) AS item_code,
    count(*) AS notices,
    min(e.occurred_at) AS first_notice_at,
    max(e.occurred_at) AS last_notice_at,
    any_value(e.staff_no) AS handler_staff_no,
    string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
FROM approval_events AS e
WHERE e.event_type = 'materials_request'
GROUP BY e.case_id
HAVING count(*) > $max_notices
