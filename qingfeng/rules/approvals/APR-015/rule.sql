-- 月末集中录入: a department-month whose staff-recorded events fall mostly in the last days of the month.
WITH recorded AS (
    SELECT
        e.department_code,
        year(e.recorded_at) AS year,
        month(e.recorded_at) AS month,
        date_diff('day', CAST(e.recorded_at AS DATE), last_day(CAST(e.recorded_at AS DATE))) < $last_days AS at_month_end
    FROM approval_events AS e
    WHERE e.event_type NOT IN ('apply', 'materials_supplied', 'withdraw')
)
SELECT
    r.department_code || '|' || CAST(r.year AS VARCHAR) || '-' || lpad(CAST(r.month AS VARCHAR), 2, '0') AS subject_key,
    r.department_code,
    r.year,
    r.month,
    count(*) AS events,
    count_if(r.at_month_end) AS month_end_events,
    round(CAST(count_if(r.at_month_end) AS DOUBLE) / count(*), 4) AS share
FROM recorded AS r
GROUP BY r.department_code, r.year, r.month
HAVING count(*) >= $min_events
   AND CAST(count_if(r.at_month_end) AS DECIMAL(18, 4)) >= CAST($share AS DECIMAL(9, 4)) * count(*)
