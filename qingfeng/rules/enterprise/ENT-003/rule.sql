-- 大下基层年: a pairing whose last visit (or its start, if never visited) is older than the allowed interval.
SELECT
    CAST(pairing_id AS VARCHAR) AS subject_key,
    department_code,
    leader_staff_no,
    credit_code,
    since,
    last_visit_on,
    date_diff('day', coalesce(last_visit_on, since), as_of) AS days_since
FROM enterprise_pairings
WHERE date_diff('day', coalesce(last_visit_on, since), as_of) > $max_days_without_visit
