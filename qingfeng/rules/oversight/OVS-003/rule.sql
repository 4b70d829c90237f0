-- 僵: a signed (or returned) assignment with no update for more than stale_days calendar days.
SELECT
    assignment_key AS subject_key,
    department_code,
    status,
    last_update_at,
    date_diff('day', CAST(last_update_at AS DATE), CAST(as_of AS DATE)) AS days_without_update
FROM oversight_assignments
WHERE status IN ('signed', 'returned')
    AND date_diff('day', CAST(last_update_at AS DATE), CAST(as_of AS DATE)) > $stale_days
