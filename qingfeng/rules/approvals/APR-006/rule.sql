-- 体外循环: a decision keyed in before (or without) any application record of the case.
WITH decided AS (
    SELECT e.case_id, min(e.recorded_at) AS decision_recorded_at
    FROM approval_events AS e
    WHERE e.event_type = 'decide'
    GROUP BY e.case_id
),
applied AS (
    SELECT e.case_id, min(e.recorded_at) AS application_recorded_at
    FROM approval_events AS e
    JOIN decided AS d ON d.case_id = e.case_id
    WHERE e.event_type = 'apply'
    GROUP BY e.case_id
),
hits AS (
    SELECT d.case_id, d.decision_recorded_at, a.application_recorded_at
    FROM decided AS d
    LEFT JOIN applied AS a ON a.case_id = d.case_id
    WHERE a.application_recorded_at IS NULL OR a.application_recorded_at > d.decision_recorded_at
),
trail AS (
    SELECT e.case_id, any_value(e.department_code) AS department_code, any_value(e.item_code) AS item_code,
           any_value(e.source) AS source, count(*) AS events,
           string_agg(e.event_id, ',' ORDER BY e.recorded_at, e.event_id) AS evidence_ids
    FROM approval_events AS e
    JOIN hits AS h ON h.case_id = e.case_id
    WHERE e.recorded_at <= h.decision_recorded_at
    GROUP BY e.case_id
)
SELECT
    h.case_id AS subject_key,
    t.department_code,
    h.case_id,
    t.source,
    t.item_code,
    h.decision_recorded_at,
    h.application_recorded_at,
    t.events,
    t.evidence_ids
FROM hits AS h
JOIN trail AS t ON t.case_id = h.case_id
