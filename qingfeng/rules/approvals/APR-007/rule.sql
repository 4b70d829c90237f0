-- 擅自收费 / 超标准收费: a fee event whose fee code the item's list (in force on the day) does not name, or whose
-- amount is above the listed standard.
SELECT
    e.event_id AS subject_key,
    e.department_code,
    e.case_id,
    e.source,
    e.item_code,
    e.fee_code,
    e.amount,
    f.amount AS fee_standard,
    f.code IS NULL AS unlisted,
    e.occurred_at AS charged_at,
    e.staff_no AS handler_staff_no,
    e.event_id AS evidence_ids
FROM approval_events AS e
LEFT JOIN power_list_entries AS f
    ON f.item_code = e.item_code AND f.kind = 'fee' AND f.code = e.fee_code
   AND f.effective_from <= e.occurred_at AND (f.effective_to IS NULL OR e.occurred_at < f.effective_to)
WHERE e.event_type = 'fee'
  AND (f.code IS NULL OR e.amount > f.amount)
