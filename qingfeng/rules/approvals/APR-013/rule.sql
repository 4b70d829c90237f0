-- 事后补录: events recorded more days (counted in dates) after they happened than allowed; one hit per case.
SELECT
    e.case_id AS subject_key,
    any_value(e.department_code) AS department_code,
    e.case_id,
    any_value(e.source) AS source,
    any_value(e.item_code) AS item_code,
    count(*) AS backfilled_events,
    max(date_diff('day', e.occurred_at, e.recorded_at)) AS max_delay_days,
    min(e.occurred_at) AS first_occurred_at,
    max(e.recorded_at) AS last_recorded_at,
    string_agg(e.event_id, ',' ORDER BY e.occurred_at, e.event_id) AS evidence_ids
FROM approval_events AS e
WHERE date_diff('day', e.occurred_at, e.recorded_at) > $backfill_days
GROUP BY e.case_id
