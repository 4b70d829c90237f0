-- Study sessions attended (lectures, pre-meeting study) and the best exam score, per official and year.
WITH attended AS (
    SELECT
        staff_no,
        year(held_on) AS year,
        count(DISTINCT CASE WHEN kind <> 'exam' THEN session_no END) AS sessions,
        max(CASE WHEN kind = 'exam' THEN score END) AS best_score
    FROM accountability_study
    GROUP BY staff_no, year(held_on)
)
SELECT
    CAST(c.year AS VARCHAR) || '|' || o.staff_no AS subject_key,
    o.department_code,
    o.staff_no,
    c.year,
    coalesce(a.sessions, 0) AS sessions,
    a.best_score
FROM accountability_officials o
JOIN accountability_campaigns c ON c.closes_on < CAST(o.as_of AS DATE)
LEFT JOIN attended a ON a.staff_no = o.staff_no AND a.year = c.year
WHERE (coalesce(a.sessions, 0) < $min_sessions
         OR a.best_score IS NULL
         OR a.best_score < CAST($pass_score AS DECIMAL(18, 2)))
