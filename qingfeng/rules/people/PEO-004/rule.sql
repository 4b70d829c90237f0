-- Two or more paying departments for one ID in one month.
WITH pay AS (
    SELECT p.payroll_id, p.department_code, p.staff_no, p.pay_month, p.amount,
           coalesce(p.id_hash, r.id_hash) AS id_hash,
           year(p.pay_month) AS pay_year, month(p.pay_month) AS pay_mon
    FROM payroll p
    LEFT JOIN staff_roster r ON p.id_hash IS NULL AND r.staff_no = p.staff_no
),
doubled AS (
    SELECT id_hash, pay_year, pay_mon
    FROM pay
    WHERE id_hash IS NOT NULL
    GROUP BY id_hash, pay_year, pay_mon
    HAVING count(DISTINCT department_code) >= 2
),
lines AS (
    SELECT pay.*
    FROM pay
    JOIN doubled d ON d.id_hash = pay.id_hash AND d.pay_year = pay.pay_year AND d.pay_mon = pay.pay_mon
)
SELECT coalesce(r.staff_no, min(x.staff_no)) || '|' || CAST(x.pay_year AS VARCHAR) AS subject_key,
       coalesce(r.department_code, min(x.department_code)) AS department_code,
       r.staff_no AS roster_staff_no,
       string_agg(DISTINCT x.department_code, ',' ORDER BY x.department_code) AS paying_departments,
       count(DISTINCT x.pay_mon) AS months,
       sum(x.amount) AS amount,
       string_agg(x.payroll_id, ',' ORDER BY x.pay_month, x.department_code, x.payroll_id) AS evidence_ids
FROM lines x
LEFT JOIN staff_roster r ON r.id_hash = x.id_hash
GROUP BY x.id_hash, x.pay_year, r.staff_no, r.department_code
ORDER BY subject_key
