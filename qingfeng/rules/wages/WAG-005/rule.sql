-- One worker's pay on one project above the monthly limit in a month, or above the annual limit in a year.
SELECT
    project_code || '|' || worker_no || '|' || CAST(year(pay_month) AS VARCHAR) || '-'
        || lpad(CAST(month(pay_month) AS VARCHAR), 2, '0') AS subject_key,
    min(department_code) AS department_code,
    project_code,
    worker_no,
    'month' AS period,
    sum(amount) AS total_pay
FROM wage_payroll
GROUP BY project_code, worker_no, year(pay_month), month(pay_month)
HAVING sum(amount) > $monthly_limit
UNION ALL
SELECT
    project_code || '|' || worker_no || '|' || CAST(year(pay_month) AS VARCHAR) AS subject_key,
    min(department_code) AS department_code,
    project_code,
    worker_no,
    'year' AS period,
    sum(amount) AS total_pay
FROM wage_payroll
GROUP BY project_code, worker_no, year(pay_month)
HAVING sum(amount) > $annual_limit
