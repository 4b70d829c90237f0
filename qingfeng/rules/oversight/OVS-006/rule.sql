-- 懒: assigned more than unopened_days ago and never opened by the department.
SELECT
    assignment_key AS subject_key,
    department_code,
    assigned_at,
    date_diff('day', CAST(assigned_at AS DATE), CAST(as_of AS DATE)) AS days_unopened
FROM oversight_assignments
WHERE status = 'assigned'
    AND first_opened_at IS NULL
    AND date_diff('day', CAST(assigned_at AS DATE), CAST(as_of AS DATE)) > $unopened_days
