-- 一查了之: a reported rectification left without a re-check beyond recheck_days working days.
WITH pending AS (
    SELECT
        finding_no,
        department_code,
        category,
        rectified_at,
        rechecked_at,
        CASE WHEN rechecked_at >= rectified_at THEN rechecked_at ELSE as_of END AS checked_or_now
    FROM conduct_findings
    WHERE rectified_at IS NOT NULL
)
SELECT
    finding_no AS subject_key,
    department_code,
    category,
    rectified_at,
    rechecked_at,
    workdays_between(CAST(rectified_at AS DATE), CAST(checked_or_now AS DATE)) AS workdays_waited
FROM pending
WHERE workdays_between(CAST(rectified_at AS DATE), CAST(checked_or_now AS DATE)) > $recheck_days
