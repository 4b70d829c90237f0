-- 备用金 only for emergencies, petitions and disasters, decided by the government, tied to the event.
WITH checked AS (
    SELECT
        *,
        NOT list_contains($permitted_categories, category) AS outside_purpose,
        coalesce(trim(decision_no), '') = '' AS no_decision,
        list_contains($permitted_categories, category) AND coalesce(trim(event_ref), '') = '' AS no_event
    FROM reserve_fund_uses
)
SELECT
    use_id AS subject_key,
    department_code,
    use_id,
    category,
    amount,
    approved_on,
    decision_no,
    event_ref,
    purpose,
    concat_ws(',',
        CASE WHEN outside_purpose THEN 'outside_purpose' END,
        CASE WHEN no_decision THEN 'no_decision' END,
        CASE WHEN no_event THEN 'no_event' END) AS reason
FROM checked
WHERE outside_purpose OR no_decision OR no_event
