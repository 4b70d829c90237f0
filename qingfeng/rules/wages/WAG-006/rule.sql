-- In a month with payroll, attending workers without a pay line for that month.
WITH attended AS (
    SELECT DISTINCT project_code, department_code, make_date(year(work_month), month(work_month), 1) AS month_start, worker_no
    FROM site_attendance
    WHERE days > 0
),
paid AS (
    SELECT DISTINCT project_code, make_date(year(pay_month), month(pay_month), 1) AS month_start, worker_no
    FROM wage_payroll
),
paid_months AS (
    SELECT DISTINCT project_code, month_start FROM paid
),
marked AS (
    SELECT a.project_code, a.department_code, a.month_start, a.worker_no,
           CASE WHEN p.worker_no IS NULL THEN 1 ELSE 0 END AS unpaid
    FROM attended a
    JOIN paid_months m ON m.project_code = a.project_code AND m.month_start = a.month_start
    LEFT JOIN paid p ON p.project_code = a.project_code AND p.month_start = a.month_start AND p.worker_no = a.worker_no
)
SELECT
    project_code || '|' || CAST(year(month_start) AS VARCHAR) || '-' || lpad(CAST(month(month_start) AS VARCHAR), 2, '0')
        AS subject_key,
    min(department_code) AS department_code,
    project_code,
    month_start,
    count(*) AS attending,
    sum(unpaid) AS without_pay,
    CASE WHEN sum(unpaid) >= CAST($red_share AS DECIMAL(9, 4)) * count(*) THEN 'red' ELSE 'yellow' END AS level
FROM marked
GROUP BY project_code, month_start
HAVING sum(unpaid) > 0
