-- A leaver not settled within settle_days of leaving (or still unsettled), or settled without the worker's confirmation.
SELECT
    e.project_code || '|' || e.worker_no || '|' || CAST(e.left_on AS VARCHAR) AS subject_key,
    e.department_code,
    e.project_code,
    e.worker_no,
    e.left_on,
    e.settled_on,
    e.confirmed
FROM worker_exits e
JOIN projects p ON p.project_code = e.project_code
WHERE date_diff('day', e.left_on, coalesce(e.settled_on, p.as_of)) > $settle_days
    OR (e.settled_on IS NOT NULL AND coalesce(e.confirmed, 0) = 0)
