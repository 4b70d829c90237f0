-- A project stage held longer than the city's target for that stage (reached, or still open at the snapshot).
WITH timed AS (
    SELECT
        milestone_key,
        project_no,
        stage,
        department_code,
        approval_case_no,
        started_on,
        reached_on,
        date_diff('day', started_on, coalesce(reached_on, as_of)) AS elapsed_days,
        CASE stage
            WHEN 'approval' THEN $approval_days
            WHEN 'permit' THEN $permit_days
            WHEN 'start' THEN $start_days
            WHEN 'completion' THEN $completion_days
            WHEN 'production' THEN $production_days
        END AS target_days
    FROM enterprise_milestones
    WHERE stage <> 'signing'
)
SELECT
    milestone_key AS subject_key,
    department_code,
    project_no,
    stage,
    approval_case_no,
    started_on,
    reached_on,
    elapsed_days,
    target_days
FROM timed
WHERE elapsed_days > target_days
