-- A project-month whose payroll averages under the floor per paid worker (sum < floor × workers).
SELECT
    project_code || '|' || CAST(year(make_date(year(pay_month), month(pay_month), 1)) AS VARCHAR) || '-'
        || lpad(CAST(month(pay_month) AS VARCHAR), 2, '0') AS subject_key,
    min(department_code) AS department_code,
    project_code,
    make_date(year(pay_month), month(pay_month), 1) AS month_start,
    count(DISTINCT worker_no) AS workers,
    sum(amount) AS total_pay
FROM wage_payroll
GROUP BY project_code, make_date(year(pay_month), month(pay_month), 1), year(pay_month), month(pay_month)
HAVING sum(amount) < CAST($monthly_floor AS DECIMAL(18, 2)) * count(DISTINCT worker_no)
