-- A payroll line is on the roster when its ID hash is (or, lacking one, its staff number is).
WITH roster_ids AS (
    SELECT DISTINCT id_hash FROM staff_roster WHERE id_hash IS NOT NULL
),
roster_numbers AS (
    SELECT DISTINCT staff_no FROM staff_roster
),
unlisted AS (
    SELECT p.payroll_id, p.department_code, p.staff_no, p.name, p.pay_month, p.amount
    FROM payroll p
    LEFT JOIN roster_ids i ON i.id_hash = p.id_hash
    LEFT JOIN roster_numbers n ON n.staff_no = p.staff_no
    WHERE (p.id_hash IS NOT NULL AND i.id_hash IS NULL)
       OR (p.id_hash IS NULL AND n.staff_no IS NULL)
)
SELECT department_code || '|' || staff_no AS subject_key,
       department_code,
       staff_no,
       any_value(name) AS name,
       count(*) AS payroll_lines,
       sum(amount) AS amount,
       min(pay_month) AS first_month,
       max(pay_month) AS last_month,
       string_agg(payroll_id, ',' ORDER BY pay_month, payroll_id) AS evidence_ids
FROM unlisted
GROUP BY department_code, staff_no
ORDER BY department_code, staff_no
