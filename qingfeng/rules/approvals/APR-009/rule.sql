-- 清单外材料: a notice of missing materials that names a material the item's list (in force on the day) does not.
SELECT
    m.event_id AS subject_key,
    m.department_code,
    m.case_id,
    m.item_code,
    min(m.occurred_at) AS requested_at,
    string_agg(m.code, ',' ORDER BY m.code) AS unlisted_materials,
    count(*) AS unlisted_count,
    m.event_id AS evidence_ids
FROM approval_event_materials AS m
WHERE m.event_type = 'materials_request'
  AND NOT EXISTS (
      SELECT 1 FROM power_list_entries AS l
      WHERE l.item_code = m.item_code AND l.kind = 'material' AND l.code = m.code
        AND l.effective_from <= m.occurred_at AND (l.effective_to IS NULL OR m.occurred_at < l.effective_to)
  )
GROUP BY m.event_id, m.department_code, m.case_id, m.item_code
