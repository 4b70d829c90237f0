-- 浮: milestone/completion claims without evidence, or report texts repeating an earlier report of the task.
WITH ordered AS (
    SELECT
        assignment_key,
        department_code,
        final,
        evidence_count,
        row_number() OVER (PARTITION BY assignment_key, text_hash ORDER BY reported_at, report_id) AS nth
    FROM oversight_reports
)
SELECT
    assignment_key AS subject_key,
    any_value(department_code) AS department_code,
    count_if(nth > 1) AS repeated_reports,
    count_if(final = 1 AND evidence_count = 0) AS claims_without_evidence
FROM ordered
GROUP BY assignment_key
HAVING count_if(nth > 1) >= $min_repeated OR count_if(final = 1 AND evidence_count = 0) > 0
