-- 清单外中介服务: an intermediary service required of the applicant that the item's list (in force on the day) does not name.
SELECT
    e.event_id AS subject_key,
    e.department_code,
    e.case_id,
    e.source,
    e.item_code,
    e.intermediary_code,
    e.intermediary_org,
    e.occurred_at AS required_at,
    e.staff_no AS handler_staff_no,
    e.event_id AS evidence_ids
FROM approval_events AS e
WHERE e.event_type = 'intermediary'
  AND NOT EXISTS (
      SELECT 1 FROM power_list_entries AS l
      WHERE l.item_code = e.item_code AND l.kind = 'intermediary' AND l.code = e.intermediary_code
        AND l.effective_from <= e.occurred_at AND (l.effective_to IS NULL OR e.occurred_at < l.effective_to)
  )
