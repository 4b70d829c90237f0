WITH visits AS (
    SELECT reception_id, department_code, held_on,
           replace(replace(trim(guest_unit), ' ', ''), '　', '') AS unit,
           year(held_on) AS y,
           CAST(floor((month(held_on) - 1) / 3) AS BIGINT) + 1 AS q
    FROM receptions
)
SELECT department_code || '|' || unit || '|' || CAST(y AS VARCHAR) || 'Q' || CAST(q AS VARCHAR) AS subject_key,
       department_code,
       unit AS guest_unit,
       y AS year,
       q AS quarter,
       count(*) AS receptions,
       string_agg(CAST(held_on AS VARCHAR), ',' ORDER BY held_on, reception_id) AS dates,
       string_agg(reception_id, ',' ORDER BY held_on, reception_id) AS evidence_ids
FROM visits
GROUP BY department_code, unit, y, q
HAVING count(*) > $max_per_quarter
ORDER BY subject_key
