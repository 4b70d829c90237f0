-- Working days of paid months, in departments that keep electronic attendance, with no record and no leave.
WITH workdays AS (
    SELECT day, row_number() OVER (ORDER BY day) AS n
    FROM calendar
    WHERE is_workday = 1
),
covered AS (
    SELECT DISTINCT department_code, year(occurred_at) AS y, month(occurred_at) AS m
    FROM attendance
),
paid AS (
    SELECT department_code, staff_no, year(pay_month) AS y, month(pay_month) AS m,
           string_agg(payroll_id, ',' ORDER BY payroll_id) AS payroll_ids
    FROM payroll
    GROUP BY department_code, staff_no, year(pay_month), month(pay_month)
),
expected AS (
    SELECT p.department_code, p.staff_no, w.day, w.n
    FROM paid p
    JOIN covered c ON c.department_code = p.department_code AND c.y = p.y AND c.m = p.m
    JOIN workdays w ON year(w.day) = p.y AND month(w.day) = p.m
    LEFT JOIN staff_roster r ON r.staff_no = p.staff_no
    WHERE (r.joined_on IS NULL OR w.day >= r.joined_on)
      AND (r.left_on IS NULL OR w.day <= r.left_on)
),
present AS (
    SELECT DISTINCT staff_no, CAST(occurred_at AS DATE) AS day
    FROM attendance
),
on_leave AS (
    SELECT DISTINCT l.staff_no, w.day
    FROM leave_records l
    JOIN workdays w ON w.day BETWEEN l.start_on AND l.end_on
),
absent AS (
    SELECT e.department_code, e.staff_no, e.day, e.n
    FROM expected e
    LEFT JOIN present p ON p.staff_no = e.staff_no AND p.day = e.day
    LEFT JOIN on_leave v ON v.staff_no = e.staff_no AND v.day = e.day
    WHERE p.staff_no IS NULL AND v.staff_no IS NULL
),
spells AS (
    SELECT department_code, staff_no, year(day) AS y, count(*) AS days, min(day) AS first_day, max(day) AS last_day
    FROM (SELECT department_code, staff_no, day, n - row_number() OVER (PARTITION BY department_code, staff_no ORDER BY n) AS spell
          FROM absent) AS a
    GROUP BY department_code, staff_no, year(day), spell
),
yearly AS (
    SELECT department_code, staff_no, y, max(days) AS longest_spell, sum(days) AS absent_workdays
    FROM spells
    GROUP BY department_code, staff_no, y
),
longest AS (
    SELECT department_code, staff_no, y, first_day, last_day
    FROM spells
    QUALIFY row_number() OVER (PARTITION BY department_code, staff_no, y ORDER BY days DESC, first_day) = 1
)
SELECT yr.staff_no || '|' || CAST(yr.y AS VARCHAR) AS subject_key,
       yr.department_code,
       yr.staff_no,
       yr.longest_spell,
       lg.first_day AS longest_from,
       lg.last_day AS longest_to,
       yr.absent_workdays,
       (SELECT string_agg(p.payroll_ids, ',' ORDER BY p.m) FROM paid p
        WHERE p.department_code = yr.department_code AND p.staff_no = yr.staff_no AND p.y = yr.y) AS evidence_ids
FROM yearly yr
JOIN longest lg ON lg.department_code = yr.department_code AND lg.staff_no = yr.staff_no AND lg.y = yr.y
WHERE yr.longest_spell > $max_consecutive_workdays OR yr.absent_workdays > $max_workdays_per_year
ORDER BY subject_key
