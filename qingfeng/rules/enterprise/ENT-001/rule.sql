-- 门难进、脸难看、事难办: a department named by enterprises for attitude or obstruction min_complaints times in a year.
SELECT
    department_code || '|' || CAST(year(received_at) AS VARCHAR) AS subject_key,
    department_code,
    year(received_at) AS year,
    count(*) AS complaints,
    string_agg(ticket_no, ',' ORDER BY ticket_no) AS evidence_ids
FROM enterprise_requests
WHERE category IN ('attitude', 'obstruction')
GROUP BY department_code, year(received_at)
HAVING count(*) >= $min_complaints
