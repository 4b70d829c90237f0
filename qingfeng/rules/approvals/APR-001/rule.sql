-- 对材料齐全的申请不予受理: a refusal to accept, when every material the item listed (in the version in force at
-- receipt) had been supplied before the refusal.
WITH refused AS (
    SELECT e.case_id, e.item_code, e.department_code, e.event_id, e.occurred_at, e.staff_no, e.reason
    FROM approval_events AS e
    WHERE e.event_type = 'not_accept'
),
received AS (
    SELECT a.case_id, min(a.occurred_at) AS applied_at
    FROM approval_events AS a
    JOIN refused AS r ON r.case_id = a.case_id
    WHERE a.event_type = 'apply'
    GROUP BY a.case_id
),
listed AS (
    SELECT r.case_id, r.event_id, r.item_code, r.department_code, r.occurred_at, r.staff_no, r.reason, a.applied_at
    FROM refused AS r
    JOIN received AS a ON a.case_id = r.case_id
    WHERE EXISTS (
        SELECT 1 FROM power_items AS p
        WHERE p.item_code = r.item_code AND p.effective_from <= a.applied_at
          AND (p.effective_to IS NULL OR a.applied_at < p.effective_to)
    )
),
required AS (
    SELECT l.case_id, m.code
    FROM listed AS l
    JOIN power_list_entries AS m
        ON m.item_code = l.item_code AND m.kind = 'material' AND m.effective_from <= l.applied_at
       AND (m.effective_to IS NULL OR l.applied_at < m.effective_to)
),
supplied AS (
    SELECT s.case_id, s.code
    FROM approval_event_materials AS s
    JOIN listed AS l ON l.case_id = s.case_id
    WHERE s.event_type IN ('apply', 'materials_supplied') AND s.occurred_at <= l.occurred_at
    GROUP BY s.case_id, s.code
),
counted AS (
    SELECT q.case_id, count(*) AS required_materials, count(s.code) AS supplied_materials
    FROM required AS q
    LEFT JOIN supplied AS s ON s.case_id = q.case_id AND s.code = q.code
    GROUP BY q.case_id
),
hits AS (
    SELECT l.case_id, l.event_id, l.item_code, l.department_code, l.occurred_at, l.staff_no, l.reason, l.applied_at,
           coalesce(c.required_materials, 0) AS required_materials, coalesce(c.supplied_materials, 0) AS supplied_materials
    FROM listed AS l
    LEFT JOIN counted AS c ON c.case_id = l.case_id
    WHERE coalesce(c.required_materials, 0) = coalesce(c.supplied_materials, 0)
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.occurred_at <= h.occurred_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.item_code,
    h.applied_at,
    h.occurred_at AS not_accepted_at,
    h.reason,
    h.required_materials,
    h.supplied_materials,
    h.staff_no AS handler_staff_no,
    t.evidence_ids
FROM hits AS h
JOIN trail AS t ON t.case_id = h.case_id
