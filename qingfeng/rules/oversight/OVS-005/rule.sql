-- 梗: stuck in one waiting step longer than stuck_days; routed to whoever holds the step.
SELECT
    assignment_key AS subject_key,
    coalesce(step_holder, department_code) AS department_code,
    status,
    step_since,
    date_diff('day', CAST(step_since AS DATE), CAST(as_of AS DATE)) AS days_in_step
FROM oversight_assignments
WHERE status IN ('reported', 'accepted', 'returned')
    AND date_diff('day', CAST(step_since AS DATE), CAST(as_of AS DATE)) > $stuck_days
