-- Attendance in month M with that month's pay first paid after the last day of M+1 (or still unpaid past it).
WITH worked AS (
    SELECT project_code, department_code, make_date(year(work_month), month(work_month), 1) AS month_start,
           count(DISTINCT worker_no) AS workers
    FROM site_attendance
    WHERE days > 0
    GROUP BY project_code, department_code, make_date(year(work_month), month(work_month), 1)
),
due AS (
    SELECT *, last_day(make_date(year(month_start) + CASE WHEN month(month_start) = 12 THEN 1 ELSE 0 END,
                                 CASE WHEN month(month_start) = 12 THEN 1 ELSE month(month_start) + 1 END, 1)) AS pay_by
    FROM worked
),
paid AS (
    SELECT project_code, make_date(year(pay_month), month(pay_month), 1) AS month_start, min(paid_on) AS first_paid_on
    FROM wage_payroll
    GROUP BY project_code, make_date(year(pay_month), month(pay_month), 1)
)
SELECT
    d.project_code || '|' || CAST(year(d.month_start) AS VARCHAR) || '-' || lpad(CAST(month(d.month_start) AS VARCHAR), 2, '0')
        AS subject_key,
    d.department_code,
    d.project_code,
    d.month_start,
    d.workers,
    d.pay_by,
    x.first_paid_on
FROM due d
JOIN projects p ON p.project_code = d.project_code
LEFT JOIN paid x ON x.project_code = d.project_code AND x.month_start = d.month_start
WHERE (x.first_paid_on IS NULL AND p.as_of > d.pay_by) OR x.first_paid_on > d.pay_by
