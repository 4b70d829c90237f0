-- 秒办: three processing events of a case (not an 即办件) recorded within the window.
WITH process AS (
    SELECT
        e.case_id,
        e.department_code,
        e.item_code,
        e.source,
        e.event_id,
        e.recorded_at,
        lead(e.recorded_at, 2) OVER (PARTITION BY e.case_id ORDER BY e.recorded_at, e.event_id) AS third_recorded_at
    FROM approval_events AS e
    JOIN approval_clocks AS c ON c.case_id = e.case_id
    WHERE e.event_type IN ('accept', 'step_done', 'forward', 'decide')
      AND coalesce(c.case_type, '') <> 'immediate'
),
hits AS (
    SELECT case_id, any_value(department_code) AS department_code, any_value(item_code) AS item_code,
           any_value(source) AS source, min(recorded_at) AS burst_started_at, max(third_recorded_at) AS burst_ended_at
    FROM process
    WHERE third_recorded_at IS NOT NULL
      AND third_recorded_at <= recorded_at + INTERVAL 1 SECOND * $window_seconds
    GROUP BY case_id
),
trail AS (
    SELECT e.case_id, string_agg(e.event_id, ',' ORDER BY e.recorded_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.recorded_at >= h.burst_started_at AND e.recorded_at <= h.burst_ended_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    h.department_code,
    h.case_id,
    h.source,
    h.item_code,
    h.burst_started_at,
    h.burst_ended_at,
    t.evidence_ids
FROM hits AS h
JOIN trail AS t ON t.case_id = h.case_id
