-- Every whole month of construction needs at least one labour-cost transfer into the wage account.
WITH months AS (
    SELECT DISTINCT make_date(year(day), month(day), 1) AS month_start FROM calendar
),
live AS (
    SELECT project_code, department_code, make_date(year(started_on), month(started_on), 1) AS start_month,
           make_date(year(coalesce(accepted_on, as_of)), month(coalesce(accepted_on, as_of)), 1) AS until_month
    FROM projects
    WHERE started_on IS NOT NULL
),
due AS (
    SELECT l.project_code, l.department_code, m.month_start
    FROM live l
    JOIN months m ON m.month_start > l.start_month AND m.month_start < l.until_month
),
paid AS (
    SELECT project_code, make_date(year(paid_on), month(paid_on), 1) AS month_start, sum(amount) AS amount
    FROM wage_transfers
    GROUP BY project_code, make_date(year(paid_on), month(paid_on), 1)
)
SELECT
    d.project_code || '|' || CAST(year(d.month_start) AS VARCHAR) || '-' || lpad(CAST(month(d.month_start) AS VARCHAR), 2, '0')
        AS subject_key,
    d.department_code,
    d.project_code,
    d.month_start
FROM due d
LEFT JOIN paid p ON p.project_code = d.project_code AND p.month_start = d.month_start
WHERE p.project_code IS NULL
