-- 推: every department that bounced a task which has been bounced at least min_bounces times.
WITH bounced AS (
    SELECT task_no, count(*) AS bounces
    FROM oversight_assignments
    WHERE status = 'bounced'
    GROUP BY task_no
)
SELECT
    a.assignment_key AS subject_key,
    a.department_code,
    a.task_no,
    b.bounces
FROM oversight_assignments AS a
JOIN bounced AS b ON b.task_no = a.task_no
WHERE a.status = 'bounced'
    AND b.bounces >= $min_bounces
